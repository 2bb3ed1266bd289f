// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IInsuranceFund
/// @notice First-loss capital in AID. The Reserve draws on it before any loss reaches sAID holders.
interface IInsuranceFund {
    event LossCovered(address indexed reserve, uint256 requested, uint256 covered);
    event FundsReleased(address indexed to, uint256 amount);

    error ZeroAddress();
    error ZeroAmount();

    /// @notice Sends `min(loss, balance)` AID to the caller and returns it. Only the RESERVE role.
    function cover(uint256 loss) external returns (uint256 covered);

    /// @notice Admin withdrawal (e.g. to recapitalise elsewhere); emits `FundsReleased`.
    function release(address to, uint256 amount) external;

    /// @notice AID available to cover losses.
    function available() external view returns (uint256);
}
