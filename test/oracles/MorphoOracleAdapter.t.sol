// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {MorphoOracleAdapterBase} from "./MorphoOracleAdapterBase.sol";
import {MockRateVault} from "./mocks/OracleMocks.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice Unit tests of MorphoOracleAdapter: constructor, prices of the three markets, staleness, modes, pause,
/// growth cap, setters and the access matrix.
contract MorphoOracleAdapterTest is MorphoOracleAdapterBase {
    // ---------------------------------------------------------------------------------------------------------------
    // Constructor
    // ---------------------------------------------------------------------------------------------------------------

    function test_constructor_state() public view {
        assertEq(address(sAidUsdc.VAULT()), address(vault), "vault");
        assertEq(sAidUsdc.VAULT_SAMPLE(), 1e18, "sample = 1 share");
        assertFalse(sAidUsdc.INVERSE(), "direct");
        assertEq(address(sAidUsdc.AID_USD_FEED()), address(aidFeed), "aid feed");
        assertEq(address(sAidUsdc.STABLE_USD_FEED()), address(usdcFeed), "usdc feed");
        assertEq(address(sAidUsdc.RESERVE()), address(reserve), "reserve");
        assertEq(sAidUsdc.COLLATERAL_TOKEN(), address(vault), "collateral");
        assertEq(sAidUsdc.LOAN_TOKEN(), address(usdc), "loan");
        // sAID/USDC: 36 + 6 (USDC) + 8 (fU) - 18 (AID) - 18 (sample) - 8 (fA) = 6
        assertEq(sAidUsdc.SCALE_NUM_MARKET(), 1e6, "market scale num");
        assertEq(sAidUsdc.SCALE_DEN_MARKET(), 1, "market scale den");
        // fundamental: fA = 18 → -4
        assertEq(sAidUsdc.SCALE_NUM_FUNDAMENTAL(), 1, "fundamental num");
        assertEq(sAidUsdc.SCALE_DEN_FUNDAMENTAL(), 1e4, "fundamental den");
        assertEq(uint256(sAidUsdc.mode()), uint256(IMorphoOracleAdapter.Mode.MARKET), "mode");
        assertFalse(sAidUsdc.paused(), "not paused");
        assertEq(sAidUsdc.maxAprBps(), MAX_APR, "max apr");
        assertEq(sAidUsdc.aidUsdMaxAge(), AID_MAX_AGE, "aid max age");
        assertEq(sAidUsdc.stableUsdMaxAge(), USDC_MAX_AGE, "usdc max age");
        assertEq(sAidUsdc.lastRate(), 1.05e18, "checkpoint rate");
        assertEq(sAidUsdc.lastRateTimestamp(), START, "checkpoint time");
        assertTrue(sAidUsdc.hasRole(sAidUsdc.GUARDIAN_ROLE(), guardian), "guardian");
        assertTrue(sAidUsdc.hasRole(sAidUsdc.DEFAULT_ADMIN_ROLE(), admin), "admin");
        // AID/USDC: 36 + 6 + 8 - 18 - 0 - 8 = 24 ; USDC/AID: 36 + 18 + 8 - 6 - 8 = 48
        assertEq(aidUsdc.SCALE_NUM_MARKET(), 1e24, "aid/usdc scale");
        assertEq(aidUsdc.VAULT_SAMPLE(), 1, "no vault sample");
        assertEq(usdcAid.SCALE_NUM_MARKET(), 1e48, "usdc/aid scale");
        assertEq(usdcAid.SCALE_NUM_FUNDAMENTAL(), 1e58, "usdc/aid fundamental scale");
        assertEq(aidUsdc.lastRate(), 0, "no checkpoint without vault");
    }

    function test_constructor_emitsEvents() public {
        vm.expectEmit(true, true, true, true);
        emit IMorphoOracleAdapter.ModeSet(IMorphoOracleAdapter.Mode.MARKET);
        vm.expectEmit(true, true, true, true);
        emit IMorphoOracleAdapter.MaxAgesSet(AID_MAX_AGE, USDC_MAX_AGE);
        vm.expectEmit(true, true, true, true);
        emit IMorphoOracleAdapter.MaxAprSet(MAX_APR);
        vm.expectEmit(true, true, true, true);
        emit IMorphoOracleAdapter.RatePoked(address(this), 1.05e18, 1.05e18, block.timestamp);
        new MorphoOracleAdapter(_params(address(vault), address(usdc), address(vault), false));
    }

    function test_constructor_revertsZeroAddresses() public {
        for (uint256 i; i < 6; ++i) {
            IMorphoOracleAdapter.Params memory p = _params(address(vault), address(usdc), address(vault), false);
            if (i == 0) p.guardian = address(0);
            if (i == 1) p.collateralToken = address(0);
            if (i == 2) p.loanToken = address(0);
            if (i == 3) p.aidUsdFeed = address(0);
            if (i == 4) p.stableUsdFeed = address(0);
            if (i == 5) p.reserve = address(0);
            vm.expectRevert(IMorphoOracleAdapter.ZeroAddress.selector);
            new MorphoOracleAdapter(p);
        }
    }

    function test_constructor_revertsVaultNotCollateral() public {
        IMorphoOracleAdapter.Params memory p = _params(address(aid), address(usdc), address(vault), false);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.InvalidVault.selector, address(vault)));
        new MorphoOracleAdapter(p);
    }

    function test_constructor_revertsVaultOnInverse() public {
        IMorphoOracleAdapter.Params memory p = _params(address(vault), address(usdc), address(vault), true);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.InvalidVault.selector, address(vault)));
        new MorphoOracleAdapter(p);
    }

    function test_constructor_revertsDecimalsOutOfRange() public {
        MockStablecoin weird = new MockStablecoin("Weird", "W", 37);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.DecimalsOutOfRange.selector, 37));
        new MorphoOracleAdapter(_params(address(weird), address(usdc), address(0), false));
    }

    function test_constructor_revertsScaleOutOfRange() public {
        // inverse: 36 + 36 (loan) + 36 (fA) - 0 (coll) - 0 (fU) = 108
        MockStablecoin big = new MockStablecoin("Big", "B", 36);
        MockStablecoin zero = new MockStablecoin("Zero", "Z", 0);
        MockFeed f36 = new MockFeed(36, 1e36);
        MockFeed f0 = new MockFeed(0, 1);
        IMorphoOracleAdapter.Params memory p =
            _paramsWith(address(zero), address(big), address(0), true, address(f36), address(f0));
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ScaleOutOfRange.selector, int256(108)));
        new MorphoOracleAdapter(p);
    }

    function test_constructor_revertsMaxAprOutOfBounds() public {
        IMorphoOracleAdapter.Params memory p = _params(address(vault), address(usdc), address(vault), false);
        p.maxAprBps = 0;
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 0, 1, 20_000));
        new MorphoOracleAdapter(p);
        p.maxAprBps = 20_001;
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 20_001, 1, 20_000));
        new MorphoOracleAdapter(p);
    }

    function test_constructor_revertsMaxAgeOutOfBounds() public {
        IMorphoOracleAdapter.Params memory p = _params(address(vault), address(usdc), address(vault), false);
        p.aidUsdMaxAge = 59;
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 59, 60, 7 days));
        new MorphoOracleAdapter(p);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Prices (MARKET)
    // ---------------------------------------------------------------------------------------------------------------

    function test_price_sAidUsdc() public view {
        // 1 sAID = 1.05 AID = 1.05 USD = 1.05 USDC → 1.05e6 USDC units per 1e18 sAID units → 1.05e6 × 1e36 / 1e18.
        assertEq(sAidUsdc.price(), 1.05e24, "sAID/USDC at par");
    }

    function test_price_aidUsdc() public view {
        assertEq(aidUsdc.price(), 1e24, "AID/USDC at par");
    }

    function test_price_usdcAid() public view {
        assertEq(usdcAid.price(), 1e48, "USDC/AID at par");
    }

    function test_price_aidMarketMoves() public {
        _setPrices(0.98e8, 1e8);
        assertEq(aidUsdc.price(), 0.98e24, "AID at 0.98");
        assertEq(sAidUsdc.price(), 1.029e24, "sAID = 1.05 x 0.98");
        assertEq(usdcAid.price(), uint256(1e48) * 1e8 / 0.98e8, "USDC buys 1/0.98 AID");
    }

    /// @dev USDC depeg: USDC at 0.95 USD makes AID worth more USDC and USDC worth less AID.
    function test_price_usdcDepeg() public {
        _setPrices(1e8, 0.95e8);
        assertEq(aidUsdc.price(), uint256(1e24) * 1e8 / 0.95e8, "AID/USDC = 1/0.95");
        assertEq(sAidUsdc.price(), uint256(1.05e24) * 1e8 / 0.95e8, "sAID/USDC = 1.05/0.95");
        assertEq(usdcAid.price(), 0.95e48, "USDC/AID = 0.95");
        // and an upward depeg
        _setPrices(1e8, 1.02e8);
        assertEq(usdcAid.price(), 1.02e48, "USDC/AID = 1.02");
        assertEq(aidUsdc.price(), uint256(1e24) * 1e8 / 1.02e8, "AID/USDC = 1/1.02");
    }

    function test_price_revertsZeroPrice() public {
        _setPrices(1, 1e30); // AID/USDC = 1e24 × 1 / 1e30 → 0
        vm.expectRevert(IMorphoOracleAdapter.ZeroPrice.selector);
        aidUsdc.price();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Feed checks
    // ---------------------------------------------------------------------------------------------------------------

    function test_price_staleAidFeedReverts() public {
        uint256 t = block.timestamp;
        vm.warp(t + AID_MAX_AGE);
        usdcFeed.set(1e8, block.timestamp);
        assertEq(aidUsdc.price(), 1e24, "exactly maxAge old is accepted");
        vm.warp(t + AID_MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(aidFeed), t, AID_MAX_AGE)
        );
        aidUsdc.price();
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(aidFeed), t, AID_MAX_AGE)
        );
        sAidUsdc.price();
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(aidFeed), t, AID_MAX_AGE)
        );
        usdcAid.price();
    }

    function test_price_staleUsdcFeedReverts() public {
        uint256 t = block.timestamp;
        vm.warp(t + USDC_MAX_AGE + 1);
        aidFeed.set(1e8, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(usdcFeed), t, USDC_MAX_AGE)
        );
        sAidUsdc.price();
    }

    function test_price_perFeedMaxAge() public {
        // The USDC feed 2 h old is fine (25 h max age) while the AID feed 2 h old is not (1 h).
        uint256 t = block.timestamp;
        vm.warp(t + 2 hours);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(aidFeed), t, AID_MAX_AGE)
        );
        aidUsdc.price();
        aidFeed.set(1e8, block.timestamp);
        assertEq(aidUsdc.price(), 1e24, "USDC feed within its own max age");
    }

    function test_price_futureTimestampReverts() public {
        aidFeed.set(1e8, block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.FutureTimestamp.selector, address(aidFeed), block.timestamp + 1)
        );
        aidUsdc.price();
    }

    function test_price_zeroAnswerReverts() public {
        aidFeed.set(0, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.NonPositiveAnswer.selector, address(aidFeed), int256(0))
        );
        aidUsdc.price();
    }

    function test_price_negativeAnswerReverts() public {
        usdcFeed.set(-1, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.NonPositiveAnswer.selector, address(usdcFeed), int256(-1))
        );
        usdcAid.price();
    }

    function test_price_emptyChainlinkFeedIsStale() public {
        MockFeed empty = new MockFeed(8, 1e8);
        empty.set(1e8, 0); // an OCR aggregator never written returns updatedAt = 0
        MorphoOracleAdapter a = new MorphoOracleAdapter(
            _paramsWith(address(aid), address(usdc), address(0), false, address(empty), address(usdcFeed))
        );
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(empty), 0, AID_MAX_AGE)
        );
        a.price();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Modes
    // ---------------------------------------------------------------------------------------------------------------

    function _fundamental(MorphoOracleAdapter a) internal {
        vm.expectEmit(true, true, true, true, address(a));
        emit IMorphoOracleAdapter.ModeSet(IMorphoOracleAdapter.Mode.FUNDAMENTAL);
        vm.prank(admin);
        a.setMode(IMorphoOracleAdapter.Mode.FUNDAMENTAL);
    }

    function test_fundamental_overCollateralisedIsOneDollar() public {
        _setPrices(0.9e8, 1e8); // the market says 0.90
        reserve.set(1.2e18);
        _fundamental(aidUsdc);
        _fundamental(sAidUsdc);
        _fundamental(usdcAid);
        assertEq(aidUsdc.price(), 1e24, "AID = 1 USD");
        assertEq(sAidUsdc.price(), 1.05e24, "sAID = rate");
        assertEq(usdcAid.price(), 1e48, "USDC/AID = 1");
        (uint256 a, uint8 d) = aidUsdc.aidPrice();
        assertEq(a, 1e18, "aidPrice = 1");
        assertEq(d, 18, "fundamental decimals");
    }

    function test_fundamental_exactlyFullyBacked() public {
        reserve.set(1e18);
        _fundamental(aidUsdc);
        assertEq(aidUsdc.price(), 1e24, "ratio = 1 -> 1 USD");
    }

    function test_fundamental_noSupplyIsOneDollar() public {
        reserve.set(type(uint256).max);
        _fundamental(sAidUsdc);
        assertEq(sAidUsdc.price(), 1.05e24, "no AID supply -> 1 USD");
    }

    function test_fundamental_underCollateralisedUsesRatio() public {
        reserve.set(0.93e18);
        _fundamental(aidUsdc);
        _fundamental(sAidUsdc);
        _fundamental(usdcAid);
        assertEq(aidUsdc.price(), 0.93e24, "AID = ratio");
        assertEq(sAidUsdc.price(), 0.9765e24, "sAID = 1.05 x 0.93");
        assertEq(usdcAid.price(), uint256(1e48) * 1e18 / 0.93e18, "USDC/AID = 1/ratio");
    }

    function test_fundamental_ignoresAidFeed() public {
        _fundamental(aidUsdc);
        vm.warp(block.timestamp + 10 hours);
        usdcFeed.set(1e8, block.timestamp);
        aidFeed.set(-5, block.timestamp - 10 hours); // broken and stale: not read in FUNDAMENTAL
        assertEq(aidUsdc.price(), 1e24, "fundamental price without the AID feed");
    }

    function test_fundamental_stillChecksUsdcFeed() public {
        _fundamental(aidUsdc);
        usdcFeed.set(0.97e8, block.timestamp);
        assertEq(aidUsdc.price(), uint256(1e24) * 1e8 / 0.97e8, "USDC depeg applies in FUNDAMENTAL");
        uint256 t = block.timestamp;
        vm.warp(t + USDC_MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(usdcFeed), t, USDC_MAX_AGE)
        );
        aidUsdc.price();
    }

    function test_fundamental_zeroRatioReverts() public {
        reserve.set(0);
        _fundamental(usdcAid);
        vm.expectRevert(IMorphoOracleAdapter.ZeroCollateralRatio.selector);
        usdcAid.price();
    }

    function test_mode_switchBack() public {
        _setPrices(0.9e8, 1e8);
        _fundamental(aidUsdc);
        assertEq(aidUsdc.price(), 1e24, "fundamental");
        vm.expectEmit(true, true, true, true, address(aidUsdc));
        emit IMorphoOracleAdapter.ModeSet(IMorphoOracleAdapter.Mode.MARKET);
        vm.prank(admin);
        aidUsdc.setMode(IMorphoOracleAdapter.Mode.MARKET);
        assertEq(aidUsdc.price(), 0.9e24, "market again");
        (uint256 a, uint8 d) = aidUsdc.aidPrice();
        assertEq(a, 0.9e8, "aidPrice market");
        assertEq(d, 8, "market decimals");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pause
    // ---------------------------------------------------------------------------------------------------------------

    function test_pause_guardianPausesAndUnpauses() public {
        vm.expectEmit(true, true, true, true, address(sAidUsdc));
        emit IMorphoOracleAdapter.PausedSet(guardian, true);
        vm.prank(guardian);
        sAidUsdc.setPaused(true);
        assertTrue(sAidUsdc.paused(), "paused");
        vm.expectRevert(IMorphoOracleAdapter.OraclePaused.selector);
        sAidUsdc.price();
        vm.prank(guardian);
        sAidUsdc.setPaused(false);
        assertEq(sAidUsdc.price(), 1.05e24, "price back");
    }

    function test_pause_adminMayUnpause() public {
        vm.prank(guardian);
        aidUsdc.setPaused(true);
        vm.expectEmit(true, true, true, true, address(aidUsdc));
        emit IMorphoOracleAdapter.PausedSet(admin, false);
        vm.prank(admin);
        aidUsdc.setPaused(false);
        assertFalse(aidUsdc.paused(), "unpaused by admin");
    }

    function test_pause_adminMayNotPause() public {
        bytes32 role = aidUsdc.GUARDIAN_ROLE();
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role));
        aidUsdc.setPaused(true);
    }

    function test_pause_doesNotBlockPoke() public {
        vm.prank(guardian);
        sAidUsdc.setPaused(true);
        sAidUsdc.poke();
        assertEq(sAidUsdc.lastRateTimestamp(), block.timestamp, "poke works while paused");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Growth cap
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev Attack: a donation / oversized yield step lifts the vault rate 20% in one block: the oracle ignores it.
    function test_cap_instantJumpIgnored() public {
        vault.setRate(1.26e18);
        assertEq(sAidUsdc.vaultRate(), 1.05e18, "capped at last rate with dt = 0");
        assertEq(sAidUsdc.price(), 1.05e24, "price unchanged");
        assertEq(sAidUsdc.poke(), 1.05e18, "poke records the capped rate");
        assertEq(sAidUsdc.lastRate(), 1.05e18, "checkpoint unchanged");
    }

    function test_cap_growsWithTime() public {
        vault.setRate(2e18);
        vm.warp(block.timestamp + 365 days);
        _setPrices(1e8, 1e8);
        // cap = 1.05 × (1 + 0.5) = 1.575
        assertEq(sAidUsdc.rateCap(), 1.575e18, "one year at 50%");
        assertEq(sAidUsdc.vaultRate(), 1.575e18, "rate = cap");
        assertEq(sAidUsdc.price(), 1.575e24, "price follows the cap");
    }

    function test_cap_legitimateGrowthPassesThrough() public {
        vm.warp(block.timestamp + 30 days);
        _setPrices(1e8, 1e8);
        // 10% APR for 30 days, well under the 50% cap
        uint256 actual = 1.05e18 + uint256(1.05e18) * 1000 * 30 days / (10_000 * 365 days);
        vault.setRate(actual);
        assertEq(sAidUsdc.vaultRate(), actual, "actual below cap");
        assertEq(sAidUsdc.price(), actual * 1e6, "price at actual rate");
    }

    function test_cap_fallPassesThrough() public {
        vault.setRate(0.8e18);
        assertEq(sAidUsdc.vaultRate(), 0.8e18, "loss passes at once");
        assertEq(sAidUsdc.price(), 0.8e24, "price falls");
        sAidUsdc.poke();
        assertEq(sAidUsdc.lastRate(), 0.8e18, "checkpoint follows the loss");
        vault.setRate(1.05e18);
        assertEq(sAidUsdc.vaultRate(), 0.8e18, "recovery also capped");
    }

    function test_poke_recordsAndEmits() public {
        vm.warp(block.timestamp + 10 days);
        vault.setRate(1.5e18);
        uint256 cap = 1.05e18 + uint256(1.05e18) * 5000 * 10 days / (10_000 * 365 days);
        vm.expectEmit(true, true, true, true, address(sAidUsdc));
        emit IMorphoOracleAdapter.RatePoked(stranger, cap, 1.5e18, block.timestamp);
        vm.prank(stranger);
        assertEq(sAidUsdc.poke(), cap, "returns capped rate");
        assertEq(sAidUsdc.lastRate(), cap, "stored");
        assertEq(sAidUsdc.lastRateTimestamp(), block.timestamp, "timestamp");
    }

    /// @dev Poking repeatedly compounds the cap (each poke is a new base), so the effective bound is continuous
    /// compounding at maxApr: over one year at 50% never above e^0.5 = 1.6487x, whatever the poke frequency.
    function test_poke_repeatedCompoundsAtMostContinuously() public {
        vault.setRate(10e18);
        uint256 snap = vm.snapshotState();
        for (uint256 i; i < 10; ++i) {
            vm.warp(block.timestamp + 36.5 days);
            sAidUsdc.poke();
        }
        uint256 many = sAidUsdc.lastRate();
        vm.revertToState(snap);
        vm.warp(block.timestamp + 365 days);
        sAidUsdc.poke();
        uint256 once = sAidUsdc.lastRate();
        assertEq(once, 1.575e18, "one poke over a year: linear 1.5x");
        uint256 expected = 1.05e18;
        for (uint256 i; i < 10; ++i) {
            expected += expected * 5 / 100;
        }
        assertEq(many, expected, "ten pokes: iterated 5% steps, each floored");
        assertGe(many, once, "ten pokes compound: (1.05)^10 = 1.6289x");
        assertLe(many, uint256(1.05e18) * 16_487 / 10_000, "never above continuous compounding e^0.5");
    }

    function test_poke_noVault() public {
        assertEq(aidUsdc.poke(), 0, "no vault: nothing recorded");
        assertEq(aidUsdc.lastRateTimestamp(), 0, "no checkpoint");
        assertEq(aidUsdc.vaultRate(), 0, "no vault rate");
    }

    function test_poke_revertsRateAboveUint192() public {
        vault.setRate(type(uint256).max / 1e18);
        vm.warp(block.timestamp + 1);
        // the cap keeps the recorded rate small: the actual rate never reaches storage
        sAidUsdc.poke();
        assertLt(sAidUsdc.lastRate(), 1.06e18, "recorded capped");
        MockRateVault huge = new MockRateVault(address(aid), 18, 18, uint256(type(uint192).max) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                SafeCast.SafeCastOverflowedUintDowncast.selector, 192, uint256(type(uint192).max) + 1
            )
        );
        new MorphoOracleAdapter(_params(address(huge), address(usdc), address(huge), false));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Setters
    // ---------------------------------------------------------------------------------------------------------------

    function test_setMaxApr_checkpointsFirst() public {
        vault.setRate(2e18);
        vm.warp(block.timestamp + 73 days); // 1/5 year at 50% → +10%
        vm.expectEmit(true, true, true, true, address(sAidUsdc));
        emit IMorphoOracleAdapter.RatePoked(admin, 1.155e18, 2e18, block.timestamp);
        vm.expectEmit(true, true, true, true, address(sAidUsdc));
        emit IMorphoOracleAdapter.MaxAprSet(1000);
        vm.prank(admin);
        sAidUsdc.setMaxApr(1000);
        assertEq(sAidUsdc.lastRate(), 1.155e18, "old cap applied to the elapsed time");
        assertEq(sAidUsdc.maxAprBps(), 1000, "new cap");
        vm.warp(block.timestamp + 73 days); // 1/5 year at 10% → +2%
        assertEq(sAidUsdc.vaultRate(), 1.155e18 * 102 / 100, "new cap from the checkpoint");
    }

    function test_setMaxApr_noVault() public {
        vm.prank(admin);
        aidUsdc.setMaxApr(20_000);
        assertEq(aidUsdc.maxAprBps(), 20_000, "set without vault");
    }

    function test_setMaxApr_revertsOutOfBounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 0, 1, 20_000));
        sAidUsdc.setMaxApr(0);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 20_001, 1, 20_000));
        sAidUsdc.setMaxApr(20_001);
        vm.stopPrank();
    }

    function test_setMaxAges() public {
        vm.expectEmit(true, true, true, true, address(sAidUsdc));
        emit IMorphoOracleAdapter.MaxAgesSet(2 hours, 2 days);
        vm.prank(admin);
        sAidUsdc.setMaxAges(2 hours, 2 days);
        assertEq(sAidUsdc.aidUsdMaxAge(), 2 hours, "aid");
        assertEq(sAidUsdc.stableUsdMaxAge(), 2 days, "usdc");
    }

    function test_setMaxAges_revertsOutOfBounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 59, 60, 7 days));
        sAidUsdc.setMaxAges(59, 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 7 days + 1, 60, 7 days)
        );
        sAidUsdc.setMaxAges(1 hours, 7 days + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 7 days + 1, 60, 7 days)
        );
        sAidUsdc.setMaxAges(7 days + 1, 1 hours);
        vm.expectRevert(abi.encodeWithSelector(IMorphoOracleAdapter.ParameterOutOfBounds.selector, 59, 60, 7 days));
        sAidUsdc.setMaxAges(1 hours, 59);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Access-control matrix
    // ---------------------------------------------------------------------------------------------------------------

    function _call(uint256 fn) internal pure returns (bytes memory) {
        if (fn == 0) return abi.encodeCall(IMorphoOracleAdapter.setMode, (IMorphoOracleAdapter.Mode.FUNDAMENTAL));
        if (fn == 1) return abi.encodeCall(IMorphoOracleAdapter.setMaxApr, (1000));
        if (fn == 2) return abi.encodeCall(IMorphoOracleAdapter.setMaxAges, (2 hours, 2 days));
        if (fn == 3) return abi.encodeCall(IMorphoOracleAdapter.setPaused, (true));
        if (fn == 4) return abi.encodeCall(IMorphoOracleAdapter.setPaused, (false));
        return abi.encodeCall(IMorphoOracleAdapter.poke, ());
    }

    /// @dev Expected: 0-2 admin only; 3 (pause) guardian only; 4 (unpause) guardian or admin; 5 (poke) anyone.
    function _allowed(uint256 fn, address who) internal view returns (bool) {
        if (fn <= 2) return who == admin;
        if (fn == 3) return who == guardian;
        if (fn == 4) return who == guardian || who == admin;
        return true;
    }

    function test_accessMatrix() public {
        address[3] memory actors = [admin, guardian, stranger];
        for (uint256 fn; fn < 6; ++fn) {
            for (uint256 a; a < actors.length; ++a) {
                uint256 snap = vm.snapshotState();
                if (fn == 4) {
                    vm.prank(guardian);
                    sAidUsdc.setPaused(true);
                }
                vm.prank(actors[a]);
                (bool ok, bytes memory ret) = address(sAidUsdc).call(_call(fn));
                string memory label = string.concat("fn ", vm.toString(fn), " actor ", vm.toString(a));
                if (_allowed(fn, actors[a])) {
                    assertTrue(ok, string.concat("allowed: ", label));
                } else {
                    assertFalse(ok, string.concat("denied: ", label));
                    bytes32 role = fn <= 2 ? sAidUsdc.DEFAULT_ADMIN_ROLE() : sAidUsdc.GUARDIAN_ROLE();
                    assertEq(
                        ret,
                        abi.encodeWithSelector(
                            IAccessControl.AccessControlUnauthorizedAccount.selector, actors[a], role
                        ),
                        string.concat("exact error: ", label)
                    );
                }
                vm.revertToState(snap);
            }
        }
    }

    function test_guardianRoleCannotBeRenounced() public {
        bytes32 role = sAidUsdc.GUARDIAN_ROLE();
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSignature("RenounceDisabled(bytes32)", role));
        sAidUsdc.renounceRole(role, guardian);
    }
}
