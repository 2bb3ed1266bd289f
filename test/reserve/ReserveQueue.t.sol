// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

contract ReserveQueueTest is ReserveBase {
    function setUp() public override {
        super.setUp();
        _mint(alice, usdc, 100_000e6);
        _mint(bob, dai, 100_000e18);
    }

    // ---------------------------------------------------------------- requestRedeem

    function test_requestRedeem_escrows() public {
        vm.startPrank(alice);
        aid.approve(address(reserve), 10_000e18);
        vm.expectEmit(address(reserve));
        emit IReserve.RedeemRequested(1, alice, carol, address(usdc), 10_000e18);
        uint256 id = reserve.requestRedeem(address(usdc), 10_000e18, carol);
        vm.stopPrank();

        assertEq(id, 1, "first id is 1");
        assertEq(reserve.nextRequestId(), 2, "next id");
        assertEq(reserve.queueHead(), 1, "head unchanged");
        IReserve.RedeemRequest memory r = reserve.getRequest(id);
        assertEq(r.owner, alice, "owner");
        assertEq(r.receiver, carol, "receiver");
        assertEq(r.stable, address(usdc), "stable");
        assertEq(r.requestedAt, block.timestamp, "requestedAt");
        assertEq(r.aidAmount, 10_000e18, "aidAmount");
        assertEq(r.payout, 0, "no payout yet");
        assertEq(uint8(r.status), uint8(IReserve.RequestStatus.Pending), "pending");
        assertEq(aid.balanceOf(address(reserve)), 10_000e18, "escrow held");
        assertEq(reserve.totalEscrowed(), 10_000e18, "escrowed");
        assertEq(reserve.totalPending(), 10_000e18, "pending");
        assertEq(reserve.totalClaimable(), 0, "claimable");
        assertEq(aid.totalSupply(), 200_000e18, "nothing burned yet");
    }

    function test_requestRedeem_revertsWhenPaused() public {
        vm.prank(guardian);
        reserve.setRedeemPaused(true);
        vm.expectRevert(IReserve.RedeemIsPaused.selector);
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), 1e18, alice);
    }

    function test_requestRedeem_revertsZeroReceiver() public {
        vm.expectRevert(IReserve.ZeroAddress.selector);
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), 1e18, address(0));
    }

    function test_requestRedeem_revertsDisabledStable() public {
        vm.prank(admin);
        reserve.configureStable(address(usdc), false, address(usdcFeed), 1 days);
        vm.expectRevert(abi.encodeWithSelector(IReserve.StableNotEnabled.selector, address(usdc)));
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), 1e18, alice);
    }

    function test_requestRedeem_revertsBelowOneUnit() public {
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), 1e12 - 1, alice);
        vm.expectRevert(IReserve.ZeroAmount.selector);
        vm.prank(alice);
        reserve.requestRedeem(address(dai), 0, alice);
    }

    function test_requestRedeem_revertsAboveMaxRequest() public {
        uint256 max = reserve.MAX_REQUEST();
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, max + 1, 1, max));
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), max + 1, alice);
    }

    function test_requestRedeem_revertsWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(reserve), 0, 1e18)
        );
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), 1e18, alice);
    }

    function test_getRequest_unknownIsEmpty() public view {
        IReserve.RedeemRequest memory r = reserve.getRequest(123);
        assertEq(uint8(r.status), uint8(IReserve.RequestStatus.None), "status None");
        assertEq(r.owner, address(0), "no owner");
        assertEq(r.aidAmount, 0, "no amount");
    }

    // ---------------------------------------------------------------- processQueue

    function test_processQueue_waitsForDelay() public {
        uint256 id = _request(alice, usdc, 1000e18);
        vm.warp(block.timestamp + 7 days - 1);
        assertEq(reserve.processQueue(10), 0, "too young");
        assertEq(_statusU(id), uint8(IReserve.RequestStatus.Pending), "still pending");
        vm.warp(block.timestamp + 1);
        vm.expectEmit(address(reserve));
        emit IReserve.RedeemProcessed(id, 1000e6);
        assertEq(reserve.processQueue(10), 1, "processed at exactly the delay");
        assertEq(_statusU(id), uint8(IReserve.RequestStatus.Claimable), "claimable");
        assertEq(reserve.getRequest(id).payout, 1000e6, "payout set, no fee");
        assertEq(reserve.reservedBalance(address(usdc)), 1000e6, "reserved");
        assertEq(reserve.availableLiquidity(address(usdc)), 99_000e6, "available excludes reserved");
        assertEq(reserve.totalPending(), 0, "pending moved");
        assertEq(reserve.totalClaimable(), 1000e18, "to claimable");
        assertEq(reserve.queueHead(), 2, "head advanced");
        assertEq(reserve.processQueue(10), 0, "nothing left");
    }

    function test_processQueue_stopsAtFirstUnpayable() public {
        // Request 1: more USDC than the buffer holds; request 2: small DAI request behind it must wait (FIFO).
        vm.roll(block.number + 1);
        _mint(alice, dai, 200_000e18);
        uint256 big = _request(alice, usdc, 150_000e18);
        uint256 small = _request(bob, dai, 1e18);
        vm.warp(block.timestamp + 7 days);
        assertEq(reserve.processQueue(10), 0, "head blocks the queue");
        assertEq(_statusU(small), uint8(IReserve.RequestStatus.Pending), "nobody overtakes");
        assertEq(reserve.queueHead(), big, "head stays");

        // Liquidity arrives: both go through in order.
        vm.roll(block.number + 1);
        usdcFeed.set(1e8, block.timestamp);
        _mint(carol, usdc, 50_000e6);
        assertEq(reserve.processQueue(10), 2, "both processed");
        assertEq(reserve.queueHead(), small + 1, "head past both");
    }

    function test_processQueue_skipsCancelled() public {
        uint256 a = _request(alice, usdc, 1e18);
        uint256 b = _request(bob, dai, 2e18);
        uint256 c = _request(alice, usdc, 3e18);
        vm.prank(bob);
        reserve.cancel(b);
        vm.warp(block.timestamp + 7 days);
        assertEq(reserve.processQueue(10), 2, "two processed, cancelled skipped");
        assertEq(_statusU(a), uint8(IReserve.RequestStatus.Claimable), "a");
        assertEq(_statusU(b), uint8(IReserve.RequestStatus.Cancelled), "b");
        assertEq(_statusU(c), uint8(IReserve.RequestStatus.Claimable), "c");
        assertEq(reserve.queueHead(), 4, "head");
    }

    function test_processQueue_boundedByMaxCount() public {
        for (uint256 i; i < 5; ++i) {
            _request(alice, usdc, 1e18);
        }
        vm.warp(block.timestamp + 7 days);
        assertEq(reserve.processQueue(0), 0, "maxCount 0 does nothing");
        assertEq(reserve.processQueue(2), 2, "two");
        assertEq(reserve.queueHead(), 3, "head at 3");
        assertEq(reserve.processQueue(type(uint256).max), 3, "rest");
    }

    function test_processQueue_cancelledCountAsSteps() public {
        uint256 a = _request(alice, usdc, 1e18);
        _request(alice, usdc, 1e18);
        vm.prank(alice);
        reserve.cancel(a);
        vm.warp(block.timestamp + 7 days);
        assertEq(reserve.processQueue(1), 0, "the one step skipped the cancelled request");
        assertEq(reserve.queueHead(), 2, "head moved past it");
        assertEq(reserve.processQueue(1), 1, "next step processes");
    }

    function test_processQueue_usesCurrentDelay() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.prank(admin);
        reserve.setRedeemDelay(1 days);
        vm.warp(block.timestamp + 1 days);
        assertEq(reserve.processQueue(1), 1, "shorter delay applies to queued requests");
        assertEq(_statusU(id), uint8(IReserve.RequestStatus.Claimable), "claimable");
    }

    function test_processQueue_worksWhileRedeemPaused() public {
        _request(alice, usdc, 1e18);
        vm.prank(guardian);
        reserve.setRedeemPaused(true);
        vm.warp(block.timestamp + 7 days);
        assertEq(reserve.processQueue(1), 1, "setting aside moves no funds");
    }

    // ---------------------------------------------------------------- claim

    function test_claim_burnsEscrowAndPaysReceiver() public {
        vm.startPrank(alice);
        aid.approve(address(reserve), 1000e18);
        uint256 id = reserve.requestRedeem(address(usdc), 1000e18, carol);
        vm.stopPrank();
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);

        uint256 supply = aid.totalSupply();
        vm.expectEmit(address(reserve));
        emit IReserve.RedeemClaimed(id, carol, 1000e18, 1000e6);
        vm.prank(bob); // anyone may claim; the receiver is paid
        assertEq(reserve.claim(id), 1000e6, "payout");

        assertEq(usdc.balanceOf(carol), 1000e6, "receiver paid");
        assertEq(usdc.balanceOf(bob), 0, "caller not paid");
        assertEq(aid.totalSupply(), supply - 1000e18, "escrow burned");
        assertEq(aid.balanceOf(address(reserve)), 0, "no AID left in reserve");
        assertEq(reserve.totalEscrowed(), 0, "escrowed");
        assertEq(reserve.totalClaimable(), 0, "claimable");
        assertEq(reserve.reservedBalance(address(usdc)), 0, "reserved released");
        assertEq(reserve.liquidBalance(address(usdc)), 99_000e6, "liquid");
        assertEq(reserve.totalLiquid18(), 199_000e18, "totalLiquid18");
        assertEq(_statusU(id), uint8(IReserve.RequestStatus.Claimed), "claimed");
        assertEq(reserve.backing(), aid.totalSupply(), "fully backed");
    }

    function test_claim_revertsNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.RequestNotFound.selector, 42));
        reserve.claim(42);
    }

    function test_claim_revertsWhilePending() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InvalidRequestStatus.selector, id, IReserve.RequestStatus.Pending)
        );
        reserve.claim(id);
    }

    function test_claim_revertsTwice() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        reserve.claim(id);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InvalidRequestStatus.selector, id, IReserve.RequestStatus.Claimed)
        );
        reserve.claim(id);
    }

    function test_claim_revertsCancelled() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.prank(alice);
        reserve.cancel(id);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InvalidRequestStatus.selector, id, IReserve.RequestStatus.Cancelled)
        );
        reserve.claim(id);
    }

    function test_claim_revertsWhenPaused() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        vm.prank(guardian);
        reserve.setRedeemPaused(true);
        vm.expectRevert(IReserve.RedeemIsPaused.selector);
        reserve.claim(id);
    }

    function test_claim_worksForDisabledStable() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        vm.prank(admin);
        reserve.configureStable(address(usdc), false, address(usdcFeed), 1 days);
        assertEq(reserve.claim(id), 1e6, "a processed request is always paid");
    }

    // ---------------------------------------------------------------- cancel

    function test_cancel_returnsEscrow() public {
        uint256 id = _request(alice, usdc, 500e18);
        uint256 before = aid.balanceOf(alice);
        vm.expectEmit(address(reserve));
        emit IReserve.RedeemCancelled(id, alice, 500e18);
        vm.prank(alice);
        reserve.cancel(id);
        assertEq(aid.balanceOf(alice), before + 500e18, "returned");
        assertEq(reserve.totalEscrowed(), 0, "escrowed");
        assertEq(reserve.totalPending(), 0, "pending");
        assertEq(_statusU(id), uint8(IReserve.RequestStatus.Cancelled), "cancelled");
    }

    function test_cancel_worksWhilePaused() public {
        uint256 id = _request(alice, usdc, 500e18);
        vm.prank(guardian);
        reserve.setRedeemPaused(true);
        vm.prank(alice);
        reserve.cancel(id);
        assertEq(_statusU(id), uint8(IReserve.RequestStatus.Cancelled), "cancel never blocked");
    }

    function test_cancel_revertsNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.RequestNotFound.selector, 7));
        reserve.cancel(7);
    }

    function test_cancel_revertsNotOwner() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.expectRevert(abi.encodeWithSelector(IReserve.NotRequestOwner.selector, id, bob));
        vm.prank(bob);
        reserve.cancel(id);
    }

    function test_cancel_revertsAfterProcessing() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InvalidRequestStatus.selector, id, IReserve.RequestStatus.Claimable)
        );
        vm.prank(alice);
        reserve.cancel(id);
    }

    function test_cancel_revertsTwice() public {
        uint256 id = _request(alice, usdc, 1e18);
        vm.prank(alice);
        reserve.cancel(id);
        vm.expectRevert(
            abi.encodeWithSelector(IReserve.InvalidRequestStatus.selector, id, IReserve.RequestStatus.Cancelled)
        );
        vm.prank(alice);
        reserve.cancel(id);
    }

    // ---------------------------------------------------------------- fuzz: FIFO under random sequences

    /// Random sequences of request / cancel / process / claim / time / liquidity. After every step: no pending
    /// request sits before a processed one (nobody overtakes), the head never skips a pending request, and the
    /// escrow is conserved.
    function testFuzz_queue_fifoUnderRandomSequences(uint256 seed) public {
        vm.prank(admin);
        reserve.setRedeemDelay(1 days);
        address[3] memory users = [alice, bob, carol];
        _mint(carol, usdc, 50_000e6);
        for (uint256 step; step < 40; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 op = r % 6;
            address user = users[(r >> 8) % 3];
            MockStablecoin stable = (r >> 16) % 2 == 0 ? usdc : dai;
            if (op <= 1) {
                uint256 amount = bound(r >> 32, 1e18, 20_000e18);
                if (aid.balanceOf(user) >= amount) _request(user, stable, amount);
            } else if (op == 2) {
                uint256 n = reserve.nextRequestId();
                if (n > 1) {
                    uint256 id = 1 + (r >> 32) % (n - 1);
                    IReserve.RedeemRequest memory q = reserve.getRequest(id);
                    if (q.status == IReserve.RequestStatus.Pending) {
                        vm.prank(q.owner);
                        reserve.cancel(id);
                    }
                }
            } else if (op == 3) {
                reserve.processQueue(1 + (r >> 32) % 4);
            } else if (op == 4) {
                uint256 n = reserve.nextRequestId();
                if (n > 1) {
                    uint256 id = 1 + (r >> 32) % (n - 1);
                    if (reserve.getRequest(id).status == IReserve.RequestStatus.Claimable) reserve.claim(id);
                }
            } else {
                vm.warp(block.timestamp + bound(r >> 32, 1 hours, 2 days));
            }
            _checkFifo();
        }
    }

    function _checkFifo() internal view {
        uint256 n = reserve.nextRequestId();
        uint256 head = reserve.queueHead();
        bool seenPending;
        uint256 pending;
        uint256 claimable;
        for (uint256 id = 1; id < n; ++id) {
            IReserve.RedeemRequest memory q = reserve.getRequest(id);
            if (q.status == IReserve.RequestStatus.Pending) {
                seenPending = true;
                pending += q.aidAmount;
                assertGe(id, head, "head never passes a pending request");
            } else if (q.status == IReserve.RequestStatus.Claimable || q.status == IReserve.RequestStatus.Claimed) {
                assertFalse(seenPending, "a later request was processed before an earlier pending one");
                assertLt(id, head, "processed requests are behind the head");
                if (q.status == IReserve.RequestStatus.Claimable) claimable += q.aidAmount;
            }
        }
        assertEq(reserve.totalPending(), pending, "totalPending == sum of pending");
        assertEq(reserve.totalClaimable(), claimable, "totalClaimable == sum of claimable");
        assertEq(reserve.totalEscrowed(), pending + claimable, "conservation");
        assertGe(aid.balanceOf(address(reserve)), reserve.totalEscrowed(), "escrow held");
    }

    function _statusU(uint256 id) internal view returns (uint8) {
        return uint8(_status(id));
    }
}
