// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

contract ReserveRedeemTest is ReserveBase {
    function setUp() public override {
        super.setUp();
        _mint(alice, usdc, 100_000e6);
        _mint(alice, dai, 100_000e18);
    }

    function test_redeem_paysNetOfFee() public {
        vm.startPrank(alice);
        aid.approve(address(reserve), 1000e18);
        vm.expectEmit(address(reserve));
        emit IReserve.Redeemed(alice, bob, address(usdc), 1000e18, 999e6, 1e18);
        uint256 out = reserve.redeem(address(usdc), 1000e18, 999e6, bob);
        vm.stopPrank();

        assertEq(out, 999e6, "amountOut = 99.9%");
        assertEq(usdc.balanceOf(bob), 999e6, "receiver paid");
        assertEq(aid.balanceOf(treasury), 1e18, "fee to treasury in AID");
        assertEq(aid.balanceOf(alice), 199_000e18, "AID taken from caller");
        assertEq(aid.totalSupply(), 200_000e18 - 999e18, "only the net is burned");
        assertEq(reserve.liquidBalance(address(usdc)), 100_000e6 - 999e6, "liquid reduced");
        assertEq(reserve.totalLiquid18(), 200_000e18 - 999e18, "totalLiquid18 reduced");
        assertEq(reserve.instantRedeemCapacity(), REDEEM_PER_DAY - 1000e18, "limit counts aidIn");
        assertEq(reserve.backing(), aid.totalSupply(), "still fully backed");
    }

    function test_redeem_18decimals_zeroFee() public {
        vm.prank(admin);
        reserve.setFees(0, 0, 1500, 25);
        uint256 out = _redeem(alice, dai, 5e18 + 7);
        assertEq(out, 5e18 + 7, "1:1 at 18 decimals");
    }

    function test_redeem_dustRoundsDownAndIsBurned() public {
        vm.prank(admin);
        reserve.setFees(0, 0, 1500, 25);
        uint256 supplyBefore = aid.totalSupply();
        uint256 out = _redeem(alice, usdc, 1e18 + 999_999_999_999);
        assertEq(out, 1e6, "sub-unit dust not paid");
        assertEq(supplyBefore - aid.totalSupply(), 1e18 + 999_999_999_999, "whole amount burned");
        assertGt(reserve.backing(), aid.totalSupply(), "dust stays as surplus backing");
    }

    function test_redeem_previewMatches() public {
        (uint256 previewOut, uint256 previewFee) = reserve.previewRedeem(address(usdc), 12_345.678e18);
        uint256 out = _redeem(alice, usdc, 12_345.678e18);
        assertEq(out, previewOut, "preview amountOut");
        assertEq(aid.balanceOf(treasury), previewFee, "preview fee");
    }

    function test_previewRedeem_revertsForUnknownStable() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(0xbeef)));
        reserve.previewRedeem(address(0xbeef), 1e18);
    }

    function test_redeem_revertsWhenPaused() public {
        vm.prank(guardian);
        reserve.setRedeemPaused(true);
        vm.expectRevert(IReserve.RedeemIsPaused.selector);
        vm.prank(alice);
        reserve.redeem(address(usdc), 1e18, 0, alice);
    }

    function test_redeem_revertsZeroAmount() public {
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(alice);
        reserve.redeem(address(usdc), 0, 0, alice);
    }

    function test_redeem_revertsWhenOutputRoundsToZero() public {
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(alice);
        reserve.redeem(address(usdc), 1e12, 0, alice); // 1e12 - fee < 1 USDC unit
    }

    function test_redeem_revertsZeroReceiver() public {
        vm.expectRevert(IReserve.ZeroAddress.selector);
        vm.prank(alice);
        reserve.redeem(address(usdc), 1e18, 0, address(0));
    }

    function test_redeem_revertsDisabledStable() public {
        vm.prank(admin);
        reserve.configureStable(address(usdc), false, address(usdcFeed), 1 days);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(usdc)));
        vm.prank(alice);
        reserve.redeem(address(usdc), 1e18, 0, alice);
    }

    function test_redeem_revertsSlippage() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.Slippage.selector, 999e6, 1000e6));
        vm.prank(alice);
        reserve.redeem(address(usdc), 1000e18, 1000e6, alice);
    }

    function test_redeem_revertsAboveDailyLimit() public {
        vm.roll(block.number + 1);
        _mint(bob, dai, 400_000e18);
        _redeem(alice, usdc, 100_000e18);
        _redeem(bob, dai, 400_000e18);
        assertEq(reserve.instantRedeemCapacity(), 0, "limit reached");
        vm.startPrank(bob);
        aid.approve(address(reserve), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IReserve.InstantRedeemLimitExceeded.selector, 1e18, 0));
        reserve.redeem(address(dai), 1e18, 0, bob);
        vm.stopPrank();

        // Next UTC day the limit resets.
        vm.warp((block.timestamp / 1 days + 1) * 1 days);
        assertEq(reserve.instantRedeemCapacity(), REDEEM_PER_DAY, "reset at day boundary");
        _redeem(alice, dai, 1e18);
    }

    function test_redeem_revertsInsufficientLiquidity() public {
        // Buffer holds 100_000 USDC; ask for more (the daily limit is not what binds).
        vm.roll(block.number + 1);
        _mint(bob, dai, 200_000e18);
        vm.prank(admin);
        reserve.setFees(0, 0, 1500, 25);
        vm.startPrank(bob);
        aid.approve(address(reserve), 100_001e18);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InsufficientLiquidity.selector, address(usdc), 100_001e6, 100_000e6)
        );
        reserve.redeem(address(usdc), 100_001e18, 0, bob);
        vm.stopPrank();
    }

    function test_redeem_cannotUseReservedLiquidity() public {
        vm.prank(admin);
        reserve.setFees(0, 0, 1500, 25);
        _request(alice, usdc, 60_000e18);
        vm.warp(block.timestamp + 7 days);
        assertEq(reserve.processQueue(10), 1, "processed");
        assertEq(reserve.availableLiquidity(address(usdc)), 40_000e6, "reserved excluded");
        vm.startPrank(alice);
        aid.approve(address(reserve), 40_001e18);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InsufficientLiquidity.selector, address(usdc), 40_001e6, 40_000e6)
        );
        reserve.redeem(address(usdc), 40_001e18, 0, alice);
        vm.stopPrank();
    }

    function test_redeem_revertsWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(reserve), 0, 1e15)
        );
        vm.prank(alice);
        reserve.redeem(address(usdc), 1e18, 0, alice);
    }

    function test_redeem_revertsAboveBalance() public {
        vm.startPrank(bob);
        aid.approve(address(reserve), 1e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 0, 1e15));
        reserve.redeem(address(usdc), 1e18, 0, bob);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- fuzz

    /// Redeem never pays more than the AID burned is worth, at any fee and either decimals.
    function testFuzz_redeem_neverOverpays(uint256 aidIn, uint256 feeBps, bool sixDecimals) public {
        MockStablecoin stable = sixDecimals ? usdc : dai;
        uint256 scale = _scale(stable);
        feeBps = bound(feeBps, 0, 100);
        aidIn = bound(aidIn, scale * 2, 100_000e18);
        vm.prank(admin);
        reserve.setFees(0, feeBps, 1500, 25);

        uint256 supplyBefore = aid.totalSupply();
        uint256 backingBefore = reserve.backing();
        uint256 out = _redeem(alice, stable, aidIn);
        uint256 fee = aid.balanceOf(treasury);
        uint256 burned = supplyBefore - aid.totalSupply();

        assertEq(fee + burned, aidIn, "fee + burned == aidIn");
        assertLe(out * scale, burned, "payout worth <= AID burned");
        assertLt(burned - out * scale, scale, "rounding loses < 1 unit");
        assertGe(fee * 10_000, aidIn * feeBps, "fee rounds up");
        assertEq(backingBefore - reserve.backing(), out * scale, "backing falls by payout");
        assertGe(reserve.backing(), aid.totalSupply(), "supply <= backing");
    }
}
