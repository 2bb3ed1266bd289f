// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IAID
/// @notice AID, the AI Dollar: ERC-20 + EIP-2612, 18 decimals, non-rebasing. Only holders of `MINTER_ROLE`
/// (the Reserve) mint and burn. Mints and burns are visible as ERC-20 `Transfer` events from/to address(0).
interface IAID is IERC20 {
    /// @notice Role allowed to mint and burn (the Reserve).
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Mints `amount` AID to `to`. Only `MINTER_ROLE`.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` AID from `from`. Only `MINTER_ROLE`. When `from != msg.sender` the minter's
    /// allowance from `from` is spent (so a user approves or permits the Reserve before redeeming).
    function burn(address from, uint256 amount) external;
}
