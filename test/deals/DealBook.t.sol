// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IAggregatorV3} from "../../contracts/interfaces/IAggregatorV3.sol";
import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {DealBookBase} from "./DealBookBase.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";

/// @notice Unit tests of DealBook: every function and every revert path.
contract DealBookTest is DealBookBase {
    // ------------------------------------------------------------------ constructor / admin

    function test_constructor_setsState() public view {
        assertEq(book.name(), "AID Deal Position", "name");
        assertEq(book.symbol(), "AIDDEAL", "symbol");
        assertEq(address(book.navFeed()), address(feed), "feed");
        assertEq(book.navMaxAge(), NAV_MAX_AGE, "max age");
        assertEq(book.maxAdvanceRateBps(), 8000, "max advance");
        assertEq(book.minTenor(), 90 days, "min tenor");
        assertEq(book.maxTenor(), 3 * 365 days, "max tenor");
        assertEq(book.defaultAdmin(), admin, "admin");
        assertEq(book.dealCount(), 0, "no deals");
        assertEq(book.totalOutstandingPrincipal(), 0, "no outstanding");
        assertEq(book.totalCarryingValue(), 0, "no carrying");
    }

    function test_constructor_emitsBounds() public {
        vm.expectEmit(true, false, false, true);
        emit IDealBook.NavFeedSet(address(feed), NAV_MAX_AGE);
        vm.expectEmit(false, false, false, true);
        emit IDealBook.TermBoundsSet(8000, 90 days, 3 * 365 days);
        new DealBook(admin, feed, NAV_MAX_AGE);
    }

    function test_constructor_revertsZeroFeed() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAddress.selector));
        new DealBook(admin, IAggregatorV3(address(0)), NAV_MAX_AGE);
    }

    function test_constructor_revertsMaxAgeOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 1 hours - 1, 1 hours, 7 days));
        new DealBook(admin, feed, 1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 7 days + 1, 1 hours, 7 days));
        new DealBook(admin, feed, 7 days + 1);
    }

    function test_setNavFeed_updates() public {
        MockFeed other = new MockFeed(18, 1e18);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.NavFeedSet(address(other), 2 hours);
        vm.prank(admin);
        book.setNavFeed(other, 2 hours);
        assertEq(address(book.navFeed()), address(other), "feed");
        assertEq(book.navMaxAge(), 2 hours, "max age");
    }

    function test_setNavFeed_reverts() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAddress.selector));
        book.setNavFeed(IAggregatorV3(address(0)), 2 hours);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 0, 1 hours, 7 days));
        book.setNavFeed(feed, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 8 days, 1 hours, 7 days));
        book.setNavFeed(feed, 8 days);
        vm.stopPrank();
    }

    function test_setTermBounds_updates() public {
        vm.expectEmit(false, false, false, true, address(book));
        emit IDealBook.TermBoundsSet(7000, 180 days, 730 days);
        vm.prank(admin);
        book.setTermBounds(7000, 180 days, 730 days);
        assertEq(book.maxAdvanceRateBps(), 7000, "max advance");
        assertEq(book.minTenor(), 180 days, "min tenor");
        assertEq(book.maxTenor(), 730 days, "max tenor");
    }

    function test_setTermBounds_reverts() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 0, 1, 8000));
        book.setTermBounds(0, 90 days, 365 days);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 8001, 1, 8000));
        book.setTermBounds(8001, 90 days, 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 90 days - 1, 90 days, 3 * 365 days)
        );
        book.setTermBounds(8000, 90 days - 1, 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 3 * 365 days + 1, 90 days, 3 * 365 days)
        );
        book.setTermBounds(8000, 3 * 365 days + 1, 3 * 365 days + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 100 days, 200 days, 3 * 365 days)
        );
        book.setTermBounds(8000, 200 days, 100 days);
        vm.expectRevert(
            abi.encodeWithSelector(IDealBook.ParameterOutOfBounds.selector, 3 * 365 days + 1, 90 days, 3 * 365 days)
        );
        book.setTermBounds(8000, 90 days, 3 * 365 days + 1);
        vm.stopPrank();
    }

    function test_renounceRole_disabled() public {
        bytes32 role = book.ORIGINATOR_ROLE();
        vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, role));
        vm.prank(originator);
        book.renounceRole(role, originator);
    }

    function test_supportsInterface() public view {
        assertTrue(book.supportsInterface(type(IERC721).interfaceId), "ERC721");
        assertTrue(book.supportsInterface(type(IERC721Metadata).interfaceId), "metadata");
        assertTrue(book.supportsInterface(type(IAccessControl).interfaceId), "AccessControl");
        assertFalse(book.supportsInterface(0xdeadbeef), "random");
    }

    // ------------------------------------------------------------------ propose

    function test_propose_storesEveryField() public {
        IDealBook.DealTerms memory t = _terms();
        vm.expectEmit(true, true, true, true, address(book));
        emit IDealBook.DealProposed(1, t.borrowerId, originator, t);
        uint256 id = _propose(t);
        assertEq(id, 1, "first id is 1");
        assertEq(book.dealCount(), 1, "count");
        IDealBook.Deal memory d = book.getDeal(id);
        assertEq(keccak256(abi.encode(d.terms)), keccak256(abi.encode(t)), "terms stored");
        assertEq(uint8(d.status), uint8(IDealBook.Status.Proposed), "status");
        assertFalse(d.marginCall, "no margin call");
        assertEq(d.start, 0, "start");
        assertEq(d.maturity, 0, "maturity");
        assertEq(d.principal, 0, "principal");
        assertEq(d.outstandingPrincipal, 0, "outstanding");
        assertEq(d.carryingValue, 0, "carrying");
        assertEq(book.totalCarryingValue(), 0, "proposed deals do not count");
        assertEq(_propose(t), 2, "ids increase");
    }

    function test_propose_acceptsBoundaryTerms() public {
        IDealBook.DealTerms memory t = _terms();
        t.tenor = 90 days;
        t.advanceRateBps = 8000;
        t.maxLtvBps = 10_000;
        t.rateBps = 5000;
        _propose(t);
        t.tenor = 3 * 365 days;
        t.advanceRateBps = 1;
        t.maxLtvBps = 2;
        t.rateBps = 1;
        _propose(t);
        t.structure = IDealBook.Structure.REVENUE_SHARE;
        t.rateBps = 10_000;
        t.assetClass = IDealBook.AssetClass.ROBOTICS;
        t.navUnits = 0;
        _propose(t);
        assertEq(book.dealCount(), 3, "all accepted");
    }

    function test_propose_revertsZeroPayoutWallet() public {
        IDealBook.DealTerms memory t = _terms();
        t.payoutWallet = address(0);
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.ZeroAddress.selector));
    }

    function test_propose_revertsZeroBorrower() public {
        IDealBook.DealTerms memory t = _terms();
        t.borrowerId = bytes32(0);
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "borrowerId"));
    }

    function test_propose_revertsZeroHardwareCount() public {
        IDealBook.DealTerms memory t = _terms();
        t.hardwareCount = 0;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "hardwareCount"));
    }

    function test_propose_revertsZeroCollateral() public {
        IDealBook.DealTerms memory t = _terms();
        t.collateralValue = 0;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "collateralValue"));
    }

    function test_propose_revertsAdvanceRate() public {
        IDealBook.DealTerms memory t = _terms();
        t.advanceRateBps = 0;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "advanceRate"));
        t.advanceRateBps = 8001;
        t.maxLtvBps = 9000;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "advanceRate"));
        vm.prank(admin);
        book.setTermBounds(7000, 90 days, 3 * 365 days);
        t.advanceRateBps = 7001;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "advanceRate"));
    }

    function test_propose_revertsMaxLtv() public {
        IDealBook.DealTerms memory t = _terms();
        t.maxLtvBps = t.advanceRateBps;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "maxLtv"));
        t.maxLtvBps = 10_001;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "maxLtv"));
    }

    function test_propose_revertsRate() public {
        IDealBook.DealTerms memory t = _terms();
        t.rateBps = 0;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "rate"));
        t.rateBps = 5001;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "rate"));
        t.structure = IDealBook.Structure.REVENUE_SHARE;
        t.rateBps = 0;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "rate"));
        t.rateBps = 10_001;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "rate"));
    }

    function test_propose_revertsTenor() public {
        IDealBook.DealTerms memory t = _terms();
        t.tenor = 90 days - 1;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "tenor"));
        t.tenor = 3 * 365 days + 1;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "tenor"));
        vm.prank(admin);
        book.setTermBounds(8000, 180 days, 365 days);
        t.tenor = 180 days - 1;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "tenor"));
        t.tenor = 365 days + 1;
        _expectProposeRevert(t, abi.encodeWithSelector(IDealBook.InvalidTerms.selector, "tenor"));
    }

    function _expectProposeRevert(IDealBook.DealTerms memory t, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(originator);
        book.propose(t);
    }

    // ------------------------------------------------------------------ cancel

    function test_cancel_deletesProposedDeal() public {
        uint256 id = _propose();
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealCancelled(id);
        vm.prank(originator);
        book.cancel(id);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, id));
        book.getDeal(id);
        assertEq(book.dealCount(), 1, "id not reused");
        assertEq(_propose(), 2, "next id");
    }

    function test_cancel_revertsUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 7));
        vm.prank(originator);
        book.cancel(7);
    }

    function test_cancel_revertsActive() public {
        uint256 id = _activeDeal(500_000e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Active));
        vm.prank(originator);
        book.cancel(id);
    }

    // ------------------------------------------------------------------ activate

    function test_activate_fundsDeal() public {
        uint256 id = _propose();
        uint256 principal = 800_000e18;
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealActivated(id, principal, uint64(block.timestamp), uint64(block.timestamp + 365 days));
        vm.prank(reserve);
        book.activate(id, principal);

        IDealBook.Deal memory d = book.getDeal(id);
        assertEq(uint8(d.status), uint8(IDealBook.Status.Active), "active");
        assertEq(d.start, block.timestamp, "start");
        assertEq(d.maturity, block.timestamp + 365 days, "maturity");
        assertEq(d.principal, principal, "principal");
        assertEq(d.outstandingPrincipal, principal, "outstanding");
        assertEq(d.carryingValue, principal, "carrying");
        assertEq(book.ownerOf(id), reserve, "position minted to reserve");
        assertEq(book.balanceOf(reserve), 1, "one position");
        assertEq(book.totalOutstandingPrincipal(), principal, "aggregate outstanding");
        assertEq(book.totalCarryingValue(), principal, "aggregate carrying");
        assertEq(book.ltvBps(id), 8000, "ltv 80%");
        assertFalse(d.marginCall, "no margin call at funding");
    }

    function test_activate_revertsAdvanceRateExceeded() public {
        uint256 id = _propose();
        vm.expectRevert(abi.encodeWithSelector(IDealBook.AdvanceRateExceeded.selector, 800_000e18 + 1, 800_000e18));
        vm.prank(reserve);
        book.activate(id, 800_000e18 + 1);
    }

    function test_activate_revertsZero() public {
        uint256 id = _propose();
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAmount.selector));
        vm.prank(reserve);
        book.activate(id, 0);
    }

    function test_activate_revertsUnknownAndWrongStatus() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 1));
        vm.prank(reserve);
        book.activate(1, 1e18);
        uint256 id = _activeDeal(1e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Active));
        vm.prank(reserve);
        book.activate(id, 1e18);
    }

    function test_activate_usesRemarkedCollateral() public {
        uint256 id = _propose();
        vm.prank(navReporter);
        book.markNav(id, 500_000e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.AdvanceRateExceeded.selector, 400_000e18 + 1, 400_000e18));
        vm.prank(reserve);
        book.activate(id, 400_000e18 + 1);
        vm.prank(reserve);
        book.activate(id, 400_000e18);
        assertEq(book.getDeal(id).principal, 400_000e18, "funded at re-marked cap");
    }

    // ------------------------------------------------------------------ markNav

    function test_markNav_proposedUpdatesCollateralOnly() public {
        uint256 id = _propose();
        vm.expectEmit(true, true, false, true, address(book));
        emit IDealBook.NavMarked(id, 2_000_000e18, 0, navReporter);
        vm.prank(navReporter);
        book.markNav(id, 2_000_000e18);
        IDealBook.Deal memory d = book.getDeal(id);
        assertEq(d.terms.collateralValue, 2_000_000e18, "collateral");
        assertEq(d.lastMarkedAt, block.timestamp, "marked at");
        assertFalse(d.marginCall, "no margin call on a proposal");
    }

    function test_markNav_marginCallAndClear() public {
        uint256 id = _activeDeal(800_000e18);
        // 800k / 940k = 85.1% (ceil 8511) > 85%.
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.MarginCall(id, 8511, 8500);
        vm.prank(navReporter);
        book.markNav(id, 940_000e18);
        assertTrue(book.getDeal(id).marginCall, "flagged");

        // Still above: no second MarginCall event.
        vm.recordLogs();
        vm.prank(navReporter);
        book.markNav(id, 930_000e18);
        assertEq(vm.getRecordedLogs().length, 1, "only NavMarked");
        assertTrue(book.getDeal(id).marginCall, "still flagged");

        // Exactly at the line: cleared (LTV must exceed maxLtv to be flagged).
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.MarginCallCleared(id, 8500);
        vm.prank(navReporter);
        book.markNav(id, 941_176_470_588_235_294_117_648);
        assertFalse(book.getDeal(id).marginCall, "cleared");
        assertEq(book.totalCarryingValue(), 800_000e18, "marks do not change carrying value");
    }

    function test_markNav_lateDealCanBeMarginCalled() public {
        uint256 id = _activeDeal(800_000e18);
        vm.prank(servicer);
        book.markLate(id);
        vm.prank(navReporter);
        book.markNav(id, 900_000e18);
        assertTrue(book.getDeal(id).marginCall, "late deal flagged");
    }

    function test_markNav_revertsZero() public {
        uint256 id = _activeDeal(1e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAmount.selector));
        vm.prank(navReporter);
        book.markNav(id, 0);
    }

    function test_markNav_revertsUnknownAndClosed() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 1));
        vm.prank(navReporter);
        book.markNav(1, 1e18);

        uint256 id = _activeDeal(1e18);
        vm.prank(reserve);
        book.recordRepayment(id, 1e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Repaid));
        vm.prank(navReporter);
        book.markNav(id, 1e18);

        uint256 id2 = _activeDeal(1e18);
        vm.prank(reserve);
        book.writeDown(id2, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id2, IDealBook.Status.Defaulted));
        vm.prank(navReporter);
        book.markNav(id2, 1e18);
    }

    // ------------------------------------------------------------------ markNavFromFeed

    function test_markNavFromFeed_scales8Decimals() public {
        uint256 id = _activeDeal(800_000e18);
        feed.set(20_000e8);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.MarginCall(id, 10_000, 8500);
        vm.prank(stranger);
        book.markNavFromFeed(id);
        assertEq(book.getDeal(id).terms.collateralValue, 800_000e18, "40 x 20,000");
        assertEq(book.navPrice(), 20_000e18, "price normalised");
    }

    function test_markNavFromFeed_scales18And20Decimals() public {
        uint256 id = _activeDeal(800_000e18);
        MockFeed f18 = new MockFeed(18, 30_000e18);
        vm.prank(admin);
        book.setNavFeed(f18, NAV_MAX_AGE);
        book.markNavFromFeed(id);
        assertEq(book.getDeal(id).terms.collateralValue, 1_200_000e18, "18 decimals");

        MockFeed f20 = new MockFeed(20, 30_000e20 + 99);
        vm.prank(admin);
        book.setNavFeed(f20, NAV_MAX_AGE);
        book.markNavFromFeed(id);
        assertEq(book.getDeal(id).terms.collateralValue, 1_200_000e18, "20 decimals truncated");
        assertEq(book.navPrice(), 30_000e18, "20-dec price truncated to 18");
    }

    function test_markNavFromFeed_revertsStale() public {
        uint256 id = _activeDeal(1e18);
        uint256 updated = block.timestamp;
        vm.warp(updated + NAV_MAX_AGE);
        book.markNavFromFeed(id); // exactly maxAge old: fresh
        vm.warp(updated + NAV_MAX_AGE + 1);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.StaleNav.selector, updated, NAV_MAX_AGE));
        book.markNavFromFeed(id);
    }

    function test_markNavFromFeed_revertsNonPositive() public {
        uint256 id = _activeDeal(1e18);
        feed.set(0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidNav.selector, int256(0)));
        book.markNavFromFeed(id);
        feed.set(-1);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidNav.selector, int256(-1)));
        book.markNavFromFeed(id);
    }

    function test_markNavFromFeed_revertsNoNavUnits() public {
        IDealBook.DealTerms memory t = _terms();
        t.navUnits = 0;
        uint256 id = _propose(t);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAmount.selector));
        book.markNavFromFeed(id);
    }

    function test_markNavFromFeed_revertsRoundsToZero() public {
        IDealBook.DealTerms memory t = _terms();
        t.navUnits = 1;
        uint256 id = _propose(t);
        MockFeed f18 = new MockFeed(18, 1);
        vm.prank(admin);
        book.setNavFeed(f18, NAV_MAX_AGE);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAmount.selector));
        book.markNavFromFeed(id);
    }

    function test_markNavFromFeed_revertsUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 3));
        book.markNavFromFeed(3);
    }

    // ------------------------------------------------------------------ late / cure

    function test_markLate_andCure() public {
        uint256 id = _activeDeal(1e18);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealLate(id);
        vm.prank(servicer);
        book.markLate(id);
        assertEq(uint8(_status(id)), uint8(IDealBook.Status.Late), "late");
        assertEq(book.totalOutstandingPrincipal(), 1e18, "late still outstanding");
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealCured(id);
        vm.prank(servicer);
        book.cure(id);
        assertEq(uint8(_status(id)), uint8(IDealBook.Status.Active), "cured");
    }

    function test_markLate_revertsNotActive() public {
        uint256 id = _propose();
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Proposed));
        vm.prank(servicer);
        book.markLate(id);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 9));
        vm.prank(servicer);
        book.markLate(9);
    }

    function test_cure_revertsNotLate() public {
        uint256 id = _activeDeal(1e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Active));
        vm.prank(servicer);
        book.cure(id);
    }

    // ------------------------------------------------------------------ recordRepayment

    function test_recordRepayment_partialThenFull() public {
        uint256 id = _activeDeal(800_000e18);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.RepaymentRecorded(id, 300_000e18, 10_000e18, 500_000e18);
        vm.prank(reserve);
        uint256 left = book.recordRepayment(id, 300_000e18, 10_000e18);
        assertEq(left, 500_000e18, "returned outstanding");
        IDealBook.Deal memory d = book.getDeal(id);
        assertEq(d.outstandingPrincipal, 500_000e18, "outstanding");
        assertEq(d.carryingValue, 500_000e18, "carrying follows");
        assertEq(d.principalRepaid, 300_000e18, "repaid");
        assertEq(d.incomeReceived, 10_000e18, "income");
        assertEq(book.totalOutstandingPrincipal(), 500_000e18, "agg outstanding");
        assertEq(book.totalCarryingValue(), 500_000e18, "agg carrying");

        vm.prank(reserve);
        book.recordRepayment(id, 0, 5e18); // income only
        assertEq(book.getDeal(id).incomeReceived, 10_005e18, "income accumulates");

        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealRepaid(id);
        vm.prank(reserve);
        assertEq(book.recordRepayment(id, 500_000e18, 1e18), 0, "nothing left");
        d = book.getDeal(id);
        assertEq(uint8(d.status), uint8(IDealBook.Status.Repaid), "repaid");
        assertEq(d.carryingValue, 0, "no carrying");
        assertEq(book.totalOutstandingPrincipal(), 0, "agg outstanding 0");
        assertEq(book.totalCarryingValue(), 0, "agg carrying 0");
        assertEq(book.ownerOf(id), reserve, "position kept as record");
    }

    function test_recordRepayment_fromLate() public {
        uint256 id = _activeDeal(10e18);
        vm.prank(servicer);
        book.markLate(id);
        vm.prank(reserve);
        book.recordRepayment(id, 4e18, 0);
        assertEq(uint8(_status(id)), uint8(IDealBook.Status.Late), "stays late until cured");
        vm.prank(reserve);
        book.recordRepayment(id, 6e18, 0);
        assertEq(uint8(_status(id)), uint8(IDealBook.Status.Repaid), "late deal repaid");
    }

    function test_recordRepayment_clearsMarginCall() public {
        uint256 id = _activeDeal(800_000e18);
        vm.prank(navReporter);
        book.markNav(id, 900_000e18);
        assertTrue(book.getDeal(id).marginCall, "flagged");
        // 700k / 900k = 77.8% → cleared.
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.MarginCallCleared(id, 7778);
        vm.prank(reserve);
        book.recordRepayment(id, 100_000e18, 0);
        assertFalse(book.getDeal(id).marginCall, "cleared by repayment");
    }

    function test_recordRepayment_partialKeepsMarginCall() public {
        uint256 id = _activeDeal(800_000e18);
        vm.prank(navReporter);
        book.markNav(id, 900_000e18);
        vm.recordLogs();
        vm.prank(reserve);
        book.recordRepayment(id, 10_000e18, 0);
        assertEq(vm.getRecordedLogs().length, 1, "no MarginCallCleared");
        assertTrue(book.getDeal(id).marginCall, "still flagged at 87.8%");
    }

    function test_recordRepayment_reverts() public {
        uint256 id = _activeDeal(10e18);
        vm.startPrank(reserve);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.ZeroAmount.selector));
        book.recordRepayment(id, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.RepaymentExceedsOutstanding.selector, 10e18 + 1, 10e18));
        book.recordRepayment(id, 10e18 + 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 5));
        book.recordRepayment(5, 1, 0);
        vm.stopPrank();

        uint256 proposed = _propose();
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, proposed, IDealBook.Status.Proposed));
        vm.prank(reserve);
        book.recordRepayment(proposed, 1, 0);

        vm.startPrank(reserve);
        book.recordRepayment(id, 10e18, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Repaid));
        book.recordRepayment(id, 0, 1);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ writeDown / closeLiquidated

    function test_writeDown_recognisesLoss() public {
        uint256 id = _activeDeal(800_000e18);
        uint256 other = _activeDeal(100_000e18);
        vm.prank(reserve);
        book.recordRepayment(id, 200_000e18, 0);
        vm.prank(navReporter);
        book.markNav(id, 650_000e18); // margin call
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealDefaulted(id, 600_000e18, 450_000e18, 150_000e18);
        vm.prank(reserve);
        uint256 loss = book.writeDown(id, 450_000e18);
        assertEq(loss, 150_000e18, "loss");
        IDealBook.Deal memory d = book.getDeal(id);
        assertEq(uint8(d.status), uint8(IDealBook.Status.Defaulted), "defaulted");
        assertEq(d.carryingValue, 450_000e18, "carrying = recovery");
        assertEq(d.outstandingPrincipal, 600_000e18, "claim on borrower kept");
        assertFalse(d.marginCall, "flag dropped");
        assertEq(book.totalOutstandingPrincipal(), 100_000e18, "defaulted leaves outstanding aggregate");
        assertEq(book.totalCarryingValue(), 550_000e18, "recovery + other");
        assertEq(book.getDeal(other).carryingValue, 100_000e18, "other untouched");
    }

    function test_writeDown_fromLateAndFullRecovery() public {
        uint256 id = _activeDeal(10e18);
        vm.prank(servicer);
        book.markLate(id);
        vm.prank(reserve);
        assertEq(book.writeDown(id, 10e18), 0, "no loss at full recovery");
        assertEq(book.totalCarryingValue(), 10e18, "carrying unchanged");
    }

    function test_writeDown_reverts() public {
        uint256 id = _activeDeal(10e18);
        vm.startPrank(reserve);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.RecoveryExceedsCarryingValue.selector, 10e18 + 1, 10e18));
        book.writeDown(id, 10e18 + 1);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 4));
        book.writeDown(4, 0);
        book.writeDown(id, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Defaulted));
        book.writeDown(id, 0);
        vm.stopPrank();
    }

    function test_closeLiquidated() public {
        uint256 id = _activeDeal(10e18);
        vm.prank(reserve);
        book.writeDown(id, 6e18);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealLiquidated(id, 7e18, 6e18);
        vm.prank(reserve);
        assertEq(book.closeLiquidated(id, 7e18), 6e18, "carrying before");
        IDealBook.Deal memory d = book.getDeal(id);
        assertEq(uint8(d.status), uint8(IDealBook.Status.Liquidated), "liquidated");
        assertEq(d.carryingValue, 0, "closed");
        assertEq(book.totalCarryingValue(), 0, "aggregate");
    }

    function test_closeLiquidated_reverts() public {
        uint256 id = _activeDeal(10e18);
        vm.startPrank(reserve);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Active));
        book.closeLiquidated(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 2));
        book.closeLiquidated(2, 1);
        book.writeDown(id, 0);
        book.closeLiquidated(id, 0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, id, IDealBook.Status.Liquidated));
        book.closeLiquidated(id, 0);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ views

    function test_ltvBps_roundsUp() public {
        uint256 id = _activeDeal(1);
        assertEq(book.ltvBps(id), 1, "1 wei over $1M rounds up to 1 bp");
        vm.prank(reserve);
        book.recordRepayment(id, 1, 0);
        assertEq(book.ltvBps(id), 0, "nothing outstanding");
        assertEq(book.ltvBps(_propose()), 0, "proposal has no LTV");
    }

    function test_views_revertUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 0));
        book.getDeal(0);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 1));
        book.ltvBps(1);
    }

    function test_navPrice_reverts() public {
        feed.set(-5);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidNav.selector, int256(-5)));
        book.navPrice();
    }
}
