// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IInsuranceFund} from "../interfaces/IInsuranceFund.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title InsuranceFund
/// @notice First-loss capital in AID. The Reserve mints a cut of every performance fee here and draws on it
/// (`cover`) before any loss reaches sAID holders; the Reserve burns what it receives.
/// @dev `available()` is the AID balance: AID sent here by anyone (e.g. a recapitalisation) is first-loss capital
/// by intent, so there is no internal accounting to protect.
contract InsuranceFund is IInsuranceFund, RoleManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The Reserve: draws cover.
    bytes32 public constant RESERVE_ROLE = keccak256("RESERVE_ROLE");
    /// @notice Delay of a two-step admin transfer.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;

    /// @notice The AID token.
    IERC20 public immutable aid;

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE`.
    /// @param aid_ The AID token.
    constructor(address admin, IERC20 aid_) RoleManaged(ADMIN_TRANSFER_DELAY, admin) {
        if (address(aid_) == address(0)) revert ZeroAddress();
        aid = aid_;
    }

    /// @inheritdoc IInsuranceFund
    /// @dev `cover(0)` returns 0 without reverting so a zero-loss write-down never fails on the fund.
    function cover(uint256 loss) external onlyRole(RESERVE_ROLE) nonReentrant returns (uint256 covered) {
        uint256 balance = aid.balanceOf(address(this));
        covered = loss < balance ? loss : balance;

        emit LossCovered(msg.sender, loss, covered);

        if (covered != 0) aid.safeTransfer(msg.sender, covered);
    }

    /// @inheritdoc IInsuranceFund
    function release(address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();

        emit FundsReleased(to, amount);

        aid.safeTransfer(to, amount);
    }

    /// @inheritdoc IInsuranceFund
    function available() external view returns (uint256) {
        return aid.balanceOf(address(this));
    }
}
