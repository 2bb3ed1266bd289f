// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IFlashLiquidator} from "../../contracts/interfaces/IFlashLiquidator.sol";
import {IInsuranceFund} from "../../contracts/interfaces/IInsuranceFund.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {UniswapV3Deployer} from "../../script/lib/UniswapV3Deployer.sol";
import {E2EBase} from "./E2EBase.sol";
import {Market, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {IOracle} from "@morpho-blue/interfaces/IOracle.sol";
import {EventsLib} from "@morpho-blue/libraries/EventsLib.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {stdError} from "forge-std/StdError.sol";
import {console2} from "forge-std/console2.sol";

/// @notice Flash liquidations end to end on one chain deployed by `AidDeployer` (the deploy script's code): the
/// user's sAID-collateralised USDC loan becomes unhealthy through (a) a signed AID/USD price drop, (b) a deal default
/// that the Reserve passes to sAID through `reportLoss`, (c) a crash deep enough for Morpho to realise bad debt; the
/// keeper liquidates through the deployed FlashLiquidator, selling on the deployed Uniswap v3 pools. Every amount is
/// checked against Morpho's formulas computed here from the on-chain oracle price and market state of that block.
contract FlashLiquidationE2ETest is E2EBase {
    /// @dev What a checked liquidation produced (also logged for the report).
    struct Outcome {
        uint256 seized;
        uint256 repaidAssets;
        uint256 repaidShares;
        uint256 proceeds;
        uint256 profit;
        uint256 badDebtAssets;
        uint256 badDebtShares;
    }

    // ================================================================ helpers

    /// @dev A day of interest, fresh feeds one second old, interest accrued at the liquidation's timestamp (so the
    /// liquidation accrues nothing and its amounts follow from the stored state).
    function _ageAndAccrue(MarketParams memory p) internal {
        _warp(1 days);
        vm.warp(block.timestamp + 1);
        morpho.accrueInterest(p);
    }

    /// @dev Finds the exact AID/USD answer where `who` turns unhealthy, proves Morpho's verdict on both sides
    /// (healthy at the threshold: Morpho refuses to liquidate; one unit below: unhealthy), and leaves the feed one
    /// unit below the threshold.
    function _dropPriceToThreshold(MarketParams memory p, address who, bytes memory path)
        internal
        returns (int256 threshold)
    {
        int256 current = _answer(d.feedAidUsd);
        assertTrue(_isHealthy(p, who), "healthy at the current price");
        threshold = _healthThreshold(p, who, 0.5e8, current);
        assertLt(threshold, current, "the threshold is below the current price");
        assertGt(threshold, 0.5e8, "the threshold is above the feed's floor");

        uint256 snap = vm.snapshotState();
        _pushAidUsd(threshold);
        assertTrue(_isHealthy(p, who), "healthy exactly at the threshold");
        _expectHealthyRevert(p, who, _route(path));
        vm.revertToState(snap);

        _pushAidUsd(threshold - 1);
        assertFalse(_isHealthy(p, who), "unhealthy one unit below the threshold");
    }

    /// @dev Balances and Morpho state just before a liquidation.
    struct Before {
        Position pos;
        Market m;
        uint256 recipientUsdc;
        uint256 keeperUsdc;
        uint256 poolCollateral;
    }

    /// @dev Keeper liquidation with every amount predicted: Morpho's `Liquidate` and the liquidator's
    /// `FlashLiquidation` events, the returned values, the position and market deltas, the pool receiving the
    /// collateral, the profit at the recipient and an empty liquidator. Exactly one of `seize` / `shares` non-zero.
    function _liquidateChecked(
        MarketParams memory p,
        address borrower,
        uint256 seize,
        uint256 shares,
        bytes memory path,
        address firstPool
    ) internal returns (Outcome memory o) {
        Before memory b = _before(p, borrower, firstPool);
        o = _predict(p, b, seize, shares, path);
        _expectEvents(p, borrower, o);
        (uint256 s, uint256 r, uint256 profit) = _keeperLiquidate(p, borrower, seize, shares, _route(path));

        assertEq(s, o.seized, "seized collateral == Morpho's formula");
        assertEq(r, o.repaidAssets, "repaid assets == toAssetsUp(repaid shares)");
        assertEq(profit, o.profit, "profit == pool proceeds - repayment");
        assertGt(profit, 0, "the liquidation is profitable");
        assertEq(usdc.balanceOf(recipient) - b.recipientUsdc, profit, "recipient's balance delta == returned profit");
        assertEq(usdc.balanceOf(keeper), b.keeperUsdc, "the keeper pays nothing and receives nothing");
        assertEq(
            IERC20(p.collateralToken).balanceOf(firstPool) - b.poolCollateral,
            o.seized,
            "seized collateral sold in the pool"
        );
        _checkMorphoState(p, borrower, b, o);
        _assertLiquidatorEmpty();
        _log(o);
    }

    function _before(MarketParams memory p, address borrower, address firstPool)
        internal
        view
        returns (Before memory b)
    {
        b.pos = _position(p, borrower);
        b.m = _market(p);
        b.recipientUsdc = usdc.balanceOf(recipient);
        b.keeperUsdc = usdc.balanceOf(keeper);
        b.poolCollateral = IERC20(p.collateralToken).balanceOf(firstPool);
    }

    /// @dev Morpho's amounts (seize-exact or repay-exact), its bad-debt realisation, and the pool's quote.
    function _predict(MarketParams memory p, Before memory b, uint256 seize, uint256 shares, bytes memory path)
        internal
        returns (Outcome memory o)
    {
        if (seize != 0) {
            o.seized = seize;
            (o.repaidShares, o.repaidAssets) = _expectedForSeized(p, seize);
        } else {
            o.repaidShares = shares;
            (o.seized, o.repaidAssets) = _expectedForShares(p, shares);
        }
        if (o.seized == b.pos.collateral) {
            // Every remaining share is written off against suppliers, valued on the post-repay totals.
            (uint256 tba, uint256 tbs) = _afterRepay(b.m, o);
            o.badDebtShares = b.pos.borrowShares - o.repaidShares;
            o.badDebtAssets = _toAssetsUp(o.badDebtShares, tba, tbs);
            if (o.badDebtAssets > tba) o.badDebtAssets = tba;
        }
        o.proceeds = _quote(path, o.seized);
        o.profit = o.proceeds - o.repaidAssets;
    }

    /// @dev Market totals after the repayment (Morpho floors the assets at zero).
    function _afterRepay(Market memory m, Outcome memory o) internal pure returns (uint256 tba, uint256 tbs) {
        tba = m.totalBorrowAssets > o.repaidAssets ? m.totalBorrowAssets - o.repaidAssets : 0;
        tbs = m.totalBorrowShares - o.repaidShares;
    }

    function _expectEvents(MarketParams memory p, address borrower, Outcome memory o) internal {
        vm.expectEmit(true, true, true, true, address(morpho));
        emit EventsLib.Liquidate(
            _id(p),
            address(liquidator),
            borrower,
            o.repaidAssets,
            o.repaidShares,
            o.seized,
            o.badDebtAssets,
            o.badDebtShares
        );
        vm.expectEmit(true, true, true, true, address(liquidator));
        emit IFlashLiquidator.FlashLiquidation(
            _id(p), borrower, keeper, o.seized, o.repaidAssets, o.proceeds, o.profit, recipient
        );
    }

    function _checkMorphoState(MarketParams memory p, address borrower, Before memory b, Outcome memory o)
        internal
        view
    {
        (uint256 tba, uint256 tbs) = _afterRepay(b.m, o);
        Position memory pos = _position(p, borrower);
        Market memory m = _market(p);
        assertEq(pos.collateral, b.pos.collateral - o.seized, "borrower's collateral reduced by the seizure");
        assertEq(
            pos.borrowShares,
            b.pos.borrowShares - o.repaidShares - o.badDebtShares,
            "borrower's shares reduced by repaid (+ bad debt)"
        );
        assertEq(m.totalBorrowShares, tbs - o.badDebtShares, "total borrow shares");
        assertEq(m.totalBorrowAssets, tba - o.badDebtAssets, "total borrow assets");
        assertEq(m.totalSupplyAssets, b.m.totalSupplyAssets - o.badDebtAssets, "suppliers lose exactly the bad debt");
        assertEq(m.totalSupplyShares, b.m.totalSupplyShares, "supply shares untouched");
    }

    function _log(Outcome memory o) internal pure {
        console2.log("seized collateral", o.seized);
        console2.log("repaid assets    ", o.repaidAssets);
        console2.log("repaid shares    ", o.repaidShares);
        console2.log("proceeds         ", o.proceeds);
        console2.log("profit           ", o.profit);
        console2.log("bad debt assets  ", o.badDebtAssets);
        console2.log("bad debt shares  ", o.badDebtShares);
    }

    function _sAidUsdcPath() internal view returns (bytes memory) {
        return UniswapV3Deployer.path(d.sAid, FEE_100, d.usdc);
    }

    function _sAidAidUsdcPath() internal view returns (bytes memory) {
        return UniswapV3Deployer.path(d.sAid, FEE_500, d.aid, FEE_100, d.usdc);
    }

    // ================================================================ the deployed wiring this relies on

    function test_e2e_fixture() public view {
        assertEq(sMarket.lltv, 0.86e18, "sAID/USDC LLTV 86%");
        assertEq(aMarket.lltv, 0.915e18, "AID/USDC LLTV 91.5%");
        assertEq(_lif(0.86e18), 1_043_841_336_116_910_229, "LIF at 86% = 1/(1 - 0.3*0.14)");
        assertEq(_lif(0.915e18), 1_026_167_265_264_238_070, "LIF at 91.5% = 1/(1 - 0.3*0.085)");
        assertTrue(liquidator.hasRole(liquidator.KEEPER_ROLE(), keeper), "the operator is the keeper");
        assertEq(liquidator.MORPHO(), d.morpho, "liquidator on the deployed Morpho");
        assertEq(liquidator.SWAP_ROUTER(), d.swapRouter, "liquidator on the deployed router");
        // At AID = 1 USD, USDC = 1 USD and an untouched vault, one sAID is worth 1 USDC (1e24 at 1e36 scale).
        assertEq(sAid.convertToAssets(1e18), 1e18, "sAID rate 1");
        assertEq(IOracle(sMarket.oracle).price(), 1e24, "sAID/USDC oracle price 1.0");
        Position memory pos = _position(sMarket, user);
        assertEq(pos.collateral, userShares, "user's sAID posted");
        assertEq(userShares, USER_USDC * 1e12, "100,000 sAID");
        assertEq(userBorrowed, 85_000e6, "85,000 USDC borrowed (85% of 100,000)");
    }

    // ================================================================ (a) price drop

    function test_e2e_priceDrop_singleHop_seizeExact() public {
        _ageAndAccrue(sMarket);
        int256 threshold = _dropPriceToThreshold(sMarket, user, _sAidUsdcPath());
        console2.log("AID/USD threshold (8 dec)", uint256(threshold));
        assertEq(IOracle(sMarket.oracle).price(), uint256(threshold - 1) * 1e16, "oracle = rate x AID/USD / USDC/USD");

        Outcome memory o = _liquidateChecked(sMarket, user, userShares / 2, 0, _sAidUsdcPath(), d.poolSAidUsdc);
        assertEq(o.badDebtAssets, 0, "no bad debt on a marginal breach");
        // Economics: half the collateral at ~0.988 bought for 1/LIF of its value, sold at ~1.0 in the pool.
        assertApproxEqRel(o.repaidAssets, 50_000e6 * uint256(threshold - 1) / 1e8 * 1e18 / _lif(0.86e18), 1e12, "size");
        assertTrue(_isHealthy(sMarket, user), "healthy again after half the collateral is liquidated");
    }

    function test_e2e_priceDrop_multiHop_repayExact() public {
        _ageAndAccrue(sMarket);
        _dropPriceToThreshold(sMarket, user, _sAidAidUsdcPath());
        uint256 shares = _position(sMarket, user).borrowShares / 2;
        uint256 directPoolUsdc = usdc.balanceOf(d.poolSAidUsdc);
        uint256 aidUsdcPoolUsdc = usdc.balanceOf(d.poolAidUsdc);

        Outcome memory o = _liquidateChecked(sMarket, user, 0, shares, _sAidAidUsdcPath(), d.poolSAidAid);

        assertEq(usdc.balanceOf(d.poolSAidUsdc), directPoolUsdc, "the direct sAID/USDC pool was not used");
        assertEq(aidUsdcPoolUsdc - usdc.balanceOf(d.poolAidUsdc), o.proceeds, "USDC came out of the AID/USDC pool");
        assertEq(o.repaidShares, shares, "repay-exact: the requested shares");
    }

    function test_e2e_priceDrop_seizeAll_noBadDebtJustAboveThreshold() public {
        // Seizing all collateral on a marginal breach is refused by Morpho: the repayment would exceed the debt.
        _ageAndAccrue(sMarket);
        _dropPriceToThreshold(sMarket, user, _sAidUsdcPath());
        vm.expectRevert(stdError.arithmeticError); // Morpho underflows on the borrower's shares (no message)
        _keeperLiquidate(sMarket, user, userShares, 0, _route(_sAidUsdcPath()));
    }

    // ================================================================ (b) deal default → sAID loss

    function test_e2e_dealDefault_reportLoss_thenLiquidate() public {
        IDealBook book = IDealBook(d.dealBook);
        IInsuranceFund fund = IInsuranceFund(d.insuranceFund);

        // A GPU deal funded with 200,000 USDC; 20,000 USDC of income fills the insurance fund (15% performance fee,
        // 20% of it insured = 600 AID).
        uint256 dealId = _proposeDeal(book, 20e18);
        vm.prank(cfg.operator);
        reserve.fundDeal(dealId, d.usdc, 200_000e6);
        _warp(30 days);
        usdc.mint(cfg.operator, 20_000e6);
        vm.startPrank(cfg.operator);
        usdc.approve(d.reserve, 20_000e6);
        reserve.recordRepayment(dealId, d.usdc, 0, 20_000e6);
        vm.stopPrank();
        uint256 insured = fund.available();
        assertEq(insured, 600e18, "insurance fund holds the 600 AID cut");

        // Fresh feeds one second old; Morpho state accrued at this timestamp; AID/USD still 1.
        vm.warp(block.timestamp + 1);
        morpho.accrueInterest(sMarket);
        assertTrue(_isHealthy(sMarket, user), "healthy before the default");
        _expectHealthyRevert(sMarket, user, _route(_sAidUsdcPath()));

        // Loss to stakers: 2% of the vault (rate 1 → 0.98, below 85,000 / 86,000 ≈ 0.9884).
        uint256 assets0 = sAid.totalAssets();
        uint256 supply = sAid.totalSupply();
        uint256 toStakers = assets0 / 50;
        uint256 loss = insured + toStakers;
        uint256 carrying = book.getDeal(dealId).carryingValue;
        vm.expectEmit(true, true, false, true, d.sAid);
        emit IStakedAID.LossReported(d.reserve, d.reserve, toStakers, 0);
        vm.expectEmit(true, false, false, true, d.reserve);
        emit IReserve.LossAbsorbed(dealId, loss, insured, toStakers, 0);
        vm.prank(cfg.operator);
        reserve.writeDownDeal(dealId, carrying - loss);

        assertEq(fund.available(), 0, "insurance drained first");
        assertEq(sAid.totalAssets(), assets0 - toStakers, "stakers absorbed the rest");
        uint256 rate = sAid.convertToAssets(1e18);
        assertEq(rate, 1e18 * (assets0 - toStakers + 1) / (supply + 1), "sAID rate fell (ERC-4626, offset 0)");
        assertEq(IOracle(sMarket.oracle).price(), rate * 1e6, "oracle passes the fallen rate through (AID = USDC = 1)");
        assertFalse(_isHealthy(sMarket, user), "unhealthy after the default");

        Outcome memory o = _liquidateChecked(sMarket, user, 40_000e18, 0, _sAidUsdcPath(), d.poolSAidUsdc);
        assertEq(o.badDebtAssets, 0, "no bad debt");
    }

    function _proposeDeal(IDealBook book, uint256 navUnits) internal returns (uint256 id) {
        uint256 price = uint256(_answer(d.feedGpuNav)) * 1e10;
        IDealBook.DealTerms memory t = IDealBook.DealTerms({
            borrowerId: keccak256("e2e borrower"),
            assetClass: IDealBook.AssetClass.GPU,
            hardwareCount: uint32(navUnits / 1e18),
            hardwareModel: bytes32("H100-SXM"),
            locationHash: keccak256("dc"),
            navUnits: navUnits,
            collateralValue: navUnits * price / 1e18,
            advanceRateBps: 8000,
            maxLtvBps: 8500,
            structure: IDealBook.Structure.FIXED_RATE,
            rateBps: 1500,
            tenor: 365 days,
            payoutWallet: makeAddr("dealBorrower")
        });
        vm.prank(cfg.operator);
        id = book.propose(t);
    }

    // ================================================================ (c) bad debt

    function test_e2e_crash_badDebtRealised() public {
        _ageAndAccrue(sMarket);
        _pushAidUsd(0.85e8);
        Position memory pos = _position(sMarket, user);
        Market memory m = _market(sMarket);
        uint256 debt = _toAssetsUp(pos.borrowShares, m.totalBorrowAssets, m.totalBorrowShares);
        uint256 value = uint256(pos.collateral) * IOracle(sMarket.oracle).price() / ORACLE_SCALE;
        assertLt(value * 1e18 / _lif(sMarket.lltv), debt, "LTV > 1/LIF: the collateral cannot cover the debt");

        Outcome memory o = _liquidateChecked(sMarket, user, pos.collateral, 0, _sAidUsdcPath(), d.poolSAidUsdc);

        assertGt(o.badDebtAssets, 0, "Morpho realised bad debt");
        assertEq(o.repaidAssets + o.badDebtAssets, debt, "repaid + bad debt == the whole debt");
        Position memory after_ = _position(sMarket, user);
        assertEq(after_.collateral, 0, "all collateral seized");
        assertEq(after_.borrowShares, 0, "remaining debt written off");
        Market memory mAfter = _market(sMarket);
        assertEq(
            m.totalBorrowAssets - mAfter.totalBorrowAssets,
            o.repaidAssets + o.badDebtAssets,
            "borrow: repaid + bad debt"
        );
        assertEq(
            m.totalSupplyAssets - mAfter.totalSupplyAssets, o.badDebtAssets, "supply drops by exactly the bad debt"
        );
    }

    // ================================================================ AID/USDC market (LLTV 91.5%)

    function test_e2e_aidMarket_priceDrop_liquidate() public {
        address aidUser = makeAddr("aidUser");
        uint256 collateral = _mintAid(aidUser, 50_000e6);
        vm.startPrank(aidUser);
        aid.approve(address(morpho), collateral);
        morpho.supplyCollateral(aMarket, collateral, aidUser, "");
        uint256 borrowed = collateral * IOracle(aMarket.oracle).price() / ORACLE_SCALE * 0.91e18 / WAD;
        morpho.borrow(aMarket, borrowed, 0, aidUser, aidUser);
        vm.stopPrank();
        assertEq(borrowed, 45_500e6, "91% of 50,000");

        _ageAndAccrue(aMarket);
        bytes memory path = UniswapV3Deployer.path(d.aid, FEE_100, d.usdc);
        int256 threshold = _dropPriceToThreshold(aMarket, aidUser, path);
        console2.log("AID/USD threshold, AID market", uint256(threshold));

        Outcome memory o = _liquidateChecked(aMarket, aidUser, collateral / 2, 0, path, d.poolAidUsdc);
        assertEq(o.badDebtAssets, 0, "no bad debt");
    }
}
