// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOracle} from "@morpho-blue/interfaces/IOracle.sol";

/// @title IMorphoOracleAdapter
/// @notice Morpho Blue `IOracle` for the AID markets: prices an "AID side" (AID, or an ERC-4626 vault over AID such
/// as sAID) against a "USD side" stablecoin (USDC), in either direction.
///
/// - Direct (`inverse == false`, collateral = AID side, loan = stablecoin):
///   `price = 1e36 × rate × AID/USD ÷ STABLE/USD`, decimals-adjusted, where `rate` is the vault's assets per share
///   (1 without a vault).
/// - Inverse (`inverse == true`, collateral = stablecoin, loan = AID): `price = 1e36 × STABLE/USD ÷ AID/USD`.
///
/// `price()` is the price of one raw unit of collateral in raw units of loan token, scaled by 1e36 (Morpho's
/// convention: `36 + loanDecimals − collateralDecimals` decimals). The decimals of both tokens, of the vault's asset
/// and of both feeds are read on-chain in the constructor and folded into one exact power-of-ten scale, so a
/// hand-entered decimals mistake (Morpho PAXG/USDC, Oct 2024) cannot happen.
///
/// Safety:
/// - Vault rate growth cap: the rate used is `min(actual, cap)` with
///   `cap = lastRate × (1 + maxAprBps × (now − lastRateTimestamp) / (10_000 × 365 days))`; `poke()` (anyone) records
///   the capped rate. A donation or an oversized yield step cannot lift the price faster than `maxAprBps` per year;
///   a drop (loss) passes through at once.
/// - Every feed read reverts on a non-positive answer, a future timestamp or an age above that feed's max age; a
///   revert makes Morpho halt borrows and liquidations on the market instead of using a bad price.
/// - GUARDIAN pause: `price()` reverts while paused.
/// - Modes (admin): `MARKET` reads AID/USD from its push feed; `FUNDAMENTAL` prices AID at 1 USD while
///   `IReserve.collateralRatio() ≥ 1e18`, else at the ratio (AID/USD feed not read).
interface IMorphoOracleAdapter is IOracle {
    enum Mode {
        MARKET,
        FUNDAMENTAL
    }

    /// @notice Constructor parameters.
    struct Params {
        /// @dev Holder of DEFAULT_ADMIN_ROLE (mode, max ages, max APR; may unpause).
        address admin;
        /// @dev Holder of GUARDIAN_ROLE (pause and unpause).
        address guardian;
        /// @dev Morpho collateral token (the vault itself when `vault != 0`).
        address collateralToken;
        /// @dev Morpho loan token.
        address loanToken;
        /// @dev ERC-4626 vault whose shares are the collateral (0 when the collateral is not a vault share).
        address vault;
        /// @dev False: collateral = AID side, loan = stablecoin. True: collateral = stablecoin, loan = AID.
        bool inverse;
        /// @dev AID/USD push feed (AggregatorV3).
        address aidUsdFeed;
        /// @dev Stablecoin/USD push feed (AggregatorV3).
        address stableUsdFeed;
        /// @dev Reserve read in FUNDAMENTAL mode.
        address reserve;
        uint32 aidUsdMaxAge;
        uint32 stableUsdMaxAge;
        uint32 maxAprBps;
        Mode mode;
    }

    /// @notice Emitted by `poke` (and before a max APR change): the rate recorded and the vault's actual rate.
    event RatePoked(address indexed caller, uint256 recordedRate, uint256 actualRate, uint256 timestamp);
    event ModeSet(Mode mode);
    event PausedSet(address indexed caller, bool paused);
    event MaxAprSet(uint256 maxAprBps);
    event MaxAgesSet(uint256 aidUsdMaxAge, uint256 stableUsdMaxAge);

    error OraclePaused();
    error StalePrice(address feed, uint256 updatedAt, uint256 maxAge);
    error FutureTimestamp(address feed, uint256 updatedAt);
    error NonPositiveAnswer(address feed, int256 answer);
    error ZeroCollateralRatio();
    error ZeroPrice();
    error ZeroAddress();
    error ParameterOutOfBounds(uint256 value, uint256 min, uint256 max);
    /// @dev `collateralToken` must be the vault, and a vault is only supported on the collateral side.
    error InvalidVault(address vault);
    error DecimalsOutOfRange(uint256 decimals);
    error ScaleOutOfRange(int256 exponent);

    /// @notice Records `min(actual vault rate, cap)` as the new base of the growth cap. Permissionless. Returns the
    /// recorded rate. Without a vault it does nothing and returns 0.
    function poke() external returns (uint256 rate);

    /// @notice Vault assets per `VAULT_SAMPLE` shares as `price()` uses it now: `min(actual, cap)`.
    function vaultRate() external view returns (uint256);

    /// @notice Growth cap of the vault rate now.
    function rateCap() external view returns (uint256);

    /// @notice AID price in USD (`aidDecimals` decimals) as `price()` uses it in the current mode.
    function aidPrice() external view returns (uint256 answer, uint8 aidDecimals);

    function mode() external view returns (Mode);
    function paused() external view returns (bool);
    function maxAprBps() external view returns (uint256);
    function aidUsdMaxAge() external view returns (uint256);
    function stableUsdMaxAge() external view returns (uint256);
    /// @notice Vault rate recorded by the last `poke` (or the constructor).
    function lastRate() external view returns (uint256);
    function lastRateTimestamp() external view returns (uint256);

    /// @notice Sets the mode. Only the admin.
    function setMode(Mode newMode) external;
    /// @notice Pauses or unpauses. GUARDIAN_ROLE for both; the admin may only unpause.
    function setPaused(bool newPaused) external;
    /// @notice Sets the vault rate growth cap (checkpoints the rate under the old cap first). Only the admin.
    function setMaxApr(uint256 newMaxAprBps) external;
    /// @notice Sets the max age of each feed. Only the admin.
    function setMaxAges(uint256 newAidUsdMaxAge, uint256 newStableUsdMaxAge) external;
}
