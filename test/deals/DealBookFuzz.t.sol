// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {DealBookBase} from "./DealBookBase.sol";

/// @notice Fuzz tests of DealBook's money paths and boundaries.
contract DealBookFuzzTest is DealBookBase {
    uint256 internal constant MAX_USD = 1e33; // $1e15: far above any real deal, far below overflow

    /// @dev Activation passes at `collateralValue × advanceRateBps / 1e4` and one wei under; one wei over reverts.
    function testFuzz_activate_advanceRateBoundary(uint256 collateral, uint16 advance) public {
        collateral = bound(collateral, 1, MAX_USD);
        advance = uint16(bound(advance, 1, 8000));
        IDealBook.DealTerms memory t = _terms();
        t.collateralValue = collateral;
        t.advanceRateBps = advance;
        uint256 maxPrincipal = collateral * advance / 10_000;
        vm.assume(maxPrincipal > 1);

        uint256 over = _propose(t);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.AdvanceRateExceeded.selector, maxPrincipal + 1, maxPrincipal));
        vm.prank(reserve);
        book.activate(over, maxPrincipal + 1);

        vm.prank(reserve);
        book.activate(over, maxPrincipal);
        assertLe(maxPrincipal * 10_000, collateral * advance, "funded principal within the advance rate");
        assertLe(book.ltvBps(over), advance, "LTV at funding <= advance rate");
        assertFalse(book.getDeal(over).marginCall, "no margin call at funding");

        uint256 under = _propose(t);
        vm.prank(reserve);
        book.activate(under, maxPrincipal - 1);
        assertEq(book.totalOutstandingPrincipal(), 2 * maxPrincipal - 1, "both funded");
    }

    /// @dev The margin call fires exactly when outstanding × 1e4 > collateral × maxLtv (LTV rounded up > maxLtv).
    function testFuzz_markNav_marginCallBoundary(uint256 principal, uint16 maxLtv, uint256 mark) public {
        principal = bound(principal, 1, MAX_USD / 2);
        maxLtv = uint16(bound(maxLtv, 8001, 10_000));
        IDealBook.DealTerms memory t = _terms();
        t.maxLtvBps = maxLtv;
        t.collateralValue = principal * 10_000 / 8000 + 1;
        uint256 id = _propose(t);
        vm.prank(reserve);
        book.activate(id, principal);

        // Smallest collateral value that keeps the deal out of margin call.
        uint256 threshold = (principal * 10_000 + maxLtv - 1) / maxLtv;
        if (threshold > 1) {
            vm.prank(navReporter);
            book.markNav(id, threshold - 1);
            assertTrue(book.getDeal(id).marginCall, "one wei under the threshold: margin call");
            assertGt(book.ltvBps(id), maxLtv, "ltv above line");
        }
        vm.prank(navReporter);
        book.markNav(id, threshold);
        assertFalse(book.getDeal(id).marginCall, "at the threshold: no margin call");
        assertLe(book.ltvBps(id), maxLtv, "ltv at or under line");

        mark = bound(mark, 1, MAX_USD);
        vm.prank(navReporter);
        book.markNav(id, mark);
        assertEq(book.getDeal(id).marginCall, principal * 10_000 > mark * maxLtv, "flag == exact comparison");
    }

    /// @dev Random repayment sequences over three deals keep both aggregates equal to the sum over deals.
    function testFuzz_repayments_keepAggregates(uint256 seed, uint8 steps) public {
        uint256[3] memory ids;
        uint256[3] memory principals;
        for (uint256 i; i < 3; ++i) {
            principals[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, 800_000e18);
            ids[i] = _activeDeal(principals[i]);
        }
        steps = uint8(bound(steps, 1, 40));
        uint256 ghostOutstanding = principals[0] + principals[1] + principals[2];
        uint256 ghostCarrying = ghostOutstanding;
        uint256 ghostIncome;
        for (uint256 s; s < steps; ++s) {
            uint256 r = uint256(keccak256(abi.encode(seed, "step", s)));
            uint256 k = r % 3;
            IDealBook.Deal memory d = book.getDeal(ids[k]);
            if (d.status == IDealBook.Status.Repaid || d.status == IDealBook.Status.Defaulted) continue;
            if (r % 11 == 0) {
                uint256 recovery = bound(r >> 8, 0, d.carryingValue);
                vm.prank(reserve);
                book.writeDown(ids[k], recovery);
                ghostOutstanding -= d.outstandingPrincipal;
                ghostCarrying -= d.carryingValue - recovery;
            } else {
                uint256 p = r % 5 == 0 ? d.outstandingPrincipal : bound(r >> 16, 0, d.outstandingPrincipal);
                uint256 income = bound(r >> 128, p == 0 ? 1 : 0, 100_000e18);
                vm.prank(reserve);
                uint256 left = book.recordRepayment(ids[k], p, income);
                assertEq(left, d.outstandingPrincipal - p, "returned outstanding");
                ghostOutstanding -= p;
                ghostCarrying -= p;
                ghostIncome += income;
            }
            assertEq(book.totalOutstandingPrincipal(), ghostOutstanding, "outstanding aggregate == ghost");
            assertEq(book.totalCarryingValue(), ghostCarrying, "carrying aggregate == ghost");
        }
        uint256 sumOut;
        uint256 sumCarry;
        uint256 sumIncome;
        for (uint256 i; i < 3; ++i) {
            IDealBook.Deal memory d = book.getDeal(ids[i]);
            if (d.status == IDealBook.Status.Active || d.status == IDealBook.Status.Late) {
                sumOut += d.outstandingPrincipal;
            }
            if (d.status != IDealBook.Status.Repaid) sumCarry += d.carryingValue;
            sumIncome += d.incomeReceived;
            assertEq(d.principalRepaid + d.outstandingPrincipal, d.principal, "principal conservation");
            if (d.status == IDealBook.Status.Repaid) assertEq(d.outstandingPrincipal, 0, "repaid means zero");
        }
        assertEq(book.totalOutstandingPrincipal(), sumOut, "outstanding == sum over deals");
        assertEq(book.totalCarryingValue(), sumCarry, "carrying == sum over deals");
        assertEq(sumIncome, ghostIncome, "income booked");
    }

    /// @dev `collateralValue = navUnits × price / 1e18` with the price normalised from 8 or 18 feed decimals; the
    /// same economic price gives the same value through either feed.
    function testFuzz_markNavFromFeed_scaling(uint256 navUnits, uint256 price8) public {
        navUnits = bound(navUnits, 1e15, 1e24); // 0.001 to 1M H100-equivalents
        price8 = bound(price8, 1e8, 1e15); // $1 to $10M per unit, 8 decimals
        IDealBook.DealTerms memory t = _terms();
        t.navUnits = navUnits;
        uint256 id = _propose(t);

        feed.set(int256(price8));
        book.markNavFromFeed(id);
        uint256 expected = navUnits * (price8 * 1e10) / 1e18;
        assertEq(book.getDeal(id).terms.collateralValue, expected, "8-decimal feed");

        MockFeed f18 = new MockFeed(18, int256(price8 * 1e10));
        vm.prank(admin);
        book.setNavFeed(f18, NAV_MAX_AGE);
        vm.warp(block.timestamp + 1);
        book.markNavFromFeed(id);
        assertEq(book.getDeal(id).terms.collateralValue, expected, "18-decimal feed, same price");
        assertEq(book.getDeal(id).lastMarkedAt, block.timestamp, "marked now");
    }

    /// @dev A feed answer with sub-1e-18 precision (decimals > 18) is truncated, never rounded up.
    function testFuzz_markNavFromFeed_highDecimalsRoundDown(uint256 navUnits, uint256 price20) public {
        navUnits = bound(navUnits, 1e18, 1e24);
        price20 = bound(price20, 1e20, 1e27);
        IDealBook.DealTerms memory t = _terms();
        t.navUnits = navUnits;
        uint256 id = _propose(t);
        MockFeed f20 = new MockFeed(20, int256(price20));
        vm.prank(admin);
        book.setNavFeed(f20, NAV_MAX_AGE);
        book.markNavFromFeed(id);
        uint256 value = book.getDeal(id).terms.collateralValue;
        assertEq(value, navUnits * (price20 / 100) / 1e18, "truncated price");
        assertLe(value * 1e20, navUnits * price20, "never above the exact value");
    }

    /// @dev Staleness boundary for any max age in bounds.
    function testFuzz_markNavFromFeed_staleness(uint256 maxAge, uint256 age) public {
        maxAge = bound(maxAge, 1 hours, 7 days);
        age = bound(age, 0, 30 days);
        vm.prank(admin);
        book.setNavFeed(feed, maxAge);
        uint256 id = _propose();
        uint256 updated = block.timestamp;
        vm.warp(updated + age);
        if (age > maxAge) {
            vm.expectRevert(abi.encodeWithSelector(IDealBook.StaleNav.selector, updated, maxAge));
        }
        book.markNavFromFeed(id);
    }

    /// @dev Write-down loss and aggregates for any recovery.
    function testFuzz_writeDown(uint256 principal, uint256 repaid, uint256 recovery) public {
        principal = bound(principal, 1, 800_000e18);
        repaid = bound(repaid, 0, principal - 1);
        uint256 id = _activeDeal(principal);
        if (repaid > 0) {
            vm.prank(reserve);
            book.recordRepayment(id, repaid, 0);
        }
        uint256 carrying = principal - repaid;
        recovery = bound(recovery, 0, carrying);
        vm.prank(reserve);
        uint256 loss = book.writeDown(id, recovery);
        assertEq(loss, carrying - recovery, "loss = carrying - recovery");
        assertEq(book.totalCarryingValue(), recovery, "carrying aggregate = recovery");
        assertEq(book.totalOutstandingPrincipal(), 0, "outstanding aggregate cleared");
        vm.prank(reserve);
        assertEq(book.closeLiquidated(id, recovery), recovery, "carrying before close");
        assertEq(book.totalCarryingValue(), 0, "closed");
    }

    /// @dev Any bounded term set proposes, any set outside a bound reverts.
    function testFuzz_propose_bounds(uint16 advance, uint16 maxLtv, uint16 rate, uint64 tenor, bool revShare) public {
        IDealBook.DealTerms memory t = _terms();
        t.advanceRateBps = advance;
        t.maxLtvBps = maxLtv;
        t.rateBps = rate;
        t.tenor = tenor;
        t.structure = revShare ? IDealBook.Structure.REVENUE_SHARE : IDealBook.Structure.FIXED_RATE;
        bool valid = advance >= 1 && advance <= 8000 && maxLtv > advance && maxLtv <= 10_000 && rate >= 1
            && rate <= (revShare ? 10_000 : 5000) && tenor >= 90 days && tenor <= 3 * 365 days;
        vm.prank(originator);
        (bool ok,) = address(book).call(abi.encodeCall(IDealBook.propose, (t)));
        assertEq(ok, valid, "accepted iff within bounds");
    }
}
