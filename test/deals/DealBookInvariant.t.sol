// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Drives DealBook through random legal actions (every call is made valid, so `fail_on_revert` holds) and
/// records every status transition it observes.
contract DealBookHandler is Test {
    DealBook internal immutable book;
    MockFeed internal immutable feed;
    address internal immutable originator;
    address internal immutable navReporter;
    address internal immutable servicer;
    address internal immutable reserve;

    uint256[] public ids;
    mapping(uint256 id => IDealBook.Status) public lastStatus;
    uint256 public illegalTransitions;
    uint256 public ghostIncome;
    mapping(bytes32 action => uint256) public calls;

    constructor(DealBook book_, MockFeed feed_, address o, address n, address s, address r) {
        book = book_;
        feed = feed_;
        originator = o;
        navReporter = n;
        servicer = s;
        reserve = r;
    }

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    function propose(uint256 collateral, uint16 advance, uint16 ltvGap, uint64 tenor, uint256 navUnits) external {
        IDealBook.DealTerms memory t = IDealBook.DealTerms({
            borrowerId: keccak256(abi.encode(ids.length)),
            assetClass: IDealBook.AssetClass.GPU,
            hardwareCount: 8,
            hardwareModel: bytes32("H100"),
            locationHash: bytes32(uint256(1)),
            navUnits: bound(navUnits, 0, 1e24),
            collateralValue: bound(collateral, 1e18, 1e27),
            advanceRateBps: uint16(bound(advance, 1, 8000)),
            maxLtvBps: 0,
            structure: IDealBook.Structure.FIXED_RATE,
            rateBps: 1200,
            tenor: uint64(bound(tenor, 90 days, 3 * 365 days)),
            payoutWallet: address(0xBEEF)
        });
        t.maxLtvBps = uint16(bound(ltvGap, uint256(t.advanceRateBps) + 1, 10_000));
        vm.prank(originator);
        uint256 id = book.propose(t);
        ids.push(id);
        _observe(id, IDealBook.Status.None);
        calls["propose"]++;
    }

    function cancel(uint256 seed) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Proposed, IDealBook.Status.Proposed);
        if (!found) return;
        vm.prank(originator);
        book.cancel(id);
        // A cancelled record is deleted: its status reads None (not a transition the status machine allows
        // otherwise), tracked separately.
        lastStatus[id] = IDealBook.Status.None;
        calls["cancel"]++;
    }

    function activate(uint256 seed, uint256 fraction) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Proposed, IDealBook.Status.Proposed);
        if (!found) return;
        IDealBook.Deal memory d = book.getDeal(id);
        uint256 maxPrincipal = d.terms.collateralValue * d.terms.advanceRateBps / 10_000;
        if (maxPrincipal == 0) return;
        uint256 principal = bound(fraction, 1, maxPrincipal);
        vm.prank(reserve);
        book.activate(id, principal);
        _observe(id, IDealBook.Status.Proposed);
        calls["activate"]++;
    }

    function markNav(uint256 seed, uint256 value) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Proposed, IDealBook.Status.Late);
        if (!found) return;
        IDealBook.Status before = book.getDeal(id).status;
        vm.prank(navReporter);
        book.markNav(id, bound(value, 1, 1e28));
        _observe(id, before);
        calls["markNav"]++;
    }

    function markNavFromFeed(uint256 seed, uint256 price) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Proposed, IDealBook.Status.Late);
        if (!found) return;
        IDealBook.Deal memory d = book.getDeal(id);
        if (d.terms.navUnits == 0) return;
        feed.set(int256(bound(price, 1e8, 1e14)));
        if (d.terms.navUnits * (uint256(feed.answer()) * 1e10) / 1e18 == 0) return;
        book.markNavFromFeed(id);
        _observe(id, d.status);
        calls["markNavFromFeed"]++;
    }

    function markLate(uint256 seed) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Active, IDealBook.Status.Active);
        if (!found) return;
        vm.prank(servicer);
        book.markLate(id);
        _observe(id, IDealBook.Status.Active);
        calls["markLate"]++;
    }

    function cure(uint256 seed) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Late, IDealBook.Status.Late);
        if (!found) return;
        vm.prank(servicer);
        book.cure(id);
        _observe(id, IDealBook.Status.Late);
        calls["cure"]++;
    }

    function repay(uint256 seed, uint256 principal, uint256 income, bool full) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Active, IDealBook.Status.Late);
        if (!found) return;
        IDealBook.Deal memory d = book.getDeal(id);
        principal = full ? d.outstandingPrincipal : bound(principal, 0, d.outstandingPrincipal);
        income = bound(income, principal == 0 ? 1 : 0, 1e24);
        vm.prank(reserve);
        book.recordRepayment(id, principal, income);
        ghostIncome += income;
        _observe(id, d.status);
        calls["repay"]++;
    }

    function writeDown(uint256 seed, uint256 recovery) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Active, IDealBook.Status.Late);
        if (!found) return;
        IDealBook.Deal memory d = book.getDeal(id);
        vm.prank(reserve);
        book.writeDown(id, bound(recovery, 0, d.carryingValue));
        _observe(id, d.status);
        calls["writeDown"]++;
    }

    function closeLiquidated(uint256 seed, uint256 proceeds) external {
        (uint256 id, bool found) = _pick(seed, IDealBook.Status.Defaulted, IDealBook.Status.Defaulted);
        if (!found) return;
        vm.prank(reserve);
        book.closeLiquidated(id, bound(proceeds, 0, 1e27));
        _observe(id, IDealBook.Status.Defaulted);
        calls["closeLiquidated"]++;
    }

    /// @dev Picks a live deal whose status is within [lo, hi] (enum order), starting at a random index.
    function _pick(uint256 seed, IDealBook.Status lo, IDealBook.Status hi) internal view returns (uint256, bool) {
        uint256 n = ids.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = ids[(seed % n + i) % n];
            IDealBook.Status s = lastStatus[id];
            if (s >= lo && s <= hi && s != IDealBook.Status.None) return (id, true);
        }
        return (0, false);
    }

    function _observe(uint256 id, IDealBook.Status from) internal {
        IDealBook.Status to = book.getDeal(id).status;
        if (!_legal(from, to)) illegalTransitions++;
        lastStatus[id] = to;
    }

    function _legal(IDealBook.Status from, IDealBook.Status to) internal pure returns (bool) {
        if (from == to) return from != IDealBook.Status.None;
        if (from == IDealBook.Status.None) return to == IDealBook.Status.Proposed;
        if (from == IDealBook.Status.Proposed) return to == IDealBook.Status.Active;
        if (from == IDealBook.Status.Active) {
            return to == IDealBook.Status.Late || to == IDealBook.Status.Repaid || to == IDealBook.Status.Defaulted;
        }
        if (from == IDealBook.Status.Late) {
            return to == IDealBook.Status.Active || to == IDealBook.Status.Repaid || to == IDealBook.Status.Defaulted;
        }
        if (from == IDealBook.Status.Defaulted) return to == IDealBook.Status.Liquidated;
        return false; // Liquidated and Repaid are terminal
    }
}

/// @notice Invariants of DealBook under random action sequences.
contract DealBookInvariantTest is Test {
    DealBook internal book;
    MockFeed internal feed;
    DealBookHandler internal handler;
    address internal reserve = makeAddr("reserve");

    function setUp() public {
        vm.warp(1_750_000_000);
        address admin = makeAddr("admin");
        address originator = makeAddr("originator");
        address navReporter = makeAddr("navReporter");
        address servicer = makeAddr("servicer");
        feed = new MockFeed(8, 25_000e8);
        book = new DealBook(admin, feed, 1 days);
        vm.startPrank(admin);
        book.grantRole(book.ORIGINATOR_ROLE(), originator);
        book.grantRole(book.NAV_REPORTER_ROLE(), navReporter);
        book.grantRole(book.SERVICER_ROLE(), servicer);
        book.grantRole(book.RESERVE_ROLE(), reserve);
        vm.stopPrank();
        handler = new DealBookHandler(book, feed, originator, navReporter, servicer, reserve);
        targetContract(address(handler));
    }

    /// @dev Σ outstanding over Active/Late and Σ carrying over Active/Late/Defaulted equal the running totals.
    function invariant_aggregatesEqualSumOverDeals() public view {
        uint256 sumOutstanding;
        uint256 sumCarrying;
        uint256 n = book.dealCount();
        for (uint256 id = 1; id <= n; ++id) {
            if (handler.lastStatus(id) == IDealBook.Status.None) continue; // cancelled
            IDealBook.Deal memory d = book.getDeal(id);
            if (d.status == IDealBook.Status.Active || d.status == IDealBook.Status.Late) {
                sumOutstanding += d.outstandingPrincipal;
                sumCarrying += d.carryingValue;
                assertEq(d.carryingValue, d.outstandingPrincipal, "performing: carrying == outstanding");
            } else if (d.status == IDealBook.Status.Defaulted) {
                sumCarrying += d.carryingValue;
                assertLe(d.carryingValue, d.outstandingPrincipal, "recovery <= claim");
            } else {
                assertEq(d.carryingValue, 0, "closed or proposed deals carry nothing");
            }
        }
        assertEq(book.totalOutstandingPrincipal(), sumOutstanding, "outstanding aggregate");
        assertEq(book.totalCarryingValue(), sumCarrying, "carrying aggregate");
    }

    function invariant_statusTransitionsLegal() public view {
        assertEq(handler.illegalTransitions(), 0, "every observed transition is legal");
    }

    /// @dev Position tokens exist exactly for funded deals and are all held by the Reserve; principal is conserved.
    function invariant_positionsAndPrincipal() public view {
        uint256 funded;
        uint256 income;
        uint256 n = book.dealCount();
        for (uint256 id = 1; id <= n; ++id) {
            IDealBook.Status s = handler.lastStatus(id);
            if (s == IDealBook.Status.None || s == IDealBook.Status.Proposed) continue;
            IDealBook.Deal memory d = book.getDeal(id);
            funded++;
            income += d.incomeReceived;
            assertEq(book.ownerOf(id), reserve, "position held by the reserve");
            assertEq(d.principalRepaid + d.outstandingPrincipal, d.principal, "principal conservation");
            assertEq(d.marginCall && d.status > IDealBook.Status.Late, false, "flag only on performing deals");
        }
        assertEq(book.balanceOf(reserve), funded, "one position per funded deal");
        assertEq(income, handler.ghostIncome(), "income booked == income recorded");
    }
}
