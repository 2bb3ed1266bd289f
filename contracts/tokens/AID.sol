// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IAID} from "../interfaces/IAID.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title AID
/// @notice The AI Dollar: ERC-20 with EIP-2612 permit, 18 decimals, non-rebasing. Only `MINTER_ROLE` (the Reserve)
/// mints and burns.
/// @dev The admin (a timelock in production) grants `MINTER_ROLE` to the Reserve after deployment. The admin role
/// itself moves in two steps with a `ADMIN_TRANSFER_DELAY` wait (`RoleManaged`).
contract AID is IAID, ERC20, ERC20Permit, RoleManaged {
    /// @inheritdoc IAID
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice Delay before a scheduled transfer of the admin role can be accepted.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE` (grants `MINTER_ROLE` to the Reserve).
    constructor(address admin)
        ERC20("AI Dollar", "AID")
        ERC20Permit("AI Dollar")
        RoleManaged(ADMIN_TRANSFER_DELAY, admin)
    {}

    /// @inheritdoc IAID
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IAID
    function burn(address from, uint256 amount) external onlyRole(MINTER_ROLE) {
        // Burning someone else's tokens needs their consent, exactly like `transferFrom`: a minter cannot burn a
        // holder's balance without an allowance (or permit) from that holder.
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
    }
}
