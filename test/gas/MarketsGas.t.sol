// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFlashLiquidator} from "../../contracts/interfaces/IFlashLiquidator.sol";
import {FlashLiquidatorBase} from "../markets/FlashLiquidatorBase.sol";
import {Market} from "@morpho-blue/interfaces/IMorpho.sol";

/// @notice Gas of the markets operations, one operation per test (`forge snapshot --match-path 'test/gas/*'`).
/// State: the FlashLiquidator fixture (real Morpho, our IRM, real Uniswap v3 pools), a 10,000-collateral position
/// borrowed at 85% LTV, a day of interest accrued, the oracle dropped to 1.00 (unhealthy), then 12 seconds later —
/// so each measured transaction also pays Morpho's accrual and the IRM's rate update, as on a live chain.
contract MarketsGasTest is FlashLiquidatorBase {
    IFlashLiquidator.SwapRoute internal single;
    IFlashLiquidator.SwapRoute internal multi;
    Market internal marketState;

    function setUp() public override {
        super.setUp();
        _makeUnhealthy(DROPPED_PRICE);
        vm.warp(block.timestamp + 12);
        single = _singleHop();
        multi = _multiHop();
        marketState = _market();
    }

    /// @notice Keeper flash liquidation, seize-exact, collateral → USDC in one 0.01% pool.
    function test_gas_flashLiquidation_singleHop() public {
        vm.prank(keeper);
        liquidator.liquidate(marketParams, borrower, 5000e18, 0, single, 0, recipient);
    }

    /// @notice Keeper flash liquidation, seize-exact, collateral → AID (0.05%) → USDC (0.01%).
    function test_gas_flashLiquidation_multiHop() public {
        vm.prank(keeper);
        liquidator.liquidate(marketParams, borrower, 5000e18, 0, multi, 0, recipient);
    }

    /// @notice Keeper flash liquidation, repay-exact (shares), single hop.
    function test_gas_flashLiquidation_repayShares() public {
        vm.prank(keeper);
        liquidator.liquidate(marketParams, borrower, 0, 4000e12, single, 0, recipient);
    }

    /// @notice The IRM call exactly as Morpho makes it during accrual (12 s elapsed, rate at target updated).
    function test_gas_irmBorrowRate() public {
        vm.prank(address(morpho));
        irm.borrowRate(marketParams, marketState);
    }

    /// @notice The same computation through the view (what lenses and keepers call).
    function test_gas_irmBorrowRateView() public view {
        irm.borrowRateView(marketParams, marketState);
    }

    /// @notice Morpho's accrueInterest on a market using our IRM (includes the borrowRate call).
    function test_gas_morphoAccrueInterest() public {
        morpho.accrueInterest(marketParams);
    }
}
