// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IStakedAID} from "../interfaces/IStakedAID.sol";
import {IYieldDistributor} from "../interfaces/IYieldDistributor.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title YieldDistributor
/// @notice Holds the AID the Reserve mints as net deal income and feeds it into sAID's vesting schedule. Each
/// `distribute` sends `min(balance, vault.maxYield())` once the previous distribution has fully vested, so the
/// rate never rises faster than the vault's APR cap; the remainder waits for the next round.
/// @dev Must hold the vault's YIELD role. `pendingYield` is the AID balance: AID sent here by anyone is yield by
/// intent.
contract YieldDistributor is IYieldDistributor, RoleManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The yield keeper.
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");
    /// @notice Upper bound of `minDistribution` (AID, 18 decimals).
    uint256 public constant MAX_MIN_DISTRIBUTION = 1_000_000e18;
    /// @notice Delay of a two-step admin transfer.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;

    /// @notice The AID token (the vault's asset).
    IERC20 public immutable aid;
    /// @notice The sAID vault.
    IStakedAID public immutable vault;

    uint256 internal _minDistribution;

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE`.
    /// @param aid_ The AID token.
    /// @param vault_ The sAID vault (its asset must be `aid_`).
    constructor(address admin, IERC20 aid_, IStakedAID vault_) RoleManaged(ADMIN_TRANSFER_DELAY, admin) {
        if (address(aid_) == address(0) || address(vault_) == address(0)) revert ZeroAddress();
        if (vault_.asset() != address(aid_)) revert AssetMismatch(vault_.asset(), address(aid_));
        aid = aid_;
        vault = vault_;
    }

    /// @inheritdoc IYieldDistributor
    function distribute() external onlyRole(KEEPER_ROLE) nonReentrant returns (uint256 amount) {
        uint256 balance = aid.balanceOf(address(this));
        amount = _distributable(balance);
        uint256 min = _minDistribution;
        if (amount == 0 || amount < min) revert NothingToDistribute(amount, min);

        emit YieldForwarded(msg.sender, amount, balance - amount);

        aid.forceApprove(address(vault), amount);
        vault.distributeYield(amount);
    }

    /// @inheritdoc IYieldDistributor
    function setMinDistribution(uint256 newMinDistribution) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newMinDistribution > MAX_MIN_DISTRIBUTION) {
            revert ParameterOutOfBounds(newMinDistribution, 0, MAX_MIN_DISTRIBUTION);
        }
        _minDistribution = newMinDistribution;
        emit MinDistributionSet(newMinDistribution);
    }

    /// @inheritdoc IYieldDistributor
    function distributable() external view returns (uint256) {
        return _distributable(aid.balanceOf(address(this)));
    }

    /// @inheritdoc IYieldDistributor
    function pendingYield() external view returns (uint256) {
        return aid.balanceOf(address(this));
    }

    /// @inheritdoc IYieldDistributor
    function minDistribution() external view returns (uint256) {
        return _minDistribution;
    }

    /// @dev 0 while the vault is still vesting (by amount or by schedule end), else `min(balance, maxYield)`.
    function _distributable(uint256 balance) internal view returns (uint256) {
        if (vault.unvestedYield() != 0 || block.timestamp < vault.vestingEnd()) return 0;
        uint256 cap = vault.maxYield();
        return balance < cap ? balance : cap;
    }
}
