// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IMorphoOracleAdapter} from "../interfaces/IMorphoOracleAdapter.sol";
import {IReserve} from "../interfaces/IReserve.sol";
import {IOracle} from "@morpho-blue/interfaces/IOracle.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title MorphoOracleAdapter
/// @notice Morpho Blue oracle for sAID/USDC, AID/USDC and USDC/AID (one contract, parameterised): vault rate through a
/// growth cap, per-feed staleness, guardian pause, MARKET or FUNDAMENTAL AID price.
/// @dev The price is one exact rational, floored once: direct `rate × A × 10^e / U`, inverse `U × 10^e / A`, where
/// `A`/`U` are the raw AID/USD and stable/USD answers and `e` folds every decimals term (tokens, vault asset, vault
/// sample, feeds, Morpho's 1e36). A negative `e` divides instead. Flooring values collateral down (the protocol's
/// side for lenders).
contract MorphoOracleAdapter is IMorphoOracleAdapter, RoleManaged {
    /// @notice Pauses and unpauses `price()`.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice Delay before a scheduled admin transfer can be accepted.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;
    uint256 public constant MAX_APR_BPS = 20_000;
    uint256 public constant MIN_MAX_AGE = 1 minutes;
    uint256 public constant MAX_MAX_AGE = 7 days;
    /// @notice Largest accepted decimals of a token or feed.
    uint256 public constant MAX_DECIMALS = 36;
    /// @notice Largest accepted |exponent| of the folded scale (10^70 < 2^256).
    int256 public constant MAX_SCALE_EXPONENT = 70;
    /// @notice Decimals of the AID price in FUNDAMENTAL mode (collateral ratio scale).
    uint8 public constant FUNDAMENTAL_DECIMALS = 18;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;

    /// @notice The vault whose shares are the collateral (0 if none).
    IERC4626 public immutable VAULT;
    /// @notice Shares converted by `convertToAssets` to read the rate (10^max(vault decimals, 18)).
    uint256 public immutable VAULT_SAMPLE;
    bool public immutable INVERSE;
    IAggregatorV3 public immutable AID_USD_FEED;
    IAggregatorV3 public immutable STABLE_USD_FEED;
    IReserve public immutable RESERVE;
    address public immutable COLLATERAL_TOKEN;
    address public immutable LOAN_TOKEN;
    /// @notice Folded scale `10^e` as numerator/denominator (one of them is 1), MARKET mode.
    uint256 public immutable SCALE_NUM_MARKET;
    uint256 public immutable SCALE_DEN_MARKET;
    /// @notice Folded scale for FUNDAMENTAL mode (AID price with 18 decimals).
    uint256 public immutable SCALE_NUM_FUNDAMENTAL;
    uint256 public immutable SCALE_DEN_FUNDAMENTAL;
    uint8 internal immutable AID_FEED_DECIMALS;

    /// @dev Read by every `price()`: one slot.
    struct Config {
        Mode mode;
        bool paused;
        uint32 maxAprBps;
        uint32 aidUsdMaxAge;
        uint32 stableUsdMaxAge;
    }

    /// @dev Growth-cap checkpoint: one slot.
    struct RateCheckpoint {
        uint192 rate;
        uint64 timestamp;
    }

    Config internal _config;
    RateCheckpoint internal _checkpoint;

    /// @param p See `IMorphoOracleAdapter.Params`.
    constructor(Params memory p) RoleManaged(ADMIN_TRANSFER_DELAY, p.admin) {
        if (
            p.guardian == address(0) || p.collateralToken == address(0) || p.loanToken == address(0)
                || p.aidUsdFeed == address(0) || p.stableUsdFeed == address(0) || p.reserve == address(0)
        ) revert ZeroAddress();
        if (p.vault != address(0) && (p.inverse || p.collateralToken != p.vault)) revert InvalidVault(p.vault);

        VAULT = IERC4626(p.vault);
        INVERSE = p.inverse;
        AID_USD_FEED = IAggregatorV3(p.aidUsdFeed);
        STABLE_USD_FEED = IAggregatorV3(p.stableUsdFeed);
        RESERVE = IReserve(p.reserve);
        COLLATERAL_TOKEN = p.collateralToken;
        LOAN_TOKEN = p.loanToken;

        // Every decimals term is read from the contracts themselves, never typed in.
        AID_FEED_DECIMALS = AID_USD_FEED.decimals();
        (int256 marketExponent, int256 fundamentalExponent, uint256 sampleDecimals) = _exponents(p);
        VAULT_SAMPLE = 10 ** sampleDecimals;
        (SCALE_NUM_MARKET, SCALE_DEN_MARKET) = _scale(marketExponent);
        (SCALE_NUM_FUNDAMENTAL, SCALE_DEN_FUNDAMENTAL) = _scale(fundamentalExponent);

        _setMode(p.mode);
        _setMaxAges(p.aidUsdMaxAge, p.stableUsdMaxAge);
        _setMaxApr(p.maxAprBps);
        _grantRole(GUARDIAN_ROLE, p.guardian);

        if (p.vault != address(0)) {
            uint256 rate = VAULT.convertToAssets(VAULT_SAMPLE);
            _checkpoint = RateCheckpoint({rate: SafeCast.toUint192(rate), timestamp: uint64(block.timestamp)});
            emit RatePoked(msg.sender, rate, rate, block.timestamp);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Price
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOracle
    function price() external view returns (uint256 p) {
        Config memory config = _config;
        if (config.paused) revert OraclePaused();
        (uint256 aid, uint256 num, uint256 den) = _aidPriceAndScale(config);
        uint256 stable = _read(STABLE_USD_FEED, config.stableUsdMaxAge);
        if (INVERSE) {
            p = Math.mulDiv(stable, num, aid * den);
        } else {
            uint256 rate = address(VAULT) == address(0) ? 1 : _cappedRate(config.maxAprBps);
            p = Math.mulDiv(rate * aid, num, stable * den);
        }
        if (p == 0) revert ZeroPrice();
    }

    /// @inheritdoc IMorphoOracleAdapter
    function aidPrice() external view returns (uint256 answer, uint8 aidDecimals) {
        Config memory config = _config;
        (answer,,) = _aidPriceAndScale(config);
        aidDecimals = config.mode == Mode.MARKET ? AID_FEED_DECIMALS : FUNDAMENTAL_DECIMALS;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Vault rate growth cap
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMorphoOracleAdapter
    function poke() external returns (uint256 rate) {
        if (address(VAULT) == address(0)) return 0;
        return _poke();
    }

    /// @inheritdoc IMorphoOracleAdapter
    function vaultRate() external view returns (uint256) {
        if (address(VAULT) == address(0)) return 0;
        return _cappedRate(_config.maxAprBps);
    }

    /// @inheritdoc IMorphoOracleAdapter
    function rateCap() external view returns (uint256) {
        return _rateCap(_config.maxAprBps);
    }

    /// @inheritdoc IMorphoOracleAdapter
    function lastRate() external view returns (uint256) {
        return _checkpoint.rate;
    }

    /// @inheritdoc IMorphoOracleAdapter
    function lastRateTimestamp() external view returns (uint256) {
        return _checkpoint.timestamp;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Config views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMorphoOracleAdapter
    function mode() external view returns (Mode) {
        return _config.mode;
    }

    /// @inheritdoc IMorphoOracleAdapter
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @inheritdoc IMorphoOracleAdapter
    function maxAprBps() external view returns (uint256) {
        return _config.maxAprBps;
    }

    /// @inheritdoc IMorphoOracleAdapter
    function aidUsdMaxAge() external view returns (uint256) {
        return _config.aidUsdMaxAge;
    }

    /// @inheritdoc IMorphoOracleAdapter
    function stableUsdMaxAge() external view returns (uint256) {
        return _config.stableUsdMaxAge;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Admin and guardian
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMorphoOracleAdapter
    function setMode(Mode newMode) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMode(newMode);
    }

    /// @inheritdoc IMorphoOracleAdapter
    function setPaused(bool newPaused) external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && (newPaused || !hasRole(DEFAULT_ADMIN_ROLE, msg.sender))) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
        _config.paused = newPaused;
        emit PausedSet(msg.sender, newPaused);
    }

    /// @inheritdoc IMorphoOracleAdapter
    function setMaxApr(uint256 newMaxAprBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        // Checkpoint under the old cap so the new one is not applied retroactively.
        if (address(VAULT) != address(0)) _poke();
        _setMaxApr(newMaxAprBps);
    }

    /// @inheritdoc IMorphoOracleAdapter
    function setMaxAges(uint256 newAidUsdMaxAge, uint256 newStableUsdMaxAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxAges(newAidUsdMaxAge, newStableUsdMaxAge);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev AID price (raw) and the scale of the current mode.
    function _aidPriceAndScale(Config memory config) internal view returns (uint256 aid, uint256 num, uint256 den) {
        if (config.mode == Mode.MARKET) {
            return (_read(AID_USD_FEED, config.aidUsdMaxAge), SCALE_NUM_MARKET, SCALE_DEN_MARKET);
        }
        uint256 ratio = RESERVE.collateralRatio();
        if (ratio == 0) revert ZeroCollateralRatio();
        return (Math.min(ratio, 1e18), SCALE_NUM_FUNDAMENTAL, SCALE_DEN_FUNDAMENTAL);
    }

    /// @dev Latest answer of `feed`, checked: positive, not from the future, not older than `maxAge`.
    function _read(IAggregatorV3 feed, uint256 maxAge) internal view returns (uint256) {
        (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        if (answer < 1) revert NonPositiveAnswer(address(feed), answer);
        // forge-lint: disable-next-line(block-timestamp)
        if (updatedAt > block.timestamp) revert FutureTimestamp(address(feed), updatedAt);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp - updatedAt > maxAge) revert StalePrice(address(feed), updatedAt, maxAge);
        return SafeCast.toUint256(answer);
    }

    /// @dev `lastRate × (1 + maxApr × dt / year)`, rounded down.
    function _rateCap(uint256 maxApr) internal view returns (uint256) {
        RateCheckpoint memory c = _checkpoint;
        uint256 growth = Math.mulDiv(c.rate, maxApr * (block.timestamp - c.timestamp), BPS * YEAR);
        return c.rate + growth;
    }

    /// @dev `min(actual, cap)`: growth beyond the cap is ignored, a fall passes through.
    function _cappedRate(uint256 maxApr) internal view returns (uint256) {
        return Math.min(VAULT.convertToAssets(VAULT_SAMPLE), _rateCap(maxApr));
    }

    function _poke() internal returns (uint256 rate) {
        uint256 actual = VAULT.convertToAssets(VAULT_SAMPLE);
        rate = Math.min(actual, _rateCap(_config.maxAprBps));
        _checkpoint = RateCheckpoint({rate: SafeCast.toUint192(rate), timestamp: uint64(block.timestamp)});
        emit RatePoked(msg.sender, rate, actual, block.timestamp);
    }

    function _setMode(Mode newMode) internal {
        _config.mode = newMode;
        emit ModeSet(newMode);
    }

    function _setMaxApr(uint256 newMaxAprBps) internal {
        if (newMaxAprBps == 0 || newMaxAprBps > MAX_APR_BPS) {
            revert ParameterOutOfBounds(newMaxAprBps, 1, MAX_APR_BPS);
        }
        _config.maxAprBps = SafeCast.toUint32(newMaxAprBps);
        emit MaxAprSet(newMaxAprBps);
    }

    function _setMaxAges(uint256 newAidUsdMaxAge, uint256 newStableUsdMaxAge) internal {
        if (newAidUsdMaxAge < MIN_MAX_AGE || newAidUsdMaxAge > MAX_MAX_AGE) {
            revert ParameterOutOfBounds(newAidUsdMaxAge, MIN_MAX_AGE, MAX_MAX_AGE);
        }
        if (newStableUsdMaxAge < MIN_MAX_AGE || newStableUsdMaxAge > MAX_MAX_AGE) {
            revert ParameterOutOfBounds(newStableUsdMaxAge, MIN_MAX_AGE, MAX_MAX_AGE);
        }
        _config.aidUsdMaxAge = SafeCast.toUint32(newAidUsdMaxAge);
        _config.stableUsdMaxAge = SafeCast.toUint32(newStableUsdMaxAge);
        emit MaxAgesSet(newAidUsdMaxAge, newStableUsdMaxAge);
    }

    /// @dev Exponents of the folded scale in MARKET and FUNDAMENTAL mode, and the vault sample's decimals.
    function _exponents(Params memory p)
        internal
        view
        returns (int256 marketExponent, int256 fundamentalExponent, uint256 sampleDecimals)
    {
        int256 collateralDecimals = _decimals(IERC20Metadata(p.collateralToken).decimals());
        int256 loanDecimals = _decimals(IERC20Metadata(p.loanToken).decimals());
        int256 aidFeedDecimals = _decimals(IAggregatorV3(p.aidUsdFeed).decimals());
        int256 stableFeedDecimals = _decimals(IAggregatorV3(p.stableUsdFeed).decimals());
        int256 fundamentalDecimals = _decimals(FUNDAMENTAL_DECIMALS);
        if (p.inverse) {
            // price = 1e36 × (U / 10^fU) / (A / 10^fA) × 10^dLoan / 10^dColl
            int256 base = 36 + loanDecimals - collateralDecimals - stableFeedDecimals;
            return (base + aidFeedDecimals, base + fundamentalDecimals, 0);
        }
        // price = 1e36 × (conv(S) / S) × (A / 10^fA) / (U / 10^fU) × 10^dLoan / 10^dAsset, where the vault's asset
        // decimals (not the share's) price the converted amount (Morpho's README warning).
        int256 assetDecimals = collateralDecimals;
        if (p.vault != address(0)) {
            assetDecimals = _decimals(IERC20Metadata(IERC4626(p.vault).asset()).decimals());
            sampleDecimals = Math.max(SafeCast.toUint256(collateralDecimals), 18);
        }
        int256 base_ = 36 + loanDecimals + stableFeedDecimals - assetDecimals - SafeCast.toInt256(sampleDecimals);
        return (base_ - aidFeedDecimals, base_ - fundamentalDecimals, sampleDecimals);
    }

    function _decimals(uint8 d) internal pure returns (int256) {
        if (d > MAX_DECIMALS) revert DecimalsOutOfRange(d);
        return SafeCast.toInt256(d);
    }

    /// @dev `10^e` as (numerator, denominator).
    function _scale(int256 e) internal pure returns (uint256 num, uint256 den) {
        if (e > MAX_SCALE_EXPONENT || e < -MAX_SCALE_EXPONENT) revert ScaleOutOfRange(e);
        if (e < 0) return (1, 10 ** SafeCast.toUint256(-e));
        return (10 ** SafeCast.toUint256(e), 1);
    }
}
