// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/// @title IStakedAID
/// @notice sAID: an ERC-4626 vault over any ERC-20 asset (AID in deployment) with internal accounting
/// (donations change nothing), linear vesting of distributed yield, loss reporting, and an ERC-7540-style
/// asynchronous epoch exit.
///
/// Accounting: `totalAssets() = storedAssets − unvestedYield(now)`. AID that belongs to settled exit requests
/// (`claimableAssets`) is held by the vault but is outside `totalAssets`.
///
/// Exit: `requestRedeem` escrows shares into the open epoch (the one `settleEpoch` will settle next). Once the
/// epoch's end passed, anyone calls `settleEpoch`: all queued shares (new and carried) are priced at the exit rate
/// (`convertToAssets` at settlement) and filled pro-rata up to `maxEpochExitBps` of `totalAssets`; filled shares
/// are burned and their assets set aside; unfilled shares carry to the next epoch. `claim` pays filled assets.
/// While `exitEpochDuration > 0` synchronous `withdraw`/`redeem` revert with `AsyncExitOnly` and
/// `maxWithdraw`/`maxRedeem` return 0; with `exitEpochDuration == 0` they behave as plain ERC-4626.
interface IStakedAID is IERC4626 {
    /// @notice Emitted when yield starts vesting.
    event YieldDistributed(address indexed caller, uint256 amount, uint256 vestingEnd);
    /// @notice Emitted when a loss lowers `totalAssets` (the exchange rate falls). `amount` AID leaves the vault to
    /// `recipient` (the Reserve, which burns it).
    event LossReported(address indexed reporter, address indexed recipient, uint256 amount, uint256 unvestedCancelled);
    /// @notice Emitted when `owner`'s shares are escrowed for exit under `controller` in epoch `epoch`.
    event RedeemRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares
    );
    /// @notice Emitted when an epoch settles.
    event EpochSettled(
        uint256 indexed epoch, uint256 queuedShares, uint256 filledShares, uint256 filledAssets, uint256 exitRate
    );
    /// @notice Emitted when `controller` claims filled assets to `receiver`.
    event ExitClaimed(address indexed controller, address indexed receiver, uint256 assets);
    event VestingPeriodSet(uint256 vestingPeriod);
    event MaxAprSet(uint256 maxAprBps);
    event ExitEpochDurationSet(uint256 exitEpochDuration);
    event MaxEpochExitSet(uint256 maxEpochExitBps);
    /// @notice Emitted once, when the admin seeds the vault with dead shares (minted to `DEAD_ADDRESS`).
    event Seeded(address indexed caller, uint256 assets, uint256 shares);

    error ZeroAmount();
    error ZeroAddress();
    /// @notice Synchronous exit is disabled while an exit delay is configured: use `requestRedeem`.
    error AsyncExitOnly();
    error StillVesting(uint256 unvested);
    error YieldTooHigh(uint256 amount, uint256 maxAmount);
    error LossTooHigh(uint256 amount, uint256 maxLoss);
    error EpochNotEnded(uint256 epoch, uint256 endsAt);
    error NothingToClaim();
    error NotAuthorized(address caller, address owner);
    error ParameterOutOfBounds(uint256 value, uint256 min, uint256 max);
    /// @notice Deposits and mints are disabled until the admin called `seed`.
    error NotSeeded();
    /// @notice `seed` can be called once only.
    error AlreadySeeded();
    /// @notice The asset delivered less than the amount asked (fee-on-transfer assets are not supported).
    error TransferShortfall(uint256 expected, uint256 received);

    /// @notice Role allowed to call `distributeYield` (the YieldDistributor).
    function YIELD_ROLE() external view returns (bytes32);

    /// @notice Role allowed to call `reportLoss` (the Reserve).
    function LOSS_REPORTER_ROLE() external view returns (bytes32);

    /// @notice Deposits `assets` from the caller and mints the shares to `0x…dEaD` (dead shares against the
    /// inflation attack). Only the admin, once; deposits and mints revert `NotSeeded` before it.
    function seed(uint256 assets) external returns (uint256 shares);

    /// @notice Whether `seed` was called.
    function seeded() external view returns (bool);

    /// @notice Pulls `amount` asset from the caller and vests it linearly over `vestingPeriod`. Only the YIELD
    /// role. Reverts while a previous distribution is still vesting, and when the distribution would raise the
    /// rate faster than `maxAprBps` per year (`amount ≤ maxYield()`).
    function distributeYield(uint256 amount) external;

    /// @notice Largest `distributeYield` amount accepted now.
    function maxYield() external view returns (uint256);

    /// @notice Yield not vested yet.
    function unvestedYield() external view returns (uint256);

    /// @notice End of the current vesting schedule (0 before the first distribution).
    function vestingEnd() external view returns (uint256);

    /// @notice Lowers `totalAssets` by `amount` (unvested yield is cancelled first) and sends `amount` asset to
    /// the caller. Only the LOSS_REPORTER role (the Reserve).
    function reportLoss(uint256 amount) external;

    /// @notice ERC-7540: escrows `shares` of `owner` for exit under `controller`. Returns request id 0 (requests
    /// of a controller are fungible). The caller must be `owner` or hold an allowance from it.
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);

    /// @notice Settles the open epoch once it ended. Permissionless.
    function settleEpoch() external;

    /// @notice Pays `controller`'s filled assets to `receiver`. Caller must be `controller`.
    function claim(address controller, address receiver) external returns (uint256 assets);

    /// @notice ERC-7540: shares of `controller` still waiting to be filled.
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice ERC-7540: assets of `controller` filled and claimable.
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256 assets);

    /// @notice Epoch that `settleEpoch` settles next, and the timestamp from which it can be settled.
    function openEpoch() external view returns (uint256 epoch, uint256 endsAt);

    function vestingPeriod() external view returns (uint256);
    function maxAprBps() external view returns (uint256);
    function exitEpochDuration() external view returns (uint256);
    function maxEpochExitBps() external view returns (uint256);
    /// @notice Total shares escrowed and not yet filled.
    function totalPendingShares() external view returns (uint256);
    /// @notice Assets set aside for filled, unclaimed exits (outside `totalAssets`).
    function claimableAssets() external view returns (uint256);

    function setVestingPeriod(uint256 newVestingPeriod) external;
    function setMaxApr(uint256 newMaxAprBps) external;
    function setExitEpochDuration(uint256 newDuration) external;
    function setMaxEpochExit(uint256 newMaxEpochExitBps) external;
}
