// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IYieldDistributor
/// @notice Holds the AID the Reserve mints for realised deal income (net of fees) and feeds it into sAID's vesting
/// schedule. The yield keeper calls `distribute` when the previous vesting ended.
interface IYieldDistributor {
    event YieldForwarded(address indexed keeper, uint256 amount, uint256 remaining);
    event MinDistributionSet(uint256 minDistribution);

    error NothingToDistribute(uint256 distributable, uint256 minDistribution);
    error ZeroAddress();
    /// @notice The vault's asset is not the AID token given to the constructor.
    error AssetMismatch(address vaultAsset, address aid);
    error ParameterOutOfBounds(uint256 value, uint256 min, uint256 max);

    /// @notice Distributes `min(balance, vault.maxYield())` into the vault. Only the KEEPER role. Reverts when that
    /// is below `minDistribution` or the vault is still vesting. Returns the amount distributed.
    function distribute() external returns (uint256 amount);

    /// @notice What `distribute` would send now (0 while the vault is still vesting).
    function distributable() external view returns (uint256);

    function pendingYield() external view returns (uint256);
    function minDistribution() external view returns (uint256);
    function setMinDistribution(uint256 newMinDistribution) external;
}
