// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AdaptiveCurveIrm} from "../../contracts/irm/AdaptiveCurveIrm.sol";
import {IAdaptiveCurveIrm} from "../../contracts/irm/IAdaptiveCurveIrm.sol";
import {AdaptiveCurveLib as L} from "../../contracts/irm/libraries/AdaptiveCurveLib.sol";
import {MorphoTestBase} from "./MorphoTestBase.sol";
import {Id, Market, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";

/// @notice Unit and fuzz tests of the adaptive-curve IRM: the pure model (AdaptiveCurveLib), the contract called
/// directly (a standalone instance whose "Morpho" is this test), and the contract driven by the real Morpho Blue.
// forge-lint: disable-start(unsafe-typecast)
contract AdaptiveCurveIrmTest is MorphoTestBase {
    using MarketParamsLib for MarketParams;

    int256 internal constant MIN_RAT = L.MIN_RATE_AT_TARGET;
    int256 internal constant MAX_RAT = L.MAX_RATE_AT_TARGET;
    int256 internal constant INIT_RAT = L.INITIAL_RATE_AT_TARGET;

    /// @dev An IRM whose Morpho is this contract, to call `borrowRate` with arbitrary market states.
    AdaptiveCurveIrm internal standalone;
    MarketParams internal standaloneParams;

    function setUp() public override {
        super.setUp();
        standalone = new AdaptiveCurveIrm(address(this));
        standaloneParams = MarketParams(address(1), address(2), address(3), address(standalone), 0.9e18);
    }

    // ================================================================ constants

    function test_constants_matchPublishedModel() public pure {
        assertEq(L.TARGET_UTILIZATION, 0.9e18, "target utilisation 90%");
        assertEq(L.CURVE_STEEPNESS, 4e18, "steepness 4");
        assertEq(L.ADJUSTMENT_SPEED, int256(50e18) / 365 days, "speed 50/yr per second");
        assertEq(L.INITIAL_RATE_AT_TARGET, int256(0.04e18) / 365 days, "initial 4%/yr per second");
        assertEq(L.MIN_RATE_AT_TARGET, int256(0.001e18) / 365 days, "min 0.1%/yr per second");
        assertEq(L.MAX_RATE_AT_TARGET, int256(2e18) / 365 days, "max 200%/yr per second");
        // The SDK's literal values (blue-sdk AdaptiveCurveIrmLib), so both sides share the same per-second constants.
        assertEq(L.INITIAL_RATE_AT_TARGET, 1_268_391_679, "initial per-second literal");
        assertEq(L.ADJUSTMENT_SPEED, 1_585_489_599_188, "speed per-second literal");
    }

    // ================================================================ constructor

    function test_constructor_setsMorpho() public view {
        assertEq(irm.MORPHO(), address(morpho), "MORPHO is the constructor argument");
    }

    function test_constructor_revertsOnZeroMorpho() public {
        vm.expectRevert(abi.encodeWithSelector(IAdaptiveCurveIrm.ZeroAddress.selector));
        new AdaptiveCurveIrm(address(0));
    }

    // ================================================================ access

    function testFuzz_borrowRate_revertsWhenCallerIsNotMorpho(address caller) public {
        vm.assume(caller != address(morpho));
        Market memory m = _market();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAdaptiveCurveIrm.NotMorpho.selector, caller));
        irm.borrowRate(marketParams, m);
    }

    function test_borrowRate_succeedsForMorpho() public {
        Market memory m = _market();
        vm.warp(block.timestamp + 1 days);
        vm.prank(address(morpho));
        uint256 rate = irm.borrowRate(marketParams, m);
        assertGt(rate, 0, "Morpho may call borrowRate");
    }

    function testFuzz_borrowRateView_isOpenToAnyone(address caller) public {
        Market memory m = _market();
        vm.prank(caller);
        assertEq(irm.borrowRateView(marketParams, m), irm.borrowRateView(marketParams, m), "view callable by anyone");
    }

    // ================================================================ createMarket seeds the rate at target

    function test_createMarket_seedsInitialRateAtTarget() public view {
        assertEq(irm.rateAtTarget(id), INIT_RAT, "rate at target seeded at market creation");
    }

    function test_createMarket_emitsBorrowRateUpdate() public {
        MarketParams memory other = marketParams;
        other.collateralToken = address(0xC0FFEE);
        Id otherId = other.id();
        // Empty market: utilisation 0, err = −1, rate = rateAtTarget / 4.
        vm.expectEmit(true, true, true, true, address(irm));
        emit IAdaptiveCurveIrm.BorrowRateUpdate(otherId, uint256(INIT_RAT) / 4, uint256(INIT_RAT));
        morpho.createMarket(other);
        assertEq(irm.rateAtTarget(otherId), INIT_RAT, "seeded");
    }

    function test_rateAtTarget_zeroForUnknownMarket() public view {
        assertEq(irm.rateAtTarget(Id.wrap(keccak256("unknown"))), 0, "unknown market has no rate");
    }

    // ================================================================ borrowRate / borrowRateView (standalone)

    function test_borrowRate_firstCallSeedsAndEmits() public {
        Market memory m = _state(1000e6, 900e6, block.timestamp);
        Id sid = standaloneParams.id();
        vm.expectEmit(true, true, true, true, address(standalone));
        // At target utilisation the rate equals the rate at target.
        emit IAdaptiveCurveIrm.BorrowRateUpdate(sid, uint256(INIT_RAT), uint256(INIT_RAT));
        uint256 rate = standalone.borrowRate(standaloneParams, m);
        assertEq(rate, uint256(INIT_RAT), "rate at target utilisation");
        assertEq(standalone.rateAtTarget(sid), INIT_RAT, "seeded");
    }

    function test_borrowRate_storesAdaptedRateAndEmits() public {
        Id sid = standaloneParams.id();
        standalone.borrowRate(standaloneParams, _state(1000e6, 1000e6, block.timestamp));
        uint256 last = block.timestamp;
        vm.warp(last + 5 days);
        Market memory m = _state(1000e6, 1000e6, last);
        (uint256 expAvg,, int256 expEnd) = L.borrowRates(1e18, INIT_RAT, 5 days);
        vm.expectEmit(true, true, true, true, address(standalone));
        emit IAdaptiveCurveIrm.BorrowRateUpdate(sid, expAvg, uint256(expEnd));
        uint256 rate = standalone.borrowRate(standaloneParams, m);
        assertEq(rate, expAvg, "returns the average rate");
        assertEq(standalone.rateAtTarget(sid), expEnd, "stores the end rate at target");
        // 5 days at 100%: linear adaptation 50·5/365 ≈ 0.685, so the rate at target roughly doubles (e^0.685 ≈ 1.98).
        assertApproxEqRel(uint256(expEnd), uint256(INIT_RAT) * 198 / 100, 0.01e18, "rate at target ~ x1.98");
    }

    function test_borrowRateView_doesNotWrite() public {
        Id sid = standaloneParams.id();
        standalone.borrowRate(standaloneParams, _state(1000e6, 500e6, block.timestamp));
        uint256 last = block.timestamp;
        vm.warp(last + 30 days);
        vm.record();
        standalone.borrowRateView(standaloneParams, _state(1000e6, 500e6, last));
        (, bytes32[] memory writes) = vm.accesses(address(standalone));
        assertEq(writes.length, 0, "view writes nothing");
        assertEq(standalone.rateAtTarget(sid), INIT_RAT, "rate at target unchanged");
    }

    function test_borrowRate_emptyMarketHasZeroUtilisation() public {
        uint256 rate = standalone.borrowRate(standaloneParams, _state(0, 0, block.timestamp));
        assertEq(rate, uint256(INIT_RAT) / 4, "0% utilisation: a quarter of the rate at target");
    }

    function test_borrowRateView_revertsWhenLastUpdateInFuture() public {
        vm.expectRevert(); // arithmetic underflow (panic 0x11): no meaningful market is in the future
        standalone.borrowRateView(standaloneParams, _state(1, 1, block.timestamp + 1));
    }

    /// @notice View and state-changing entry points agree on every input, and both agree with the pure model.
    function testFuzz_borrowRateView_equalsBorrowRate(
        uint128 supply0,
        uint256 util0,
        uint256 dt0,
        uint128 supply1,
        uint256 util1,
        uint256 dt1
    ) public {
        Id sid = standaloneParams.id();
        standalone.borrowRate(standaloneParams, _state(1, 1, block.timestamp)); // seed
        // First move: arbitrary utilisation for an arbitrary time, to reach an arbitrary rate at target.
        Market memory m0 = _randomState(supply0, util0, block.timestamp);
        vm.warp(block.timestamp + bound(dt0, 0, 3 * 365 days));
        standalone.borrowRate(standaloneParams, m0);
        // Second move: compare view, state-changing, and model.
        Market memory m1 = _randomState(supply1, util1, block.timestamp);
        vm.warp(block.timestamp + bound(dt1, 0, 3 * 365 days));
        int256 start = standalone.rateAtTarget(sid);
        uint256 viewRate = standalone.borrowRateView(standaloneParams, m1);
        (uint256 expAvg,, int256 expEnd) = L.borrowRates(_util(m1), start, block.timestamp - m1.lastUpdate);
        uint256 rate = standalone.borrowRate(standaloneParams, m1);
        assertEq(viewRate, rate, "view == state-changing");
        assertEq(rate, expAvg, "state-changing == model");
        assertEq(standalone.rateAtTarget(sid), expEnd, "stored rate at target == model");
    }

    // ================================================================ model: known points

    function test_curve_knownPoints() public pure {
        int256 r = 1e12;
        assertEq(L.curve(r, -1e18), r / 4, "0% utilisation: r/4");
        assertEq(L.curve(r, 0), r, "target: r");
        assertEq(L.curve(r, 1e18), 4 * r, "100% utilisation: 4r");
        assertEq(L.curve(r, -0.5e18), r * 625 / 1000, "halfway below: r(1 - 0.375)");
        assertEq(L.curve(r, 0.5e18), r * 25 / 10, "halfway above: 2.5r");
    }

    function test_utilizationError_knownPoints() public pure {
        assertEq(L.utilizationError(0), -1e18, "0% -> -1");
        assertEq(L.utilizationError(0.45e18), -0.5e18, "45% -> -0.5");
        assertEq(L.utilizationError(0.9e18), 0, "90% -> 0");
        assertEq(L.utilizationError(0.95e18), 0.5e18, "95% -> +0.5");
        assertEq(L.utilizationError(1e18), 1e18, "100% -> +1");
    }

    function test_borrowRates_zeroElapsedKeepsRateAtTarget() public pure {
        (uint256 avg, uint256 end, int256 endRat) = L.borrowRates(1e18, 1e10, 0);
        assertEq(endRat, 1e10, "no time, no adaptation");
        assertEq(avg, end, "avg == end without adaptation");
        assertEq(avg, 4e10, "100% utilisation: 4x");
    }

    function test_borrowRates_atTargetNeverAdapts() public pure {
        (uint256 avg,, int256 endRat) = L.borrowRates(0.9e18, 1e10, 10 * 365 days);
        assertEq(endRat, 1e10, "err 0: rate at target constant");
        assertEq(avg, 1e10, "err 0: borrow rate == rate at target");
    }

    function test_borrowRates_clampAtMaxAndMin() public pure {
        (,, int256 up) = L.borrowRates(1e18, INIT_RAT, 365 days);
        assertEq(up, MAX_RAT, "a year at 100%: clamped at 200%/yr");
        (,, int256 down) = L.borrowRates(0, INIT_RAT, 365 days);
        assertEq(down, MIN_RAT, "a year at 0%: clamped at 0.1%/yr");
    }

    function test_borrowRates_trapezoidFormula() public pure {
        // 100% utilisation for 10 days from the initial rate: linearAdaptation = speed * T, mid at T/2.
        int256 lin = L.ADJUSTMENT_SPEED * 10 days;
        int256 end = INIT_RAT * L.wExp(lin) / 1e18;
        int256 mid = INIT_RAT * L.wExp(lin / 2) / 1e18;
        (uint256 avg,, int256 endRat) = L.borrowRates(1e18, INIT_RAT, 10 days);
        assertEq(endRat, end, "end = start * exp(speed T)");
        assertEq(avg, uint256(4 * ((INIT_RAT + end + 2 * mid) / 4)), "avg = curve((s + e + 2m) / 4)");
    }

    function test_wExp_knownPoints() public pure {
        assertEq(L.wExp(0), 1e18, "e^0 = 1");
        assertEq(L.wExp(L.LN_2), 2e18, "e^ln2 = 2 exactly (r = 0)");
        assertEq(L.wExp(-L.LN_2), 0.5e18, "e^-ln2 = 1/2 exactly");
        assertEq(L.wExp(L.LN_WEI - 1), 0, "below ln(1e-18): 0");
        assertEq(L.wExp(L.EXP_INPUT_CAP), L.EXP_OUTPUT_CAP, "clipped at the cap");
        assertEq(L.wExp(type(int256).max), L.EXP_OUTPUT_CAP, "clipped above the cap");
        // Just below the cap the approximation lands within 1e-8 of the clip value: no jump at the cap.
        assertLe(L.wExp(L.EXP_INPUT_CAP - 1), L.EXP_OUTPUT_CAP, "continuous below the cap");
        assertApproxEqRel(L.wExp(L.EXP_INPUT_CAP - 1), L.EXP_OUTPUT_CAP, 1e10, "continuous below the cap");
        assertApproxEqRel(L.wExp(1e18), 2.718281828459045235e18, 0.01e18, "e^1 within 1%");
    }

    // ================================================================ model: fuzz properties

    function testFuzz_wExp_relativeErrorBelowOnePercent(int256 x) public pure {
        x = bound(x, -40e18, 90e18);
        int256 approx = L.wExp(x);
        int256 exact = _refExp(x);
        uint256 diff = uint256(approx > exact ? approx - exact : exact - approx);
        assertLe(diff, uint256(exact) / 100 + 2, "|wExp - exp| <= 1% (+2 wei)");
    }

    function testFuzz_wExp_monotonic(int256 x, int256 y) public pure {
        x = bound(x, -45e18, 100e18);
        y = bound(y, x, 100e18);
        assertLe(L.wExp(x), L.wExp(y), "wExp non-decreasing");
    }

    function testFuzz_borrowRates_bounds(uint256 u, int256 start, uint256 elapsed) public pure {
        u = bound(u, 0, 1e18);
        start = bound(start, MIN_RAT, MAX_RAT);
        elapsed = bound(elapsed, 0, 10 * 365 days);
        (uint256 avg, uint256 end, int256 endRat) = L.borrowRates(u, start, elapsed);
        assertGe(endRat, MIN_RAT, "rate at target >= min");
        assertLe(endRat, MAX_RAT, "rate at target <= max");
        assertGe(avg, uint256(MIN_RAT) / 4, "borrow rate >= min / 4");
        assertLe(avg, uint256(MAX_RAT) * 4, "borrow rate <= 4 max");
        assertGe(end, uint256(MIN_RAT) / 4, "end borrow rate >= min / 4");
        assertLe(end, uint256(MAX_RAT) * 4, "end borrow rate <= 4 max");
    }

    function testFuzz_borrowRates_monotonicInUtilisation(uint256 u1, uint256 u2, int256 start, uint256 elapsed)
        public
        pure
    {
        u1 = bound(u1, 0, 1e18);
        u2 = bound(u2, u1, 1e18);
        start = bound(start, MIN_RAT, MAX_RAT);
        elapsed = bound(elapsed, 0, 3 * 365 days);
        (uint256 avg1, uint256 end1, int256 rat1) = L.borrowRates(u1, start, elapsed);
        (uint256 avg2, uint256 end2, int256 rat2) = L.borrowRates(u2, start, elapsed);
        assertLe(avg1, avg2, "average rate non-decreasing in utilisation");
        assertLe(end1, end2, "end rate non-decreasing in utilisation");
        assertLe(rat1, rat2, "adapted rate at target non-decreasing in utilisation");
    }

    function testFuzz_borrowRates_adaptationDirection(uint256 u, int256 start, uint256 elapsed) public pure {
        u = bound(u, 0, 1e18);
        start = bound(start, MIN_RAT, MAX_RAT);
        elapsed = bound(elapsed, 1, 3 * 365 days);
        (,, int256 endRat) = L.borrowRates(u, start, elapsed);
        if (u > 0.9e18) assertGe(endRat, start, "above target: rate at target rises (or stays at max)");
        else if (u < 0.9e18) assertLe(endRat, start, "below target: rate at target falls (or stays at min)");
        else assertEq(endRat, start, "at target: unchanged");
    }

    function testFuzz_borrowRates_adaptationStrictWhenSignificant(int256 start, uint256 elapsed) public pure {
        start = bound(start, MIN_RAT * 2, MAX_RAT / 2);
        elapsed = bound(elapsed, 1 days, 30 days);
        (,, int256 up) = L.borrowRates(1e18, start, elapsed);
        (,, int256 down) = L.borrowRates(0, start, elapsed);
        assertGt(up, start, "at 100% for >= 1 day the rate at target strictly rises");
        assertLt(down, start, "at 0% for >= 1 day the rate at target strictly falls");
    }

    function testFuzz_borrowRates_averageBetweenStartAndEnd(uint256 u, int256 start, uint256 elapsed) public pure {
        u = bound(u, 0, 1e18);
        start = bound(start, MIN_RAT, MAX_RAT);
        elapsed = bound(elapsed, 0, 3 * 365 days);
        int256 err = L.utilizationError(u);
        (uint256 avg, uint256 end,) = L.borrowRates(u, start, elapsed);
        uint256 begin = uint256(L.curve(start, err));
        uint256 lo = begin < end ? begin : end;
        uint256 hi = begin < end ? end : begin;
        assertGe(avg, lo, "average >= min(start rate, end rate)");
        assertLe(avg, hi, "average <= max(start rate, end rate)");
    }

    function testFuzz_borrowRates_firstInteractionUsesInitialRate(uint256 u, uint256 elapsed) public pure {
        u = bound(u, 0, 1e18);
        elapsed = bound(elapsed, 0, 10 * 365 days);
        (uint256 avg, uint256 end, int256 endRat) = L.borrowRates(u, 0, elapsed);
        assertEq(endRat, INIT_RAT, "seeded at the initial rate whatever the elapsed time");
        assertEq(avg, end, "no averaging on seeding");
        assertEq(avg, uint256(L.curve(INIT_RAT, L.utilizationError(u))), "curve of the initial rate");
    }

    // ================================================================ through Morpho: accrual equals the model

    function test_accrual_oneYearAtTargetIsAboutFourPercent() public {
        _supplyCollateral(borrower, 2_000_000e18);
        _supply(supplier, 1_000_000e6);
        _borrow(borrower, 900_000e6);
        vm.warp(block.timestamp + 365 days);
        morpho.accrueInterest(marketParams);
        uint256 debt = _market().totalBorrowAssets;
        // 4%/yr continuously compounded (Taylor order 3): ~4.0811%; utilisation drifts up with interest, the
        // rate at target stays (utilisation was exactly at target at the last accrual).
        assertApproxEqRel(debt, 900_000e6 * 1.040811e6 / 1e6, 0.0001e18, "debt after a year at 4%/yr");
        assertEq(irm.rateAtTarget(id), INIT_RAT, "at target: no adaptation");
    }

    function testFuzz_accrual_equalsModel(uint256 supplied, uint256 utilBps, uint256 elapsed1, uint256 elapsed2)
        public
    {
        supplied = bound(supplied, 1e6, 1e15 * 1e6);
        utilBps = bound(utilBps, 0, 10_000);
        elapsed1 = bound(elapsed1, 1, 365 days);
        elapsed2 = bound(elapsed2, 1, 365 days);
        _supplyCollateral(borrower, type(uint128).max / 2);
        _supply(supplier, supplied);
        uint256 borrowed = supplied * utilBps / 10_000;
        if (borrowed > 0) _borrow(borrower, borrowed);

        for (uint256 i; i < 2; ++i) {
            Market memory before = _market();
            int256 startRat = irm.rateAtTarget(id);
            uint256 dt = i == 0 ? elapsed1 : elapsed2;
            vm.warp(block.timestamp + dt);
            (uint256 avg,, int256 endRat) = L.borrowRates(_util(before), startRat, dt);
            uint256 interest = uint256(before.totalBorrowAssets) * _compoundedGrowth(avg, dt) / WAD;
            vm.expectEmit(true, true, true, true, address(irm));
            emit IAdaptiveCurveIrm.BorrowRateUpdate(id, avg, uint256(endRat));
            morpho.accrueInterest(marketParams);
            Market memory afterM = _market();
            assertEq(afterM.totalBorrowAssets, before.totalBorrowAssets + interest, "borrow assets == model");
            assertEq(afterM.totalSupplyAssets, before.totalSupplyAssets + interest, "supply assets == model");
            assertEq(afterM.lastUpdate, block.timestamp, "accrued now");
            assertEq(irm.rateAtTarget(id), endRat, "stored rate at target == model");
        }
    }

    // ================================================================ helpers

    function _state(uint256 supplyAssets, uint256 borrowAssets, uint256 lastUpdate)
        internal
        pure
        returns (Market memory m)
    {
        m.totalSupplyAssets = uint128(supplyAssets);
        m.totalBorrowAssets = uint128(borrowAssets);
        m.totalSupplyShares = uint128(supplyAssets * 1e6);
        m.totalBorrowShares = uint128(borrowAssets * 1e6);
        m.lastUpdate = uint128(lastUpdate);
    }

    function _randomState(uint128 supplyAssets, uint256 util, uint256 lastUpdate)
        internal
        pure
        returns (Market memory)
    {
        uint256 s = bound(supplyAssets, 0, type(uint128).max / 1e6);
        return _state(s, s * bound(util, 0, 1e18) / 1e18, lastUpdate);
    }

    function _util(Market memory m) internal pure returns (uint256) {
        return m.totalSupplyAssets == 0 ? 0 : uint256(m.totalBorrowAssets) * WAD / m.totalSupplyAssets;
    }

    /// @dev High-precision reference e^x (WAD): x = k·ln2 + r with |r| ≤ ln2/2, e^r by 20 Taylor terms at 1e36
    /// precision, then 2^k.
    function _refExp(int256 x) internal pure returns (int256) {
        int256 ln2e36 = 693_147_180_559_945_309_417_232_121_458_176_568; // ln 2 · 1e36
        int256 x36 = x * 1e18;
        int256 k = x36 >= 0 ? (x36 + ln2e36 / 2) / ln2e36 : (x36 - ln2e36 / 2) / ln2e36;
        int256 r = x36 - k * ln2e36;
        int256 term = 1e36;
        int256 sum = 1e36;
        for (int256 n = 1; n <= 20; ++n) {
            term = term * r / 1e36 / n;
            sum += term;
        }
        if (k >= 0) return (sum << uint256(k)) / 1e18;
        return (sum >> uint256(-k)) / 1e18;
    }
}
// forge-lint: disable-end(unsafe-typecast)
