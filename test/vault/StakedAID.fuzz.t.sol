// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {VaultBase} from "./VaultBase.sol";

/// @notice Fuzz tests of the money paths: vesting, the APR cap, loss, and epoch settlement.
contract StakedAIDFuzzTest is VaultBase {
    function setUp() public {
        _deploy(18, 0, 7 days);
    }

    // ------------------------------------------------------------------ vesting

    /// @dev totalAssets rises linearly and monotonically up to vestingEnd, then stays.
    function testFuzz_vesting_linearAndMonotonic(uint256 tvl, uint256 yieldBps, uint256 period, uint256[5] memory dts)
        public
    {
        _deposit(alice, bound(tvl, 1e6, 1e30));
        vm.prank(admin);
        vault.setVestingPeriod(bound(period, 1 hours, 7 days));
        uint256 amount = bound(vault.maxYield() * bound(yieldBps, 0, 10_000) / 10_000, 1, type(uint256).max);
        vm.assume(amount <= vault.maxYield());
        uint256 base = vault.totalAssets();
        uint256 start = block.timestamp;
        _distribute(amount);
        uint256 end = vault.vestingEnd();
        uint256 p = end - start;
        uint256 last = vault.totalAssets();
        assertEq(last, base, "nothing vested at start");
        for (uint256 i; i < dts.length; ++i) {
            vm.warp(block.timestamp + bound(dts[i], 0, p / 2));
            uint256 ta = vault.totalAssets();
            assertGe(ta, last, "monotonic");
            uint256 elapsed = block.timestamp >= end ? p : block.timestamp - start;
            // exact linear schedule, unvested rounded up → vested rounded down
            assertEq(ta - base, amount * elapsed / p, "linear");
            last = ta;
        }
        vm.warp(end + 1);
        assertEq(vault.totalAssets(), base + amount, "all vested after end");
    }

    /// @dev Yield above maxYield reverts; at maxYield the rate rises at most maxAprBps per year.
    function testFuzz_maxApr_cap(uint256 tvl, uint256 apr, uint256 period, uint256 extra) public {
        _deposit(alice, bound(tvl, 1e6, 1e30));
        vm.startPrank(admin);
        vault.setMaxApr(bound(apr, 1, 20_000));
        vault.setVestingPeriod(bound(period, 1 hours, 7 days));
        vm.stopPrank();
        uint256 ta = vault.totalAssets();
        uint256 maxAmount = vault.maxYield();
        assertEq(maxAmount, ta * vault.maxAprBps() * vault.vestingPeriod() / (10_000 * 365 days), "maxYield formula");
        uint256 tooMuch = maxAmount + bound(extra, 1, 1e30);
        token.mint(yielder, tooMuch);
        vm.prank(yielder);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.YieldTooHigh.selector, tooMuch, maxAmount));
        vault.distributeYield(tooMuch);
        vm.assume(maxAmount > 0);
        _distribute(maxAmount);
        uint256 rate0 = vault.convertToAssets(1e36);
        vm.warp(vault.vestingEnd());
        uint256 rate1 = vault.convertToAssets(1e36);
        // annualised growth over the vesting period ≤ maxAprBps (+ rounding of 1 unit in 1e36)
        uint256 growthBpsYear = (rate1 - rate0) * 10_000 * 365 days / (rate0 * vault.vestingPeriod());
        assertLe(growthBpsYear, vault.maxAprBps(), "rate growth within the APR cap");
    }

    /// @dev A loss is absorbed by unvested yield first, then lowers totalAssets by the rest; the caller gets it all.
    function testFuzz_reportLoss(uint256 tvl, uint256 yieldBps, uint256 elapsed, uint256 lossBps) public {
        _deposit(alice, bound(tvl, 1e6, 1e30));
        uint256 y = vault.maxYield() * bound(yieldBps, 0, 10_000) / 10_000;
        if (y != 0) _distribute(y);
        vm.warp(block.timestamp + bound(elapsed, 0, 10 hours));
        uint256 ta = vault.totalAssets();
        uint256 unvested = vault.unvestedYield();
        uint256 loss = vault.storedAssets() * bound(lossBps, 0, 10_000) / 10_000;
        vm.prank(reserve);
        vault.reportLoss(loss);
        uint256 cancelled = loss < unvested ? loss : unvested;
        assertEq(vault.totalAssets(), ta - (loss - cancelled), "total assets lowered by the uncovered part");
        assertEq(vault.unvestedYield(), unvested - cancelled, "unvested reduced");
        assertEq(token.balanceOf(reserve), loss, "reserve received the loss");
    }

    // ------------------------------------------------------------------ epoch settlement

    /// @dev Pro-rata fill: Σ claims ≤ assets set aside, each controller within 1 wei of its exact share.
    function testFuzz_settle_proRata(uint256[3] memory deposits, uint256[3] memory requestBps, uint256 capBps) public {
        vm.prank(admin);
        vault.setMaxEpochExit(bound(capBps, 1, 10_000));
        address[3] memory users = [alice, bob, carol];
        uint256[3] memory req;
        uint256 queued;
        for (uint256 i; i < 3; ++i) {
            uint256 shares = _deposit(users[i], bound(deposits[i], 1e6, 1e30));
            req[i] = bound(shares * bound(requestBps[i], 0, 10_000) / 10_000, 1, shares);
            _request(users[i], req[i]);
            queued += req[i];
        }
        assertEq(vault.totalPendingShares(), queued, "queued");
        _settleNow();
        uint256 setAside = vault.claimableAssets();
        uint256 filled = queued - vault.totalPendingShares();
        uint256 sumClaims;
        for (uint256 i; i < 3; ++i) {
            uint256 c = vault.claimableRedeemRequest(0, users[i]);
            sumClaims += c;
            uint256 exact = setAside * req[i] / queued;
            assertApproxEqAbs(c, exact, 1, "pro-rata assets +-1 wei");
            assertLe(c, exact + 1, "never more than +1");
            uint256 pend = vault.pendingRedeemRequest(0, users[i]);
            assertApproxEqAbs(pend, (queued - filled) * req[i] / queued, 1, "pro-rata carry +-1 share");
        }
        assertLe(sumClaims, setAside, "sum of claims <= set aside");
        for (uint256 i; i < 3; ++i) {
            uint256 c = vault.claimableRedeemRequest(0, users[i]);
            if (c == 0) continue;
            vm.prank(users[i]);
            assertEq(vault.claim(users[i], users[i]), c, "claim pays claimable");
        }
        assertLe(vault.claimableAssets(), 3, "only rounding dust left");
    }

    struct Snapshot {
        uint256 pa;
        uint256 pb;
        uint256 ca;
        uint256 cb;
        uint256 setAside;
        uint256 queued;
    }

    /// @dev Carry-over across several partially filled epochs, with a late join and yield in between: per epoch
    /// alice and bob get the fill pro-rata to their pending shares, Σ claims ≤ set aside, and the queue drains.
    function testFuzz_settle_carryOverSeveralEpochs(
        uint256[3] memory deposits,
        uint256 capBps,
        uint256 lateJoin,
        uint256[4] memory yieldBps
    ) public {
        vm.prank(admin);
        vault.setMaxEpochExit(bound(capBps, 500, 3000));
        uint256[3] memory shares;
        shares[0] = _deposit(alice, bound(deposits[0], 1e18, 1e28));
        shares[1] = _deposit(bob, bound(deposits[1], 1e18, 1e28));
        shares[2] = _deposit(carol, bound(deposits[2], 1e18, 1e28));
        // A holder who stays keeps the per-epoch cap from shrinking with the queue (else it drains geometrically).
        _deposit(stranger, 3e28);
        _request(alice, shares[0]);
        _request(bob, shares[1]);
        uint256 joinAt = bound(lateJoin, 0, 3);
        uint256 epochs;
        while (vault.totalPendingShares() != 0 || epochs <= joinAt) {
            if (epochs == joinAt) _request(carol, shares[2]);
            uint256 y = vault.maxYield() * bound(yieldBps[epochs % 4], 0, 10_000) / 10_000;
            if (y != 0 && vault.unvestedYield() == 0) _distribute(y);
            _settleAndCheck();
            ++epochs;
            assertLt(epochs, 60, "queue drains");
        }
        address[3] memory users = [alice, bob, carol];
        for (uint256 i; i < 3; ++i) {
            uint256 c = vault.claimableRedeemRequest(0, users[i]);
            vm.prank(users[i]);
            assertEq(vault.claim(users[i], users[i]), c, "claim pays claimable");
            assertGe(c + 2 * epochs, shares[i], "each got at least its deposit (rate only rose) minus wei rounding");
        }
        assertLe(vault.claimableAssets(), 3 * epochs, "only wei dust left");
        assertEq(vault.pendingRedeemRequest(0, alice), 0, "drained");
    }

    function _settleAndCheck() internal {
        Snapshot memory b = Snapshot({
            pa: vault.pendingRedeemRequest(0, alice),
            pb: vault.pendingRedeemRequest(0, bob),
            ca: vault.claimableRedeemRequest(0, alice),
            cb: vault.claimableRedeemRequest(0, bob),
            setAside: vault.claimableAssets(),
            queued: vault.totalPendingShares()
        });
        _settleNow();
        uint256 fill = vault.claimableAssets() - b.setAside;
        if (b.queued != 0) {
            // ±1 wei of the accumulator, plus the value of the ±1 share rounding of the pending views
            uint256 tol = 2 + fill / b.queued;
            uint256 da = vault.claimableRedeemRequest(0, alice) - b.ca;
            uint256 db = vault.claimableRedeemRequest(0, bob) - b.cb;
            assertApproxEqAbs(da, fill * b.pa / b.queued, tol, "alice epoch share");
            assertApproxEqAbs(db, fill * b.pb / b.queued, tol, "bob epoch share");
        }
        uint256 sumClaims = vault.claimableRedeemRequest(0, alice) + vault.claimableRedeemRequest(0, bob)
            + vault.claimableRedeemRequest(0, carol);
        assertLe(sumClaims, vault.claimableAssets(), "sum of claims <= set aside");
    }
}
