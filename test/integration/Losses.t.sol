// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {IntegrationBase} from "./IntegrationBase.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice Defaults and liquidations through the real contracts: the loss waterfall (insurance fund, then sAID via
/// `reportLoss`, then uncovered), the exchange-rate drop, and liquidation proceeds above / below carrying value.
contract LossesIntegrationTest is IntegrationBase {
    uint256 internal dealId;

    function setUp() public override {
        super.setUp();
        _mintAid(alice, usdc, 2_000_000e6);
        _stake(alice, 1_000_000e18);
        dealId = _proposeDeal(40e18);
        _fundDeal(dealId, usdc, 800_000e6);
    }

    /// @dev Income first, so the insurance fund holds a performance-fee cut: 20k income → 3k perf → 600 AID.
    function _earnInsurance() internal returns (uint256 insured) {
        _warp(30 days);
        _repay(dealId, usdc, 0, 20_000e6);
        insured = aid.balanceOf(address(fund));
        assertEq(insured, 600e18, "insurance cut");
    }

    function _expectedRate(uint256 assets, uint256 shares) internal pure returns (uint256) {
        return Math.mulDiv(1e18, assets + 1, shares + 1);
    }

    function test_default_insuranceThenStakers() public {
        uint256 insured = _earnInsurance();
        uint256 supply0 = aid.totalSupply();
        uint256 backing0 = reserve.backing();
        uint256 assets0 = vault.totalAssets();
        uint256 shares = vault.totalSupply();
        uint256 loss = 200_000e18;

        vm.expectEmit(true, false, false, true, address(vault));
        emit IStakedAID.LossReported(address(reserve), address(reserve), loss - insured, 0);
        vm.expectEmit(true, false, false, true, address(reserve));
        emit IReserve.LossAbsorbed(dealId, loss, insured, loss - insured, 0);
        _writeDown(dealId, 600_000e18);

        assertEq(uint8(book.getDeal(dealId).status), uint8(IDealBook.Status.Defaulted), "defaulted");
        assertEq(fund.available(), 0, "insurance used first");
        assertEq(vault.totalAssets(), assets0 - (loss - insured), "stakers absorb the rest");
        assertEq(_rate(), _expectedRate(assets0 - (loss - insured), shares), "rate fell by the right amount");
        assertEq(aid.totalSupply(), supply0 - loss, "AID taken from insurance and sAID burned");
        assertEq(reserve.backing(), backing0 - loss, "backing fell by the loss");
        assertEq(reserve.uncoveredLoss(), 0, "fully absorbed");
        _assertBacked("after default");
    }

    function test_default_duringVestingCancelsUnvestedFirst() public {
        _earnInsurance();
        vm.prank(keeper);
        uint256 sent = distributor.distribute();
        _warp(2 hours);
        uint256 unvested = vault.unvestedYield();
        assertGt(unvested, 0, "vesting");
        uint256 assets0 = vault.totalAssets();
        uint256 loss = 100_000e18;
        uint256 toStakers = loss - 600e18;
        _writeDown(dealId, 700_000e18);
        assertEq(vault.unvestedYield(), 0, "unvested yield cancelled first");
        assertEq(vault.totalAssets(), assets0 - (toStakers - unvested), "rate falls by the loss beyond unvested");
        assertLt(unvested, sent, "part had vested");
        _assertBacked("after default during vesting");
    }

    function test_default_uncoveredWhenBothExhausted() public {
        // A second deal: the two losses together exceed insurance + every staked AID.
        uint256 deal2 = _proposeDeal(1_500_000e18 / 25_000);
        _fundDeal(deal2, usdc, 1_000_000e6);
        uint256 assets0 = vault.totalAssets();
        uint256 supply0 = aid.totalSupply();
        uint256 backing0 = reserve.backing();
        assertEq(supply0, backing0, "fully backed before");

        uint256 loss = 1_000_000e18 + 800_000e18; // both deals written to zero
        _writeDown(dealId, 0);
        _writeDown(deal2, 0);

        assertEq(fund.available(), 0, "no insurance");
        assertEq(vault.totalAssets(), 0, "stakers wiped out");
        uint256 uncovered = loss - assets0;
        assertEq(reserve.uncoveredLoss(), uncovered, "uncovered = loss - staked assets");
        assertEq(aid.totalSupply(), supply0 - assets0, "only staked AID burned");
        assertEq(reserve.backing(), backing0 - loss, "backing lost the whole loss");
        assertEq(aid.totalSupply() - reserve.backing(), uncovered, "supply above backing by exactly the uncovered loss");
        assertLt(reserve.collateralRatio(), 1e18, "under-collateralised");
        _assertBacked("uncovered");
    }

    function test_liquidation_aboveCarryingValue() public {
        _earnInsurance();
        _writeDown(dealId, 500_000e18);
        uint256 supply0 = aid.totalSupply();
        uint256 backing0 = reserve.backing();
        uint256 assets0 = vault.totalAssets();

        usdc.mint(servicer, 550_000e6);
        vm.startPrank(servicer);
        usdc.approve(address(reserve), 550_000e6);
        vm.expectEmit(true, false, false, true, address(book));
        emit IDealBook.DealLiquidated(dealId, 550_000e18, 500_000e18);
        vm.expectEmit(true, true, false, true, address(reserve));
        emit IReserve.LiquidationProceeds(dealId, address(usdc), 550_000e6, 500_000e18);
        reserve.recordLiquidation(dealId, address(usdc), 550_000e6);
        vm.stopPrank();

        assertEq(uint8(book.getDeal(dealId).status), uint8(IDealBook.Status.Liquidated), "liquidated");
        assertEq(book.totalCarryingValue(), 0, "closed");
        assertEq(reserve.backing(), backing0 + 50_000e18, "surplus stays in the buffer");
        assertEq(aid.totalSupply(), supply0, "no AID moves");
        assertEq(vault.totalAssets(), assets0, "stakers untouched (no write-up)");
        assertEq(reserve.uncoveredLoss(), 0, "nothing uncovered");
        _assertBacked("liquidation surplus");
    }

    function test_liquidation_belowCarryingValue() public {
        _earnInsurance();
        _writeDown(dealId, 500_000e18); // 300k loss: 600 insurance, rest stakers
        assertEq(fund.available(), 0, "insurance spent");
        uint256 supply0 = aid.totalSupply();
        uint256 backing0 = reserve.backing();
        uint256 assets0 = vault.totalAssets();

        _liquidate(dealId, usdc, 450_000e6);

        assertEq(vault.totalAssets(), assets0 - 50_000e18, "shortfall absorbed by stakers");
        assertEq(aid.totalSupply(), supply0 - 50_000e18, "shortfall AID burned");
        assertEq(reserve.backing(), backing0 - 50_000e18, "backing: proceeds replace carrying, minus shortfall");
        assertEq(reserve.uncoveredLoss(), 0, "covered");
        _assertBacked("liquidation shortfall");
    }

    function test_liquidation_surplusRestoresUncoveredLoss() public {
        // Wipe stakers with a total loss on a large second deal, leaving an uncovered loss.
        uint256 deal2 = _proposeDeal(60e18);
        _fundDeal(deal2, usdc, 1_200_000e6);
        _writeDown(deal2, 0);
        uint256 uncovered = reserve.uncoveredLoss();
        assertGt(uncovered, 0, "uncovered loss");
        // The first deal defaults at 100k recovery (700k loss, no cover left), then fetches 150k: 50k surplus.
        _writeDown(dealId, 100_000e18);
        uint256 uncovered2 = reserve.uncoveredLoss();
        assertEq(uncovered2, uncovered + 700_000e18, "second loss fully uncovered");
        _liquidate(dealId, usdc, 150_000e6);
        assertEq(reserve.uncoveredLoss(), uncovered2 - 50_000e18, "surplus reduces the uncovered loss");
        assertEq(aid.totalSupply() - reserve.backing(), reserve.uncoveredLoss(), "gap == uncovered");
    }

    /// @dev Loss waterfall when sAID still has unvested yield and the loss exceeds every cover: stakers should be
    /// left with nothing while a loss is uncovered (PROTOCOL §3: "absorbed first by the insurance fund, then by sAID
    /// holders"). Regression: the Reserve once capped the staker share at `totalAssets()` (excluding unvested
    /// yield) while the vault's `reportLoss` cancels unvested yield first, so the unvested part survived as
    /// `totalAssets` next to an uncovered loss.
    function test_default_exceedingCoverLeavesNothingToStakers() public {
        _earnInsurance();
        vm.prank(keeper);
        distributor.distribute();
        _warp(1 hours);
        assertGt(vault.unvestedYield(), 0, "vesting");
        uint256 deal2 = _proposeDeal(60e18);
        _fundDeal(deal2, usdc, 1_200_000e6);
        _writeDown(deal2, 0);
        assertGt(reserve.uncoveredLoss(), 0, "loss exceeds every cover");
        assertEq(vault.totalAssets(), 0, "stakers absorb everything before a loss is uncovered");
    }
}
