// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {ReserveHandler} from "./handlers/ReserveHandler.sol";

/// @notice Handler-based invariants of the Reserve (no loss is recognised in these sequences).
contract ReserveInvariantTest is ReserveBase {
    ReserveHandler internal handler;

    function setUp() public override {
        super.setUp();
        vm.prank(admin);
        reserve.setRedeemDelay(1 days);
        handler = new ReserveHandler(reserve, aid, book, [usdc, dai], [usdcFeed, daiFeed], admin, allocator, servicer);
        targetContract(address(handler));
    }

    /// Escrow conservation, checked against the requests themselves.
    function invariant_queueConservation() public view {
        uint256 n = reserve.nextRequestId();
        uint256 pending;
        uint256 claimable;
        for (uint256 id = 1; id < n; ++id) {
            IReserve.RedeemRequest memory r = reserve.getRequest(id);
            if (r.status == IReserve.RequestStatus.Pending) pending += r.aidAmount;
            if (r.status == IReserve.RequestStatus.Claimable) claimable += r.aidAmount;
        }
        assertEq(reserve.totalPending(), pending, "totalPending == sum of pending requests");
        assertEq(reserve.totalClaimable(), claimable, "totalClaimable == sum of claimable requests");
        assertEq(reserve.totalEscrowed(), reserve.totalPending() + reserve.totalClaimable(), "escrowed == p + c");
        assertGe(aid.balanceOf(address(reserve)), reserve.totalEscrowed(), "AID held >= escrowed");
    }

    /// Nobody overtakes: every request before the head is processed or cancelled, none after it is processed.
    function invariant_fifo() public view {
        uint256 n = reserve.nextRequestId();
        uint256 head = reserve.queueHead();
        assertLe(head, n, "head within the queue");
        for (uint256 id = 1; id < n; ++id) {
            IReserve.RequestStatus status = reserve.getRequest(id).status;
            if (id < head) {
                assertTrue(status != IReserve.RequestStatus.Pending, "no pending request behind the head");
            } else {
                assertTrue(
                    status == IReserve.RequestStatus.Pending || status == IReserve.RequestStatus.Cancelled,
                    "nothing processed ahead of the head"
                );
            }
        }
    }

    /// With no loss recognised, every AID is backed.
    function invariant_supplyBacked() public view {
        assertEq(reserve.uncoveredLoss(), 0, "no loss in these sequences");
        assertLe(aid.totalSupply(), reserve.backing(), "AID supply <= backing");
        assertGe(reserve.collateralRatio(), 1e18, "CR >= 100%");
    }

    /// Internal liquidity: reserved ≤ liquid ≤ held; reserved equals the claimable payouts; the 18-dec total
    /// matches the per-stable balances (donations change nothing).
    function invariant_liquidityAccounting() public view {
        MockStablecoin[2] memory s = [usdc, dai];
        uint256 total18;
        uint256 n = reserve.nextRequestId();
        for (uint256 i; i < 2; ++i) {
            address stable = address(s[i]);
            uint256 liquid = reserve.liquidBalance(stable);
            uint256 reserved = reserve.reservedBalance(stable);
            assertLe(reserved, liquid, "reserved <= liquid");
            assertLe(liquid, s[i].balanceOf(address(reserve)), "liquid <= held");
            assertEq(reserve.availableLiquidity(stable), liquid - reserved, "available");
            uint256 payouts;
            for (uint256 id = 1; id < n; ++id) {
                IReserve.RedeemRequest memory r = reserve.getRequest(id);
                if (r.status == IReserve.RequestStatus.Claimable && r.stable == stable) payouts += r.payout;
            }
            assertEq(reserved, payouts, "reserved == claimable payouts");
            total18 += liquid * 10 ** (18 - s[i].decimals());
        }
        assertEq(reserve.totalLiquid18(), total18, "totalLiquid18 == sum of normalised liquid");
    }
}
