// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {VaultBase} from "./VaultBase.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Attacks on ERC-4626 vaults replayed against StakedAID.
abstract contract StakedAIDAttackBase is VaultBase {
    address internal attacker = makeAddr("attacker");
    address internal victim = makeAddr("victim");

    function _decimals() internal pure virtual returns (uint8);
    function _offset() internal pure virtual returns (uint8);

    function setUp() public {
        _deploy(_decimals(), _offset(), 0);
        vm.prank(attacker);
        token.approve(address(vault), type(uint256).max);
        vm.prank(victim);
        token.approve(address(vault), type(uint256).max);
    }

    // ------------------------------------------------------------------ donation / inflation (Resupply, Jun 2025)

    /// @dev The attacker deposits 1 wei, donates a fortune straight to the vault, then the victim deposits.
    /// Internal accounting ignores the donation: the rate does not move, the victim is whole, the attacker
    /// loses the donation.
    function testFuzz_donationInflation_attackerLosesVictimWhole(uint256 donation, uint256 victimAssets) public {
        donation = bound(donation, 1, 1e12 * unit);
        victimAssets = bound(victimAssets, 1, 1e12 * unit);
        uint256 rateBefore = vault.convertToAssets(10 ** vault.decimals());
        token.mint(attacker, donation + 1);
        vm.startPrank(attacker);
        uint256 attackerShares = vault.deposit(1, attacker);
        token.transfer(address(vault), donation);
        vm.stopPrank();
        assertEq(vault.convertToAssets(10 ** vault.decimals()), rateBefore, "donation did not move the rate");
        assertGt(vault.convertToShares(10 ** _decimals()), 0, "rate is never zero (Resupply: 1e36/price -> 0)");

        token.mint(victim, victimAssets);
        vm.prank(victim);
        uint256 victimShares = vault.deposit(victimAssets, victim);
        assertGt(victimShares, 0, "victim got shares");
        assertApproxEqRel(victimShares * 1e18 / (10 ** offset), victimAssets * 1e18, 1e12, "fair shares (rate ~1)");

        vm.prank(victim);
        uint256 victimOut = vault.redeem(victimShares, victim, victim);
        assertGe(victimOut + 1, victimAssets, "victim whole (within 1 wei rounding)");
        vm.prank(attacker);
        uint256 attackerOut = vault.redeem(attackerShares, attacker, attacker);
        assertLe(attackerOut, 1, "attacker gets at most its 1 wei back");
        assertLt(token.balanceOf(attacker), donation + 1, "attacker ends at a loss");
    }

    /// @dev Unseeded vault: no first depositor can exist at all.
    function test_unseededVault_noFirstDepositor() public {
        StakedAID fresh = new StakedAID(IERC20(address(token)), "n", "s", admin, _offset());
        token.mint(attacker, 1);
        vm.startPrank(attacker);
        token.approve(address(fresh), 1);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.NotSeeded.selector));
        fresh.deposit(1, attacker);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ yield sandwich

    /// @dev Sync mode: deposit just before distributeYield, redeem just after (same block, or one 12 s block
    /// later). Linear vesting leaves nothing to capture in the same block and at most 12 s of vesting after.
    function testFuzz_yieldSandwich_sync(uint256 tvl, uint256 attackerAssets, bool nextBlock) public {
        _deposit(alice, bound(tvl, unit, 1e12 * unit));
        attackerAssets = bound(attackerAssets, unit, 1e12 * unit);
        uint256 y = vault.maxYield();
        vm.assume(y > 0);
        token.mint(attacker, attackerAssets);
        vm.prank(attacker);
        uint256 shares = vault.deposit(attackerAssets, attacker);
        _distribute(y);
        if (nextBlock) vm.warp(block.timestamp + 12);
        vm.prank(attacker);
        uint256 out = vault.redeem(shares, attacker, attacker);
        uint256 profit = out > attackerAssets ? out - attackerAssets : 0;
        // bound: all the yield that vested in the window (y × 12 s / 8 h), which is ≤ y / 2400
        uint256 bound_ = nextBlock ? y * 12 / 8 hours + 1 : 0;
        assertLe(profit, bound_, "sandwich profit within the vested-in-window bound");
        assertLe(profit, y / 2400 + 1, "explicit bound: at most 1/2400 of the distribution");
    }

    /// @dev Async mode: the attacker deposits before distributeYield and requests the exit right after; the
    /// epoch ends one block later and is settled then. Escrowed shares earn only what vested until settlement.
    function testFuzz_yieldSandwich_async(uint256 tvl, uint256 attackerAssets) public {
        vm.prank(admin);
        vault.setMaxEpochExit(10_000);
        _deposit(alice, bound(tvl, unit, 1e12 * unit));
        attackerAssets = bound(attackerAssets, unit, 1e12 * unit);
        token.mint(attacker, attackerAssets);
        vm.prank(attacker);
        uint256 shares = vault.deposit(attackerAssets, attacker);
        // the epoch ends 12 s after the distribution (worst case for the vault: distribution right before the end)
        vm.prank(admin);
        vault.setExitEpochDuration(7 days);
        (, uint256 endsAt) = vault.openEpoch();
        vm.warp(endsAt - 12);
        uint256 y = vault.maxYield();
        vm.assume(y > 0);
        _distribute(y);
        vm.prank(attacker);
        vault.requestRedeem(shares, attacker, attacker);
        vm.warp(endsAt);
        vault.settleEpoch();
        vm.prank(attacker);
        uint256 out = vault.claim(attacker, attacker);
        uint256 profit = out > attackerAssets ? out - attackerAssets : 0;
        assertLe(profit, y * 12 / 8 hours + 1, "async sandwich earns at most 12 s of vesting");
        assertLe(profit, y / 2400 + 1, "explicit bound: at most 1/2400 of the distribution");
    }

    // ------------------------------------------------------------------ queue-dilution griefing

    /// @dev Each epoch the attacker tops the queue up to exactly the fill cap + 1 share, so every settlement
    /// leaves a 1-share remainder under the whole queue's units (dilution ~1e20 per epoch; without the
    /// generation roll-over, units would overflow after four epochs). Honest controllers keep getting their
    /// pro-rata fills, nothing reverts, and Σ claims stays within the assets set aside.
    function testFuzz_queueDilutionGriefing(uint256 honestBps, uint256 rounds) public {
        vm.prank(admin);
        vault.setExitEpochDuration(7 days);
        rounds = bound(rounds, 4, 12);
        _deposit(alice, 1_000_000 * unit);
        uint256 honestTotal;
        // carol exits once in the first epoch and then never touches the vault: her position is brought
        // forward lazily through every later generation
        uint256 carolShares = _deposit(carol, 1000 * unit);
        vm.prank(carol);
        vault.requestRedeem(carolShares, carol, carol);
        for (uint256 r; r < rounds; ++r) {
            // an honest exit of up to 10% of bob's fresh deposit joins the open epoch
            uint256 bobShares = _deposit(bob, 10_000 * unit);
            uint256 honest = bound(bobShares * bound(honestBps, 1, 1000) / 10_000, 1, bobShares);
            vm.prank(bob);
            vault.requestRedeem(honest, bob, bob);
            honestTotal += honest;
            (, uint256 endsAt) = vault.openEpoch();
            vm.warp(endsAt);
            // the attacker recycles capital: tops its position up first (a deposit raises the cap too)
            _deposit(attacker, vault.totalAssets() / 2);
            uint256 cap = vault.convertToShares(vault.totalAssets() * vault.maxEpochExitBps() / 10_000);
            uint256 queued = vault.totalPendingShares();
            if (cap + 1 > queued) {
                uint256 top = cap + 1 - queued;
                vm.prank(attacker);
                vault.requestRedeem(top, attacker, attacker);
            }
            vault.settleEpoch();
            assertEq(vault.totalPendingShares(), 1, "only the 1-share remainder is left");
            uint256 sum = vault.claimableRedeemRequest(0, bob) + vault.claimableRedeemRequest(0, attacker);
            assertLe(sum, vault.claimableAssets(), "sum of claims <= set aside");
        }
        (,, uint256 gen) = vault.queueState();
        assertGt(gen, 0, "generations rolled over");
        // bob's exits were filled in full each epoch at the settlement rate (rate ~1 here), losing wei dust only
        uint256 bobClaim = vault.claimableRedeemRequest(0, bob);
        uint256 bobValue = vault.convertToAssets(honestTotal);
        assertApproxEqAbs(bobClaim, bobValue, 4 * rounds + bobValue / 1e15, "honest controller filled pro-rata");
        vm.prank(bob);
        assertEq(vault.claim(bob, bob), bobClaim, "bob claims");
        uint256 carolClaim = vault.claimableRedeemRequest(0, carol);
        assertApproxEqAbs(carolClaim, 1000 * unit, 2 + unit / 1e15, "carol filled in full after many generations");
        assertEq(vault.pendingRedeemRequest(0, carol), 0, "carol's dust remainder dropped");
        vm.prank(carol);
        assertEq(vault.claim(carol, carol), carolClaim, "carol claims");
    }

    /// @dev Async mode: an exit requested ahead of a pending loss still bears it (no front-running the loss).
    function test_lossFrontRun_async() public {
        vm.prank(admin);
        vault.setExitEpochDuration(7 days);
        vm.prank(admin);
        vault.setMaxEpochExit(10_000);
        _deposit(alice, 9 * unit);
        uint256 shares = _deposit(attacker, 10 * unit);
        vm.prank(attacker);
        vault.requestRedeem(shares, attacker, attacker);
        vm.prank(reserve);
        vault.reportLoss(10 * unit); // half of the 20 units
        _settleNow();
        vm.prank(attacker);
        uint256 out = vault.claim(attacker, attacker);
        assertApproxEqAbs(out, 5 * unit, 1, "the queued exit bore its share of the loss");
    }
}

contract StakedAIDAttack18Test is StakedAIDAttackBase {
    function _decimals() internal pure override returns (uint8) {
        return 18;
    }

    function _offset() internal pure override returns (uint8) {
        return 0;
    }
}

contract StakedAIDAttack6Test is StakedAIDAttackBase {
    function _decimals() internal pure override returns (uint8) {
        return 6;
    }

    function _offset() internal pure override returns (uint8) {
        return 12;
    }
}
