// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {NoReturnToken} from "./mocks/NoReturnToken.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Adversarial scenarios: same-block round trips, donations, re-entrancy, weird tokens.
contract ReserveAttackTest is ReserveBase {
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        // Honest liquidity in both stables, so the attacker is never limited by the buffer.
        _mint(alice, usdc, 400_000e6);
        _mint(alice, dai, 400_000e18);
        vm.roll(block.number + 1);
    }

    /// Deposit → instant redeem within one block returns at most what went in, for any fees and decimals, even
    /// across stables (mint with one, redeem into the other).
    function testFuzz_roundTripSameBlock_noProfit(
        uint256 amount,
        uint256 mintFee,
        uint256 redeemFee,
        bool mintSix,
        bool redeemSix
    ) public {
        MockStablecoin inStable = mintSix ? usdc : dai;
        MockStablecoin outStable = redeemSix ? usdc : dai;
        amount = bound(amount, 1, 300_000 * 10 ** inStable.decimals());
        vm.prank(admin);
        reserve.setFees(bound(mintFee, 0, 100), bound(redeemFee, 0, 100), 1500, 25);

        uint256 valueIn = amount * _scale(inStable);
        uint256 aidOut = _mint(attacker, inStable, amount);
        uint256 out;
        (uint256 preview,) = reserve.previewRedeem(address(outStable), aidOut);
        if (preview != 0) out = _redeem(attacker, outStable, aidOut);
        uint256 valueOut = out * _scale(outStable);

        assertLe(valueOut, valueIn, "round trip cannot profit");
        assertEq(outStable.balanceOf(attacker), out, "attacker ends with exactly the payout");
        if (inStable != outStable) assertEq(inStable.balanceOf(attacker), 0, "deposit fully spent");
        assertLe(aid.totalSupply(), reserve.backing(), "protocol still fully backed");
    }

    /// The queue pays no fee but also never more than was deposited.
    function testFuzz_roundTripThroughQueue_noProfit(uint256 amount, bool sixDecimals) public {
        MockStablecoin stable = sixDecimals ? usdc : dai;
        amount = bound(amount, 1, 300_000 * 10 ** stable.decimals());
        uint256 aidOut = _mint(attacker, stable, amount);
        vm.startPrank(attacker);
        aid.approve(address(reserve), aidOut);
        uint256 id = reserve.requestRedeem(address(stable), aidOut, attacker);
        vm.stopPrank();
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        uint256 out = reserve.claim(id);
        assertLe(out, amount, "queue round trip cannot profit");
        assertEq(out, amount, "and loses nothing at zero mint fee");
    }

    /// Tokens sent straight to the Reserve change neither backing nor what can be paid out.
    function test_donationsAreIgnored() public {
        uint256 backingBefore = reserve.backing();
        uint256 availableBefore = reserve.availableLiquidity(address(usdc));
        uint256 crBefore = reserve.collateralRatio();
        usdc.mint(address(reserve), 1_000_000e6);
        vm.prank(alice);
        aid.transfer(address(reserve), 1000e18);

        assertEq(reserve.backing(), backingBefore, "backing unchanged");
        assertEq(reserve.availableLiquidity(address(usdc)), availableBefore, "available unchanged");
        assertEq(reserve.totalEscrowed(), 0, "donated AID is not escrow");
        assertEq(reserve.collateralRatio(), crBefore, "ratio unchanged");

        // The donated USDC cannot be redeemed: the buffer is still 400k.
        vm.prank(admin);
        reserve.setMaxInstantRedeemPerDay(10_000_000e18);
        _mint(bob, dai, 500_000e18);
        vm.startPrank(bob);
        aid.approve(address(reserve), 500_000e18);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InsufficientLiquidity.selector, address(usdc), 499_500e6, 400_000e6)
        );
        reserve.redeem(address(usdc), 500_000e18, 0, bob);
        vm.stopPrank();
    }

    /// A stable with a transfer hook cannot re-enter any entry point.
    function test_reentrancyBlocked() public {
        ReentrantToken hook = new ReentrantToken();
        vm.prank(admin);
        reserve.configureStable(address(hook), true, address(usdcFeed), 1 days);
        hook.mint(attacker, 2e6);
        vm.startPrank(attacker);
        hook.approve(address(reserve), type(uint256).max);
        aid.approve(address(reserve), type(uint256).max);
        vm.stopPrank();

        bytes[4] memory payloads = [
            abi.encodeCall(IReserve.mint, (address(hook), 1e6, 0, attacker)),
            abi.encodeCall(IReserve.redeem, (address(usdc), 1e18, 0, attacker)),
            abi.encodeCall(IReserve.processQueue, (1)),
            abi.encodeCall(IReserve.claim, (1))
        ];
        for (uint256 i; i < payloads.length; ++i) {
            hook.arm(address(reserve), payloads[i]);
            vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
            vm.prank(attacker);
            reserve.mint(address(hook), 1e6, 0, attacker);
        }
    }

    /// USDT-style tokens without return values work through SafeERC20.
    function test_noReturnValueToken() public {
        NoReturnToken usdt = new NoReturnToken();
        vm.prank(admin);
        reserve.configureStable(address(usdt), true, address(usdcFeed), 1 days);
        usdt.mint(attacker, 1000e6);
        vm.startPrank(attacker);
        usdt.approve(address(reserve), 1000e6);
        uint256 aidOut = reserve.mint(address(usdt), 1000e6, 0, attacker);
        aid.approve(address(reserve), aidOut);
        uint256 out = reserve.redeem(address(usdt), aidOut, 0, attacker);
        vm.stopPrank();
        assertEq(aidOut, 1000e18, "minted");
        assertEq(out, 999e6, "redeemed net of fee");
        assertEq(usdt.balanceOf(attacker), 999e6, "paid");
    }

    /// Splitting a redemption into many small ones never extracts more than one large one.
    function testFuzz_splitRedeem_noGain(uint256 total, uint256 parts) public {
        total = bound(total, 1000e18, 100_000e18);
        parts = bound(parts, 2, 20);
        vm.prank(alice);
        aid.transfer(attacker, total);
        uint256 snap = vm.snapshotState();
        uint256 whole = _redeem(attacker, usdc, total);
        vm.revertToState(snap);
        uint256 split;
        uint256 piece = total / parts;
        for (uint256 i; i < parts - 1; ++i) {
            split += _redeem(attacker, usdc, piece);
        }
        split += _redeem(attacker, usdc, total - piece * (parts - 1));
        assertLe(split, whole, "splitting never pays more");
    }
}
