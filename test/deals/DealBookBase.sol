// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared fixture: a DealBook with one account per role and a GPU-NAV feed at $25,000 (8 decimals).
abstract contract DealBookBase is Test {
    address internal admin = makeAddr("admin");
    address internal originator = makeAddr("originator");
    address internal navReporter = makeAddr("navReporter");
    address internal servicer = makeAddr("servicer");
    address internal reserve = makeAddr("reserve");
    address internal stranger = makeAddr("stranger");
    address internal payout = makeAddr("payout");

    uint256 internal constant NAV_MAX_AGE = 1 days;
    int256 internal constant NAV_PRICE_8 = 25_000e8;

    DealBook internal book;
    MockFeed internal feed;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        feed = new MockFeed(8, NAV_PRICE_8);
        book = new DealBook(admin, feed, NAV_MAX_AGE);
        vm.startPrank(admin);
        book.grantRole(book.ORIGINATOR_ROLE(), originator);
        book.grantRole(book.NAV_REPORTER_ROLE(), navReporter);
        book.grantRole(book.SERVICER_ROLE(), servicer);
        book.grantRole(book.RESERVE_ROLE(), reserve);
        vm.stopPrank();
    }

    /// @dev 40 H100-equivalents at $25,000 = $1,000,000 collateral, 80% advance, 85% margin line, 15% APR, 1 year.
    function _terms() internal view returns (IDealBook.DealTerms memory t) {
        t = IDealBook.DealTerms({
            borrowerId: keccak256("borrower-1"),
            assetClass: IDealBook.AssetClass.GPU,
            hardwareCount: 40,
            hardwareModel: bytes32("H100-SXM"),
            locationHash: keccak256("us-east-dc-7"),
            navUnits: 40e18,
            collateralValue: 1_000_000e18,
            advanceRateBps: 8000,
            maxLtvBps: 8500,
            structure: IDealBook.Structure.FIXED_RATE,
            rateBps: 1500,
            tenor: 365 days,
            payoutWallet: payout
        });
    }

    function _propose(IDealBook.DealTerms memory t) internal returns (uint256 id) {
        vm.prank(originator);
        id = book.propose(t);
    }

    function _propose() internal returns (uint256) {
        return _propose(_terms());
    }

    function _activeDeal(uint256 principal) internal returns (uint256 id) {
        id = _propose();
        vm.prank(reserve);
        book.activate(id, principal);
    }

    function _status(uint256 id) internal view returns (IDealBook.Status) {
        return book.getDeal(id).status;
    }
}
