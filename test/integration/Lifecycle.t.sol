// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {IYieldDistributor} from "../../contracts/interfaces/IYieldDistributor.sol";
import {IntegrationBase} from "./IntegrationBase.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice A deal's full life through the real contracts: propose → fund → NAV marks (margin call and clear) →
/// repayments with income → fees to treasury / insurance, net AID to the distributor → distribute into sAID → the
/// rate rises as it vests → repaid.
contract LifecycleIntegrationTest is IntegrationBase {
    uint256 internal dealId;
    uint256 internal aliceShares;

    function setUp() public override {
        super.setUp();
        _mintAid(alice, usdc, 2_000_000e6);
        _mintAid(bob, usdt, 500_000e6);
        aliceShares = _stake(alice, 1_000_000e18);
        dealId = _proposeDeal(40e18); // 40 × $25,000 = $1,000,000
    }

    function test_lifecycle_fullDeal() public {
        uint256 supply0 = aid.totalSupply();
        assertEq(supply0, 2_501_000e18, "minted 1:1 (incl. seed)");
        assertEq(reserve.backing(), supply0, "backing == supply before funding");

        // ---- fund
        vm.expectEmit(true, true, true, true, address(reserve));
        emit IReserve.DealFunded(dealId, address(usdc), 800_000e6, borrower);
        _fundDeal(dealId, usdc, 800_000e6);
        assertEq(usdc.balanceOf(borrower), 800_000e6, "principal paid out");
        assertEq(book.ownerOf(dealId), address(reserve), "position owned by the reserve");
        assertEq(uint8(book.getDeal(dealId).status), uint8(IDealBook.Status.Active), "active");
        assertEq(book.getDeal(dealId).principal, 800_000e18, "principal booked in 18 decimals");
        assertEq(book.totalCarryingValue(), 800_000e18, "carrying");
        assertEq(reserve.availableLiquidity(address(usdc)), 1_201_000e6, "buffer paid out");
        assertEq(reserve.backing(), supply0, "funding moves backing from buffer to the deal");

        // ---- NAV marks: margin call and clear
        navFeed.set(23_000e8);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.MarginCall(dealId, 8696, 8500);
        book.markNavFromFeed(dealId);
        assertTrue(book.getDeal(dealId).marginCall, "margin call");
        assertEq(reserve.backing(), supply0, "a NAV mark does not move backing (carrying = principal)");
        navFeed.set(25_000e8);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.MarginCallCleared(dealId, 8000);
        book.markNavFromFeed(dealId);

        // ---- first repayment after 30 days: 100k principal + 10k income
        _warp(30 days);
        uint256 accrued = Math.mulDiv(800_000e18 * 25, 30 days, 10_000 * 365 days, Math.Rounding.Ceil);
        uint256 perf = 1500e18;
        uint256 net = 10_000e18 - perf - accrued;
        uint256 toInsurance = perf * INSURANCE_CUT_BPS / 10_000;
        usdc.mint(servicer, 110_000e6);
        vm.startPrank(servicer);
        usdc.approve(address(reserve), 110_000e6);
        vm.expectEmit(true, true, false, true, address(reserve));
        emit IReserve.RepaymentReceived(dealId, address(usdc), 100_000e6, 10_000e6, perf, accrued, net);
        reserve.recordRepayment(dealId, address(usdc), 100_000e6, 10_000e6);
        vm.stopPrank();
        assertEq(aid.balanceOf(address(fund)), toInsurance, "insurance cut of the performance fee");
        assertEq(aid.balanceOf(treasury), perf - toInsurance + accrued, "treasury: rest of perf + protocol fee");
        assertEq(aid.balanceOf(address(distributor)), net, "net income to the distributor");
        assertEq(reserve.protocolFeeAccrued(), 0, "protocol fee settled");
        assertEq(aid.totalSupply(), supply0 + 10_000e18, "supply rose by the income");
        assertEq(reserve.backing(), aid.totalSupply(), "backing rose by the same income");
        IDealBook.Deal memory d = book.getDeal(dealId);
        assertEq(d.outstandingPrincipal, 700_000e18, "outstanding");
        assertEq(d.incomeReceived, 10_000e18, "income booked");

        // ---- distribute into sAID; the rate rises only as it vests
        uint256 rate0 = _rate();
        uint256 assets0 = vault.totalAssets();
        uint256 expected = Math.mulDiv(assets0, 5000 * 8 hours, 10_000 * 365 days);
        assertEq(distributor.distributable(), expected, "capped by the vault's max APR");
        vm.prank(keeper);
        uint256 sent = distributor.distribute();
        assertEq(sent, expected, "distributed");
        assertEq(vault.unvestedYield(), sent, "fully unvested at start");
        assertEq(_rate(), rate0, "rate unchanged at distribution");
        assertEq(distributor.distributable(), 0, "nothing while vesting");
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.NothingToDistribute.selector, 0, 0));
        vm.prank(keeper);
        distributor.distribute();

        _warp(4 hours);
        uint256 rateMid = _rate();
        assertGt(rateMid, rate0, "rate rises while vesting");
        _warp(4 hours);
        uint256 rateEnd = _rate();
        assertGt(rateEnd, rateMid, "rate keeps rising");
        assertEq(vault.totalAssets(), assets0 + sent, "all vested");
        assertApproxEqAbs(
            rateEnd, Math.mulDiv(1e18, assets0 + sent + 1, vault.totalSupply() + 1), 1, "rate == assets / shares"
        );

        // ---- drain the rest of the income over later rounds (each capped by maxYield)
        uint256 rounds;
        while (distributor.pendingYield() != 0) {
            vm.prank(keeper);
            distributor.distribute();
            _warp(8 hours);
            rounds++;
            assertLt(rounds, 40, "distribution terminates");
        }
        assertEq(vault.totalAssets(), assets0 + net, "all net income reached stakers");
        assertGt(vault.convertToAssets(aliceShares), 1_000_000e18, "alice's stake grew");

        // ---- final repayment
        _repay(dealId, usdc, 700_000e6, 20_000e6);
        d = book.getDeal(dealId);
        assertEq(uint8(d.status), uint8(IDealBook.Status.Repaid), "repaid");
        assertEq(d.principalRepaid, 800_000e18, "all principal back");
        assertEq(book.totalOutstandingPrincipal(), 0, "no outstanding");
        assertEq(book.totalCarryingValue(), 0, "no carrying");
        assertEq(reserve.availableLiquidity(address(usdc)), 2_031_000e6, "buffer: 1,201k + 830k");
        assertEq(reserve.backing(), aid.totalSupply(), "fully backed at the end");
        _assertBacked("after repayment");
    }

    function test_lifecycle_repayInUsdtAndRedeemAfter() public {
        _fundDeal(dealId, usdc, 500_000e6);
        _warp(90 days);
        _repay(dealId, usdt, 500_000e6, 30_000e6);
        assertEq(uint8(book.getDeal(dealId).status), uint8(IDealBook.Status.Repaid), "repaid in USDT");
        assertEq(reserve.availableLiquidity(address(usdt)), 1_030_000e6, "USDT buffer grew");
        _assertBacked("after USDT repayment");
        // Bob redeems instantly into the USDT the repayment brought.
        uint256 bal = aid.balanceOf(bob);
        vm.startPrank(bob);
        aid.approve(address(reserve), bal);
        uint256 out = reserve.redeem(address(usdt), bal, 0, bob);
        vm.stopPrank();
        assertEq(out, (bal - Math.mulDiv(bal, 10, 10_000, Math.Rounding.Ceil)) / 1e12, "redeemed net of 0.1% fee");
        _assertBacked("after redemption");
    }

    function test_lifecycle_fundingAboveAdvanceRateReverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.AdvanceRateExceeded.selector, 800_000e18 + 1e12, 800_000e18));
        _fundDeal(dealId, usdc, 800_000e6 + 1);
        _fundDeal(dealId, usdc, 800_000e6);
        assertEq(book.getDeal(dealId).principal, 800_000e18, "exactly at the advance rate");
    }

    /// @dev A late deal keeps accruing the protocol fee and can repay; a default stops the accrual.
    function test_lifecycle_lateCureAndFeeAccrualStopsAtDefault() public {
        _fundDeal(dealId, usdc, 800_000e6);
        vm.prank(servicer);
        book.markLate(dealId);
        _warp(73 days);
        _repay(dealId, usdc, 0, 10_000e6);
        uint256 fee73 = Math.mulDiv(800_000e18 * 25, 73 days, 10_000 * 365 days, Math.Rounding.Ceil);
        assertEq(aid.balanceOf(treasury), 1200e18 + fee73, "late deal still pays the protocol fee");
        vm.prank(servicer);
        book.cure(dealId);
        assertEq(uint8(book.getDeal(dealId).status), uint8(IDealBook.Status.Active), "cured");

        _writeDown(dealId, 800_000e18); // defaulted at full recovery: no loss
        assertEq(reserve.uncoveredLoss(), 0, "no loss");
        assertEq(book.totalOutstandingPrincipal(), 0, "defaulted deal leaves the fee base");
        uint256 accruedBefore = reserve.protocolFeeAccrued();
        _warp(30 days);
        _liquidate(dealId, usdc, 800_000e6);
        assertEq(reserve.protocolFeeAccrued(), accruedBefore, "no fee accrues on a defaulted deal");
        assertEq(reserve.backing(), aid.totalSupply(), "backed after full recovery");
    }

    /// @dev Deals drain the buffer; a queued redemption waits (FIFO) until a repayment refills it.
    function test_lifecycle_queueWaitsForRepayment() public {
        _fundDeal(dealId, usdc, 800_000e6);
        uint256 deal2 = _proposeDeal(50e18);
        _fundDeal(deal2, usdc, 401_000e6); // buffer: 2,001,000 - 800,000 - 401,000 = 800,000 USDC left
        assertEq(reserve.availableLiquidity(address(usdc)), 800_000e6, "buffer");
        uint256 bal = aid.balanceOf(alice);
        vm.startPrank(alice);
        aid.approve(address(reserve), bal);
        uint256 req = reserve.requestRedeem(address(usdc), bal, alice); // 1,000,000 AID
        vm.stopPrank();
        _warp(7 days);
        assertEq(reserve.processQueue(10), 0, "cannot pay 1M from an 800k buffer");
        _repay(deal2, usdc, 250_000e6, 0);
        assertEq(reserve.processQueue(10), 1, "repayment refilled the buffer");
        uint256 paid = reserve.claim(req);
        assertEq(paid, 1_000_000e6, "queued redemptions pay no fee");
        assertEq(usdc.balanceOf(alice), 1_000_000e6, "alice paid");
        assertEq(reserve.backing(), aid.totalSupply(), "backed after the queue paid");
    }
}
