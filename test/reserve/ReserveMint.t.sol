// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

contract ReserveMintTest is ReserveBase {
    function test_mint_usdc_oneToOne() public {
        usdc.mint(alice, 1000e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 1000e6);
        vm.expectEmit(address(reserve));
        emit IReserve.Minted(alice, bob, address(usdc), 1000e6, 1000e18, 0);
        uint256 out = reserve.mint(address(usdc), 1000e6, 1000e18, bob);
        vm.stopPrank();

        assertEq(out, 1000e18, "aidOut");
        assertEq(aid.balanceOf(bob), 1000e18, "receiver credited");
        assertEq(aid.totalSupply(), 1000e18, "supply");
        assertEq(usdc.balanceOf(address(reserve)), 1000e6, "stable held");
        assertEq(reserve.liquidBalance(address(usdc)), 1000e6, "liquid");
        assertEq(reserve.availableLiquidity(address(usdc)), 1000e6, "available");
        assertEq(reserve.totalLiquid18(), 1000e18, "totalLiquid18");
        assertEq(reserve.backing(), 1000e18, "backing");
        assertEq(reserve.collateralRatio(), 1e18, "CR 100%");
    }

    function test_mint_18decimals() public {
        uint256 out = _mint(alice, dai, 123.456e18);
        assertEq(out, 123.456e18, "aidOut 1:1");
        assertEq(reserve.totalLiquid18(), 123.456e18, "totalLiquid18");
    }

    function test_mint_feeMintedToTreasury() public {
        vm.prank(admin);
        reserve.setFees(50, 10, 1500, 25);
        usdc.mint(alice, 1000e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 1000e6);
        vm.expectEmit(address(reserve));
        emit IReserve.Minted(alice, alice, address(usdc), 1000e6, 995e18, 5e18);
        uint256 out = reserve.mint(address(usdc), 1000e6, 0, alice);
        vm.stopPrank();
        assertEq(out, 995e18, "aidOut net of 0.5%");
        assertEq(aid.balanceOf(treasury), 5e18, "fee to treasury");
        assertEq(aid.totalSupply(), 1000e18, "supply == normalised in");
        assertEq(reserve.backing(), aid.totalSupply(), "fully backed");
    }

    function test_mint_feeRoundsUp() public {
        vm.prank(admin);
        reserve.setFees(1, 10, 1500, 25);
        // 1 wei of an 18-dec stable: fee = ceil(1 * 1 / 10_000) = 1, aidOut = 0.
        dai.mint(alice, 1);
        vm.startPrank(alice);
        dai.approve(address(reserve), 1);
        uint256 out = reserve.mint(address(dai), 1, 0, alice);
        vm.stopPrank();
        assertEq(out, 0, "all dust goes to the fee");
        assertEq(aid.balanceOf(treasury), 1, "fee rounded up");
    }

    function test_mint_previewMatches() public {
        vm.prank(admin);
        reserve.setFees(37, 10, 1500, 25);
        (uint256 previewOut, uint256 previewFee) = reserve.previewMint(address(usdc), 777_777e6);
        uint256 out = _mint(alice, usdc, 777_777e6);
        assertEq(out, previewOut, "preview aidOut");
        assertEq(aid.balanceOf(treasury), previewFee, "preview fee");
    }

    function test_previewMint_revertsForUnknownStable() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(0xbeef)));
        reserve.previewMint(address(0xbeef), 1);
    }

    function test_mint_revertsWhenPaused() public {
        vm.prank(guardian);
        reserve.setMintPaused(true);
        usdc.mint(alice, 1e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 1e6);
        vm.expectRevert(IReserve.MintIsPaused.selector);
        reserve.mint(address(usdc), 1e6, 0, alice);
        vm.stopPrank();
    }

    function test_mint_revertsZeroAmount() public {
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(alice);
        reserve.mint(address(usdc), 0, 0, alice);
    }

    function test_mint_revertsZeroReceiver() public {
        vm.expectRevert(IReserve.ZeroAddress.selector);
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, address(0));
    }

    function test_mint_revertsUnknownStable() public {
        MockStablecoin other = new MockStablecoin("X", "X", 6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(other)));
        vm.prank(alice);
        reserve.mint(address(other), 1e6, 0, alice);
    }

    function test_mint_revertsDisabledStable() public {
        vm.prank(admin);
        reserve.configureStable(address(usdc), false, address(usdcFeed), 1 days);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(usdc)));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_revertsBelowPegFloor() public {
        usdcFeed.set(0.9899e8, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableDepegged.selector, address(usdc), 0.9899e18, 0.99e18));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_atPegFloorPasses() public {
        usdcFeed.set(0.99e8, block.timestamp);
        assertEq(_mint(alice, usdc, 1e6), 1e18, "exactly at the floor mints");
    }

    function test_mint_revertsZeroOrNegativeAnswer() public {
        usdcFeed.set(0, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableDepegged.selector, address(usdc), 0, 0.99e18));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);

        usdcFeed.set(-1, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableDepegged.selector, address(usdc), 0, 0.99e18));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_revertsStaleFeed() public {
        uint256 updatedAt = block.timestamp;
        usdcFeed.set(1e8, updatedAt);
        vm.warp(updatedAt + 1 days + 1);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StaleStableFeed.selector, address(usdc), updatedAt, 1 days));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_feedExactlyMaxAgePasses() public {
        usdcFeed.set(1e8, block.timestamp);
        vm.warp(block.timestamp + 1 days);
        assertEq(_mint(alice, usdc, 1e6), 1e18, "age == maxFeedAge is fresh");
    }

    function test_mint_feedTimestampInFutureIsFresh() public {
        usdcFeed.set(1e8, block.timestamp + 100);
        assertEq(_mint(alice, usdc, 1e6), 1e18, "future timestamp does not underflow");
    }

    function test_mint_feedWith18Decimals() public {
        MockFeed feed18 = new MockFeed(18, 0.995e18);
        vm.prank(admin);
        reserve.configureStable(address(usdc), true, address(feed18), 1 hours);
        assertEq(_mint(alice, usdc, 1e6), 1e18, "18-dec feed above floor");
        feed18.set(0.98e18, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableDepegged.selector, address(usdc), 0.98e18, 0.99e18));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_revertsSlippage() public {
        vm.prank(admin);
        reserve.setFees(100, 10, 1500, 25);
        usdc.mint(alice, 100e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 100e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.Slippage.selector, 99e18, 99e18 + 1));
        reserve.mint(address(usdc), 100e6, 99e18 + 1, alice);
        vm.stopPrank();
    }

    function test_mint_revertsWithoutApproval() public {
        usdc.mint(alice, 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(reserve), 0, 1e6)
        );
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_revertsWhenNothingArrives() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(6, 10_000);
        vm.prank(admin);
        reserve.configureStable(address(fot), true, address(usdcFeed), 1 days);
        fot.mint(alice, 1e6);
        vm.startPrank(alice);
        fot.approve(address(reserve), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.NotReceived.selector, 1e6, 0));
        reserve.mint(address(fot), 1e6, 0, alice);
        vm.stopPrank();
    }

    function test_mint_feeOnTransferCreditsWhatArrived() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(6, 100); // 1% burned on transfer
        vm.prank(admin);
        reserve.configureStable(address(fot), true, address(usdcFeed), 1 days);
        fot.mint(alice, 1000e6);
        vm.startPrank(alice);
        fot.approve(address(reserve), 1000e6);
        vm.expectEmit(address(reserve));
        emit IReserve.Minted(alice, alice, address(fot), 990e6, 990e18, 0);
        uint256 out = reserve.mint(address(fot), 1000e6, 0, alice);
        vm.stopPrank();
        assertEq(out, 990e18, "credited only what arrived");
        assertEq(reserve.liquidBalance(address(fot)), 990e6, "liquid == received");
        assertEq(reserve.backing(), aid.totalSupply(), "fully backed");
    }

    // ---------------------------------------------------------------- caps

    function test_mint_perBlockCap() public {
        _mint(alice, usdc, 600_000e6);
        (uint256 perBlock, uint256 perDay) = reserve.mintCapacity();
        assertEq(perBlock, PER_BLOCK - 600_000e18, "block capacity left");
        assertEq(perDay, PER_DAY - 600_000e18, "day capacity left");

        usdc.mint(alice, 400_001e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 400_001e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.MintCapExceeded.selector, 400_001e18, 400_000e18));
        reserve.mint(address(usdc), 400_001e6, 0, alice);
        // Exactly the remainder passes.
        reserve.mint(address(usdc), 400_000e6, 0, alice);
        vm.stopPrank();
        (perBlock,) = reserve.mintCapacity();
        assertEq(perBlock, 0, "block cap used up");

        vm.roll(block.number + 1);
        (perBlock,) = reserve.mintCapacity();
        assertEq(perBlock, PER_BLOCK, "new block resets");
        _mint(alice, usdc, 1e6);
    }

    function test_mint_perDayCap() public {
        // Start of a UTC day so the whole day is ahead.
        vm.warp((block.timestamp / 1 days + 1) * 1 days);
        usdcFeed.set(1e8, block.timestamp);
        for (uint256 i; i < 5; ++i) {
            _mint(alice, usdc, 1_000_000e6);
            vm.roll(block.number + 1);
        }
        (, uint256 perDay) = reserve.mintCapacity();
        assertEq(perDay, 0, "day cap used up");
        usdc.mint(alice, 1e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.MintCapExceeded.selector, 1e18, 0));
        reserve.mint(address(usdc), 1e6, 0, alice);
        vm.stopPrank();

        // Last second of the day: still capped. First second of the next: reset.
        vm.warp((block.timestamp / 1 days + 1) * 1 days - 1);
        usdcFeed.set(1e8, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IReserve.MintCapExceeded.selector, 1e18, 0));
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
        vm.warp(block.timestamp + 1);
        (, perDay) = reserve.mintCapacity();
        assertEq(perDay, PER_DAY, "new UTC day resets");
        vm.prank(alice);
        reserve.mint(address(usdc), 1e6, 0, alice);
    }

    function test_mint_capCountsFee() public {
        vm.startPrank(admin);
        reserve.setFees(100, 10, 1500, 25);
        reserve.setMintCaps(100e18, 100e18);
        vm.stopPrank();
        _mint(alice, usdc, 100e6);
        (uint256 perBlock,) = reserve.mintCapacity();
        assertEq(perBlock, 0, "fee included in the cap");
    }

    function test_mint_zeroCapsBlockMinting() public {
        vm.prank(admin);
        reserve.setMintCaps(0, 0);
        usdc.mint(alice, 1e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IReserve.MintCapExceeded.selector, 1e18, 0));
        reserve.mint(address(usdc), 1e6, 0, alice);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- fuzz

    function testFuzz_mint_neverMoreThanNormalised(uint256 amountIn, uint256 feeBps, bool sixDecimals) public {
        MockStablecoin stable = sixDecimals ? usdc : dai;
        uint256 scale = _scale(stable);
        amountIn = bound(amountIn, 1, PER_BLOCK / scale);
        feeBps = bound(feeBps, 0, 100);
        vm.prank(admin);
        reserve.setFees(feeBps, 10, 1500, 25);

        uint256 out = _mint(alice, stable, amountIn);
        uint256 normalised = amountIn * scale;
        uint256 fee = aid.balanceOf(treasury);
        assertLe(out, normalised, "aidOut <= normalised in");
        assertEq(out + fee, normalised, "aidOut + fee == normalised");
        assertGe(fee * 10_000, normalised * feeBps, "fee rounds up");
        assertLt(fee * 10_000, normalised * feeBps + 10_000, "fee at most 1 wei above exact");
        assertEq(aid.totalSupply(), reserve.backing(), "supply == backing after mint");
    }

    function testFuzz_mint_capsAtBoundaries(uint256 first, uint256 second, uint256 dt) public {
        first = bound(first, 1, PER_BLOCK / 1e12);
        second = bound(second, 1, PER_BLOCK / 1e12);
        dt = bound(dt, 0, 2 days);
        _mint(alice, usdc, first);
        vm.roll(block.number + (dt == 0 ? 0 : 1));
        vm.warp(block.timestamp + dt);
        usdcFeed.set(1e8, block.timestamp);

        bool sameBlock = dt == 0;
        bool sameDay = (block.timestamp - dt) / 1 days == block.timestamp / 1 days;
        uint256 usedBlock = sameBlock ? first * 1e12 : 0;
        uint256 usedDay = sameDay ? first * 1e12 : 0;
        uint256 remaining = PER_BLOCK - usedBlock;
        if (PER_DAY - usedDay < remaining) remaining = PER_DAY - usedDay;

        usdc.mint(bob, second);
        vm.startPrank(bob);
        usdc.approve(address(reserve), second);
        if (second * 1e12 > PER_BLOCK - usedBlock) {
            vm.expectRevert(
                abi.encodeWithSelector(IReserve.MintCapExceeded.selector, second * 1e12, PER_BLOCK - usedBlock)
            );
            reserve.mint(address(usdc), second, 0, bob);
        } else {
            assertLe(second * 1e12, remaining, "only mints within both caps");
            reserve.mint(address(usdc), second, 0, bob);
            assertEq(aid.balanceOf(bob), second * 1e12, "minted");
        }
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- configureStable

    function test_configureStable_storesAndEmits() public {
        MockStablecoin other = new MockStablecoin("T", "T", 8);
        MockFeed feed = new MockFeed(6, 1e6);
        vm.expectEmit(address(reserve));
        emit IReserve.StableConfigured(address(other), true, address(feed), 2 hours);
        vm.prank(admin);
        reserve.configureStable(address(other), true, address(feed), 2 hours);
        IReserve.StableConfig memory cfg = reserve.getStableConfig(address(other));
        assertTrue(cfg.enabled, "enabled");
        assertEq(cfg.decimals, 8, "token decimals");
        assertEq(cfg.feed, address(feed), "feed");
        assertEq(cfg.maxFeedAge, 2 hours, "max age");
        assertEq(cfg.feedDecimals, 6, "feed decimals");
        assertEq(_mint(alice, other, 1e8), 1e18, "8-dec normalisation");
    }

    function test_configureStable_rejectsMoreThan18Decimals() public {
        MockStablecoin wide = new MockStablecoin("W", "W", 24);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 24, 0, 18));
        vm.prank(admin);
        reserve.configureStable(address(wide), true, address(usdcFeed), 1 days);
    }

    function test_configureStable_rejectsFeedMoreThan18Decimals() public {
        MockFeed wide = new MockFeed(19, 1e19);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 19, 0, 18));
        vm.prank(admin);
        reserve.configureStable(address(usdc), true, address(wide), 1 days);
    }

    function test_configureStable_rejectsZeroAddresses() public {
        vm.startPrank(admin);
        vm.expectRevert(IReserve.ZeroAddress.selector);
        reserve.configureStable(address(0), true, address(usdcFeed), 1 days);
        vm.expectRevert(IReserve.ZeroAddress.selector);
        reserve.configureStable(address(usdc), true, address(0), 1 days);
        vm.stopPrank();
    }

    function test_configureStable_maxFeedAgeBounds() public {
        uint256 minAge = reserve.MIN_FEED_AGE();
        uint256 maxAge = reserve.MAX_FEED_AGE();
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, minAge - 1, minAge, maxAge));
        reserve.configureStable(address(usdc), true, address(usdcFeed), uint32(minAge - 1));
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, maxAge + 1, minAge, maxAge));
        reserve.configureStable(address(usdc), true, address(usdcFeed), uint32(maxAge + 1));
        reserve.configureStable(address(usdc), true, address(usdcFeed), uint32(minAge));
        reserve.configureStable(address(usdc), true, address(usdcFeed), uint32(maxAge));
        vm.stopPrank();
        assertEq(reserve.getStableConfig(address(usdc)).maxFeedAge, maxAge, "bound inclusive");
    }
}
