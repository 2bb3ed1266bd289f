// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";

contract ReserveDealsTest is ReserveBase {
    address internal yd;

    function setUp() public override {
        super.setUp();
        yd = reserve.yieldDistributor();
        _mint(alice, usdc, 1_000_000e6);
        vm.roll(block.number + 1);
        usdc.mint(servicer, 10_000_000e6);
        vm.prank(servicer);
        usdc.approve(address(reserve), type(uint256).max);
    }

    // ---------------------------------------------------------------- fundDeal

    function test_fundDeal_movesBufferIntoDeal() public {
        uint256 dealId = book.propose(borrower, 1_000_000e18);
        vm.expectEmit(address(reserve));
        emit IReserve.DealFunded(dealId, address(usdc), 600_000e6, borrower);
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(usdc), 600_000e6);

        assertEq(usdc.balanceOf(borrower), 600_000e6, "principal paid out");
        assertEq(reserve.liquidBalance(address(usdc)), 400_000e6, "liquid");
        assertEq(reserve.totalLiquid18(), 400_000e18, "totalLiquid18");
        assertEq(book.totalCarryingValue(), 600_000e18, "activated at 18 decimals");
        assertEq(reserve.backing(), 1_000_000e18, "backing unchanged");
        assertEq(reserve.collateralRatio(), 1e18, "CR unchanged");
    }

    function test_fundDeal_revertsZeroAmount() public {
        uint256 dealId = book.propose(borrower, 1e24);
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(usdc), 0);
    }

    function test_fundDeal_revertsUnknownStable() public {
        uint256 dealId = book.propose(borrower, 1e24);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(0xbeef)));
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(0xbeef), 1);
    }

    function test_fundDeal_worksFromDisabledStable() public {
        vm.prank(admin);
        reserve.configureStable(address(usdc), false, address(usdcFeed), 1 days);
        _fundDeal(usdc, 1e6);
        assertEq(usdc.balanceOf(borrower), 1e6, "deal flows use configured, not only enabled, stables");
    }

    function test_fundDeal_revertsInsufficientLiquidity() public {
        uint256 dealId = book.propose(borrower, 1e30);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InsufficientLiquidity.selector, address(usdc), 1_000_000e6 + 1, 1_000_000e6)
        );
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(usdc), 1_000_000e6 + 1);
    }

    function test_fundDeal_cannotTakeReservedLiquidity() public {
        _request(alice, usdc, 300_000e18);
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        uint256 dealId = book.propose(borrower, 1e30);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InsufficientLiquidity.selector, address(usdc), 700_001e6, 700_000e6)
        );
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(usdc), 700_001e6);
    }

    function test_fundDeal_propagatesDealBookChecks() public {
        vm.expectRevert(abi.encodeWithSelector(IDealBook.DealNotFound.selector, 99));
        vm.prank(allocator);
        reserve.fundDeal(99, address(usdc), 1e6);

        uint256 dealId = book.propose(borrower, 10e18);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.AdvanceRateExceeded.selector, 11e18, 10e18));
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(usdc), 11e6);
    }

    function test_dealFlows_revertWithoutDealBook() public {
        Reserve bare = new Reserve(admin, address(aid), treasury, PER_BLOCK, PER_DAY, REDEEM_PER_DAY);
        vm.startPrank(admin);
        bare.grantRole(bare.ALLOCATOR_ROLE(), allocator);
        bare.grantRole(bare.SERVICER_ROLE(), servicer);
        vm.stopPrank();
        assertEq(bare.backing(), 0, "no deal book: backing is liquid only");
        assertEq(bare.collateralRatio(), 0, "AID exists (minted by the other reserve), this one backs nothing");
        vm.expectRevert(IReserve.ModuleNotSet.selector);
        vm.prank(allocator);
        bare.fundDeal(1, address(usdc), 1);
        vm.startPrank(servicer);
        vm.expectRevert(IReserve.ModuleNotSet.selector);
        bare.recordRepayment(1, address(usdc), 1, 1);
        vm.expectRevert(IReserve.ModuleNotSet.selector);
        bare.writeDownDeal(1, 0);
        vm.expectRevert(IReserve.ModuleNotSet.selector);
        bare.recordLiquidation(1, address(usdc), 0);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- recordRepayment

    function test_recordRepayment_splitsIncome() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.warp(block.timestamp + 365 days);

        // accrued = 600_000 × 0.25% = 1_500; perf = 15% × 50_000 = 7_500 (20% of it to insurance);
        // net = 50_000 − 7_500 − 1_500 = 41_000.
        vm.expectEmit(address(reserve));
        emit IReserve.ProtocolFeeAccrued(1500e18, 1500e18);
        vm.expectEmit(address(reserve));
        emit IReserve.RepaymentReceived(dealId, address(usdc), 100_000e6, 50_000e6, 7500e18, 1500e18, 41_000e18);
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(usdc), 100_000e6, 50_000e6);

        assertEq(aid.balanceOf(address(insurance)), 1500e18, "insurance cut");
        assertEq(aid.balanceOf(treasury), 6000e18 + 1500e18, "treasury: perf rest + protocol");
        assertEq(aid.balanceOf(yd), 41_000e18, "net to yield distributor");
        assertEq(reserve.protocolFeeAccrued(), 0, "protocol fee settled");
        assertEq(aid.totalSupply(), 1_050_000e18, "supply rose by income");
        assertEq(reserve.liquidBalance(address(usdc)), 550_000e6, "principal + income in the buffer");
        assertEq(book.totalCarryingValue(), 500_000e18, "carrying value down by principal");
        assertEq(reserve.backing(), aid.totalSupply(), "backing rose by income too");
    }

    function test_recordRepayment_protocolFeeCappedByIncome() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.warp(block.timestamp + 365 days);
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(usdc), 0, 100e6);
        // perf 15, protocol min(1_500, 85) = 85, net 0.
        assertEq(aid.balanceOf(yd), 0, "no net yield");
        assertEq(aid.balanceOf(address(insurance)) + aid.balanceOf(treasury), 100e18, "all income is fees");
        assertEq(reserve.protocolFeeAccrued(), 1415e18, "rest of the protocol fee stays accrued");
    }

    function test_recordRepayment_principalOnly() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(usdc), 600_000e6, 0);
        assertEq(aid.totalSupply(), 1_000_000e18, "no AID minted without income");
        assertEq(book.totalOutstandingPrincipal(), 0, "repaid");
        assertEq(reserve.totalLiquid18(), 1_000_000e18, "buffer restored");
    }

    function test_recordRepayment_revertsZero() public {
        uint256 dealId = _fundDeal(usdc, 1e6);
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(usdc), 0, 0);
    }

    function test_recordRepayment_revertsUnknownStable() public {
        uint256 dealId = _fundDeal(usdc, 1e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(0xbeef)));
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(0xbeef), 1, 0);
    }

    function test_recordRepayment_revertsAboveOutstanding() public {
        uint256 dealId = _fundDeal(usdc, 1e6);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.RepaymentExceedsOutstanding.selector, 2e18, 1e18));
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(usdc), 2e6, 0);
    }

    function test_recordRepayment_revertsWhenShortDelivered() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(6, 100);
        vm.prank(admin);
        reserve.configureStable(address(fot), true, address(usdcFeed), 1 days);
        uint256 dealId = _fundDeal(usdc, 100e6);
        fot.mint(servicer, 100e6);
        vm.startPrank(servicer);
        fot.approve(address(reserve), 100e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.NotReceived.selector, 100e6, 99e6));
        reserve.recordRepayment(dealId, address(fot), 100e6, 0);
        vm.stopPrank();
    }

    function test_recordRepayment_revertsAboveUint128() public {
        _mint(bob, dai, 10e18);
        uint256 dealId = _fundDeal(dai, 1e18);
        uint256 huge = uint256(type(uint128).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, huge, 0, uint256(type(uint128).max))
        );
        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(dai), 0, huge);
    }

    function test_recordRepayment_revertsWithoutYieldDistributor() public {
        Reserve bare = new Reserve(admin, address(aid), treasury, PER_BLOCK, PER_DAY, REDEEM_PER_DAY);
        vm.startPrank(admin);
        bare.grantRole(bare.SERVICER_ROLE(), servicer);
        aid.grantRole(aid.MINTER_ROLE(), address(bare));
        bare.configureStable(address(usdc), true, address(usdcFeed), 1 days);
        bare.setDealBook(address(book));
        vm.stopPrank();
        book.setReserve(address(bare));
        uint256 dealId = book.propose(borrower, 1e30);
        vm.prank(address(bare));
        book.activate(dealId, 100e18);
        vm.startPrank(servicer);
        usdc.approve(address(bare), type(uint256).max);
        vm.expectRevert(IReserve.ModuleNotSet.selector);
        bare.recordRepayment(dealId, address(usdc), 0, 100e6);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- protocol fee accrual

    function test_protocolFee_accruesAtOldRateBeforeRateChange() public {
        _fundDeal(usdc, 600_000e6);
        vm.warp(block.timestamp + 365 days / 2);
        vm.prank(admin);
        reserve.setFees(0, 10, 1500, 100);
        assertEq(reserve.protocolFeeAccrued(), 750e18, "half a year at 0.25%");
        vm.warp(block.timestamp + 365 days / 2);
        _fundDeal(usdc, 1e6); // any change of outstanding principal accrues first
        assertEq(reserve.protocolFeeAccrued(), 750e18 + 3000e18, "then half a year at 1%");
        assertEq(reserve.lastFeeAccrual(), block.timestamp, "accrual timestamp");
    }

    function testFuzz_protocolFee_matchesFormula(uint256 principal, uint256 dt, uint256 bps) public {
        principal = bound(principal, 1e6, 999_999e6);
        dt = bound(dt, 1, 3 * 365 days);
        bps = bound(bps, 0, 100);
        vm.prank(admin);
        reserve.setFees(0, 10, 1500, bps);
        _fundDeal(usdc, principal);
        vm.warp(block.timestamp + dt);
        _fundDeal(usdc, 1);
        uint256 exact = principal * 1e12 * bps * dt;
        uint256 denom = 10_000 * 365 days;
        uint256 accrued = reserve.protocolFeeAccrued();
        assertGe(accrued * denom, exact, "rounded up");
        assertLt(accrued * denom, exact + denom, "by less than one wei");
    }

    function testFuzz_recordRepayment_feeMath(uint256 income, uint256 perfBps, uint256 cutBps, uint256 dt) public {
        income = bound(income, 1, 1_000_000e6);
        perfBps = bound(perfBps, 0, 3000);
        cutBps = bound(cutBps, 0, 10_000);
        dt = bound(dt, 0, 365 days);
        vm.startPrank(admin);
        reserve.setFees(0, 10, perfBps, 25);
        reserve.setInsurance(address(insurance), cutBps);
        vm.stopPrank();
        uint256 dealId = _fundDeal(usdc, 500_000e6);
        vm.warp(block.timestamp + dt);
        uint256 supplyBefore = aid.totalSupply();

        vm.prank(servicer);
        reserve.recordRepayment(dealId, address(usdc), 0, income);

        // Reference implementation of DESIGN.md's split.
        uint256 income18 = income * 1e12;
        uint256 perf = (income18 * perfBps + 9999) / 10_000;
        uint256 accrued = (500_000e18 * 25 * dt + 10_000 * 365 days - 1) / (10_000 * 365 days);
        uint256 protocol = accrued < income18 - perf ? accrued : income18 - perf;
        uint256 cut = perf * cutBps / 10_000;
        assertEq(aid.balanceOf(address(insurance)), cut, "insurance: perf x cut, rounded down");
        assertEq(aid.balanceOf(treasury), perf - cut + protocol, "treasury: rest of perf + protocol");
        assertEq(aid.balanceOf(yd), income18 - perf - protocol, "yield distributor: net");
        assertEq(reserve.protocolFeeAccrued(), accrued - protocol, "unsettled protocol fee stays accrued");
        assertEq(aid.totalSupply() - supplyBefore, income18, "supply rises by income");
        assertEq(reserve.backing(), aid.totalSupply(), "fully backed");
    }

    // ---------------------------------------------------------------- writeDownDeal

    function _fundLossAbsorbers(uint256 toInsurance, uint256 toStakers) internal {
        vm.startPrank(alice);
        aid.transfer(address(insurance), toInsurance);
        aid.transfer(address(sAid), toStakers);
        vm.stopPrank();
    }

    function test_writeDown_waterfall() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        _fundLossAbsorbers(10_000e18, 50_000e18);
        uint256 escrowId = _request(alice, usdc, 1000e18);
        uint256 supply = aid.totalSupply();

        vm.expectEmit(address(reserve));
        emit IReserve.LossAbsorbed(dealId, 200_000e18, 10_000e18, 50_000e18, 140_000e18);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 400_000e18);

        assertEq(aid.balanceOf(address(insurance)), 0, "insurance drained first");
        assertEq(aid.balanceOf(address(sAid)), 0, "then stakers");
        assertEq(aid.totalSupply(), supply - 60_000e18, "absorbed AID burned");
        assertEq(reserve.uncoveredLoss(), 140_000e18, "rest uncovered");
        assertEq(aid.balanceOf(address(reserve)), 1000e18, "escrow untouched");
        assertEq(reserve.totalEscrowed(), 1000e18, "escrow accounting untouched");
        assertEq(uint8(_status(escrowId)), uint8(IReserve.RequestStatus.Pending), "request intact");
        assertEq(reserve.backing() + reserve.uncoveredLoss(), aid.totalSupply(), "supply = backing + uncovered");
    }

    function test_writeDown_coveredByInsurance() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        _fundLossAbsorbers(300_000e18, 50_000e18);
        vm.expectEmit(address(reserve));
        emit IReserve.LossAbsorbed(dealId, 200_000e18, 200_000e18, 0, 0);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 400_000e18);
        assertEq(aid.balanceOf(address(sAid)), 50_000e18, "stakers untouched");
        assertEq(reserve.uncoveredLoss(), 0, "nothing uncovered");
        assertEq(reserve.backing(), aid.totalSupply(), "fully backed again");
    }

    function test_writeDown_zeroLoss() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.expectEmit(address(reserve));
        emit IReserve.LossAbsorbed(dealId, 0, 0, 0, 0);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 600_000e18);
        assertEq(reserve.uncoveredLoss(), 0, "no loss");
    }

    function test_writeDown_propagatesDealBookChecks() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.RecoveryExceedsCarryingValue.selector, 600_001e18, 600_000e18));
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 600_001e18);
    }

    // ---------------------------------------------------------------- recordLiquidation

    function test_recordLiquidation_shortfallIsFurtherLoss() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 400_000e18);
        assertEq(reserve.uncoveredLoss(), 200_000e18, "first loss uncovered");

        vm.expectEmit(address(reserve));
        emit IReserve.LiquidationProceeds(dealId, address(usdc), 300_000e6, 400_000e18);
        vm.expectEmit(address(reserve));
        emit IReserve.LossAbsorbed(dealId, 100_000e18, 0, 0, 100_000e18);
        vm.prank(servicer);
        reserve.recordLiquidation(dealId, address(usdc), 300_000e6);

        assertEq(reserve.uncoveredLoss(), 300_000e18, "total uncovered");
        assertEq(reserve.liquidBalance(address(usdc)), 700_000e6, "proceeds in the buffer");
        assertEq(book.totalCarryingValue(), 0, "deal closed");
        assertEq(reserve.backing() + reserve.uncoveredLoss(), aid.totalSupply(), "supply = backing + uncovered");
    }

    function test_recordLiquidation_surplusReducesUncoveredLoss() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 400_000e18);
        vm.prank(servicer);
        reserve.recordLiquidation(dealId, address(usdc), 450_000e6);
        assertEq(reserve.uncoveredLoss(), 150_000e18, "surplus of 50k restores backing");
        assertEq(reserve.backing() + reserve.uncoveredLoss(), aid.totalSupply(), "supply = backing + uncovered");

        // A surplus larger than the uncovered loss floors it at zero.
        uint256 deal2 = _fundDeal(usdc, 100_000e6);
        vm.prank(servicer);
        reserve.writeDownDeal(deal2, 0);
        vm.prank(servicer);
        reserve.recordLiquidation(deal2, address(usdc), 400_000e6);
        assertEq(reserve.uncoveredLoss(), 0, "floored at zero");
    }

    function test_recordLiquidation_zeroProceeds() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 50_000e18);
        uint256 servicerBalance = usdc.balanceOf(servicer);
        vm.prank(servicer);
        reserve.recordLiquidation(dealId, address(usdc), 0);
        assertEq(usdc.balanceOf(servicer), servicerBalance, "nothing pulled");
        assertEq(reserve.uncoveredLoss(), 600_000e18, "whole principal lost");
    }

    function test_recordLiquidation_revertsNotDefaulted() public {
        uint256 dealId = _fundDeal(usdc, 600_000e6);
        vm.expectRevert(abi.encodeWithSelector(IDealBook.InvalidStatus.selector, dealId, IDealBook.Status.Active));
        vm.prank(servicer);
        reserve.recordLiquidation(dealId, address(usdc), 1e6);
    }

    function test_recordLiquidation_revertsUnknownStable() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(0xbeef)));
        vm.prank(servicer);
        reserve.recordLiquidation(1, address(0xbeef), 1);
    }

    function test_recordLiquidation_revertsWhenShortDelivered() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(6, 100);
        vm.prank(admin);
        reserve.configureStable(address(fot), true, address(usdcFeed), 1 days);
        uint256 dealId = _fundDeal(usdc, 100e6);
        vm.prank(servicer);
        reserve.writeDownDeal(dealId, 50e18);
        fot.mint(servicer, 50e6);
        vm.startPrank(servicer);
        fot.approve(address(reserve), 50e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.NotReceived.selector, 50e6, 49.5e6));
        reserve.recordLiquidation(dealId, address(fot), 50e6);
        vm.stopPrank();
    }
}
