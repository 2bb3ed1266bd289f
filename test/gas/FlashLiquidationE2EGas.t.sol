// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UniswapV3Deployer} from "../../script/lib/UniswapV3Deployer.sol";
import {E2EBase} from "../e2e/E2EBase.sol";
import {console2} from "forge-std/console2.sol";

/// @notice Gas of the keeper's flash liquidation on the deployed system (real Morpho, real Uniswap v3 sAID/USDC pool,
/// real oracle adapter and feeds). Kept here, not in test/gas: the lead owns the snapshot.
contract FlashLiquidationGasE2ETest is E2EBase {
    bytes internal path;

    function setUp() public override {
        super.setUp();
        // A day of interest, fresh feeds, then AID/USD at 0.95: the position (85% LTV) is unhealthy.
        _warp(1 days);
        vm.warp(block.timestamp + 1);
        morpho.accrueInterest(sMarket);
        _pushAidUsd(0.95e8);
        assertFalse(_isHealthy(sMarket, user), "unhealthy");
        path = UniswapV3Deployer.path(d.sAid, FEE_100, d.usdc);
    }

    /// @dev Seize-exact, half the collateral, single hop sAID→USDC.
    function test_gas_flashLiquidation_e2e() public {
        vm.prank(keeper);
        (,, uint256 profit) = liquidator.liquidate(sMarket, user, userShares / 2, 0, _route(path), 0, recipient);
        uint256 gasUsed = vm.lastCallGas().gasTotalUsed;
        console2.log("FlashLiquidator.liquidate gas (single hop, seize-exact)", gasUsed);
        assertGt(profit, 0, "profitable");
        assertGt(gasUsed, 0, "gas measured");
    }
}
