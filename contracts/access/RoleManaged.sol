// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";

/// @title RoleManaged
/// @notice Shared access-control base of every AID Protocol contract: OpenZeppelin role-based access with a
/// two-step, delayed transfer of the admin role (`beginDefaultAdminTransfer` → wait `defaultAdminDelay` →
/// `acceptDefaultAdminTransfer`).
/// @dev Renouncing an operational role is disabled: a role holder that renounces would silently remove a
/// restriction or a duty (a guardian that can no longer pause, a keeper that vanishes). Roles are revoked by the
/// admin only, so every removal is an admin decision with its `RoleRevoked` event. The admin role keeps OZ's own
/// two-step renounce rules.
abstract contract RoleManaged is AccessControlDefaultAdminRules {
    /// @notice Thrown when a holder tries to renounce an operational role.
    error RenounceDisabled(bytes32 role);

    /// @param initialDelay Delay in seconds before a scheduled admin transfer can be accepted.
    /// @param initialAdmin Holder of `DEFAULT_ADMIN_ROLE` (a timelock in production).
    constructor(uint48 initialDelay, address initialAdmin) AccessControlDefaultAdminRules(initialDelay, initialAdmin) {}

    /// @inheritdoc AccessControlDefaultAdminRules
    function renounceRole(bytes32 role, address account) public virtual override {
        if (role != DEFAULT_ADMIN_ROLE) revert RenounceDisabled(role);
        super.renounceRole(role, account);
    }
}
