// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {VaultBase} from "./VaultBase.sol";
import {FeeOnTransferToken} from "./mocks/FeeOnTransferToken.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice Unit tests of every StakedAID function and revert path (18-decimal asset, async mode by default).
contract StakedAIDUnitTest is VaultBase {
    function setUp() public {
        _deploy(18, 0, 7 days);
    }

    // ------------------------------------------------------------------ constructor / metadata

    function test_constructor_setsMetadataAndDefaults() public view {
        assertEq(vault.name(), "Staked AID", "name");
        assertEq(vault.symbol(), "sAID", "symbol");
        assertEq(vault.decimals(), 18, "decimals");
        assertEq(vault.asset(), address(token), "asset");
        assertEq(vault.vestingPeriod(), 8 hours, "vesting period default");
        assertEq(vault.maxAprBps(), 5000, "max apr default");
        assertEq(vault.exitEpochDuration(), 7 days, "exit epoch (set by fixture)");
        assertEq(vault.maxEpochExitBps(), 2000, "max epoch exit default");
        assertTrue(vault.hasRole(vault.DEFAULT_ADMIN_ROLE(), admin), "admin");
        assertEq(vault.YIELD_ROLE(), keccak256("YIELD_ROLE"), "yield role id");
        assertEq(vault.LOSS_REPORTER_ROLE(), keccak256("LOSS_REPORTER_ROLE"), "loss role id");
    }

    function test_constructor_defaultExitEpochIs7Days() public {
        StakedAID fresh = new StakedAID(IERC20(address(token)), "n", "s", admin, 0);
        assertEq(fresh.exitEpochDuration(), 7 days, "default exit epoch");
        (uint256 epoch, uint256 endsAt) = fresh.openEpoch();
        assertEq(epoch, 0, "first epoch");
        assertEq(endsAt, block.timestamp + 7 days, "first epoch end");
        assertFalse(fresh.seeded(), "not seeded");
    }

    function test_constructor_decimalsWithOffset() public {
        MockStablecoin usdc = new MockStablecoin("USD Coin", "USDC", 6);
        StakedAID v = new StakedAID(IERC20(address(usdc)), "n", "s", admin, 12);
        assertEq(v.decimals(), 18, "6 + 12 decimals");
    }

    function test_constructor_revertsOnZeroAsset() public {
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ZeroAddress.selector));
        new StakedAID(IERC20(address(0)), "n", "s", admin, 0);
    }

    function test_constructor_revertsOnOffsetTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 19, 0, 18));
        new StakedAID(IERC20(address(token)), "n", "s", admin, 19);
    }

    // ------------------------------------------------------------------ seed

    function test_seed_mintsDeadShares() public view {
        assertTrue(vault.seeded(), "seeded");
        assertEq(vault.balanceOf(vault.DEAD_ADDRESS()), unit, "dead shares 1:1");
        assertEq(vault.totalAssets(), unit, "seed assets");
        assertEq(vault.storedAssets(), unit, "stored");
    }

    function test_seed_emitsSeeded() public {
        StakedAID fresh = new StakedAID(IERC20(address(token)), "n", "s", admin, 0);
        token.mint(admin, 5);
        vm.startPrank(admin);
        token.approve(address(fresh), 5);
        vm.expectEmit(address(fresh));
        emit IStakedAID.Seeded(admin, 5, 5);
        uint256 shares = fresh.seed(5);
        vm.stopPrank();
        assertEq(shares, 5, "seed shares");
    }

    function test_seed_revertsTwice() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.AlreadySeeded.selector));
        vault.seed(1);
    }

    function test_seed_revertsOnZero() public {
        StakedAID fresh = new StakedAID(IERC20(address(token)), "n", "s", admin, 0);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ZeroAmount.selector));
        fresh.seed(0);
    }

    function test_beforeSeed_depositMintRevertAndMaxIsZero() public {
        StakedAID fresh = new StakedAID(IERC20(address(token)), "n", "s", admin, 0);
        assertEq(fresh.maxDeposit(alice), 0, "maxDeposit before seed");
        assertEq(fresh.maxMint(alice), 0, "maxMint before seed");
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.NotSeeded.selector));
        fresh.deposit(1, alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.NotSeeded.selector));
        fresh.mint(1, alice);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ deposit / mint

    function test_deposit_mintsSharesAndTracksAssets() public {
        uint256 shares = _deposit(alice, 100e18);
        assertEq(shares, 100e18, "1:1 at start");
        assertEq(vault.balanceOf(alice), 100e18, "alice shares");
        assertEq(vault.totalAssets(), 101e18, "total assets");
        assertEq(token.balanceOf(address(vault)), 101e18, "vault balance");
    }

    function test_mint_pullsAssets() public {
        token.mint(alice, 50e18);
        vm.prank(alice);
        uint256 assets = vault.mint(50e18, alice);
        assertEq(assets, 50e18, "assets pulled");
        assertEq(vault.balanceOf(alice), 50e18, "shares");
    }

    function test_deposit_revertsOnFeeOnTransferAsset() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        StakedAID v = new StakedAID(IERC20(address(fot)), "n", "s", admin, 0);
        fot.mint(admin, 100);
        vm.startPrank(admin);
        fot.approve(address(v), 100);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.TransferShortfall.selector, 100, 99));
        v.seed(100);
        vm.stopPrank();
    }

    function test_donation_changesNothing() public {
        _deposit(alice, 100e18);
        uint256 rateBefore = vault.convertToAssets(1e18);
        uint256 taBefore = vault.totalAssets();
        token.mint(address(vault), 1_000_000e18);
        assertEq(vault.totalAssets(), taBefore, "donation ignored by totalAssets");
        assertEq(vault.convertToAssets(1e18), rateBefore, "rate unchanged");
    }

    // ------------------------------------------------------------------ withdraw / redeem

    function test_withdrawRedeem_revertAsyncOnly() public {
        _deposit(alice, 10e18);
        assertEq(vault.maxWithdraw(alice), 0, "maxWithdraw async");
        assertEq(vault.maxRedeem(alice), 0, "maxRedeem async");
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.AsyncExitOnly.selector));
        vault.withdraw(1, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.AsyncExitOnly.selector));
        vault.redeem(1, alice, alice);
        vm.stopPrank();
    }

    function test_withdrawRedeem_syncMode() public {
        vm.prank(admin);
        vault.setExitEpochDuration(0);
        _deposit(alice, 10e18);
        assertEq(vault.maxWithdraw(alice), 10e18, "maxWithdraw sync");
        assertEq(vault.maxRedeem(alice), 10e18, "maxRedeem sync");
        vm.startPrank(alice);
        vault.withdraw(4e18, alice, alice);
        vault.redeem(6e18, alice, alice);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 10e18, "alice whole");
        assertEq(vault.totalAssets(), unit, "only seed left");
        assertEq(vault.storedAssets(), unit, "stored");
    }

    function test_withdraw_syncRevertsAboveMax() public {
        vm.prank(admin);
        vault.setExitEpochDuration(0);
        _deposit(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, alice, 11e18, 10e18));
        vault.withdraw(11e18, alice, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, alice, 11e18, 10e18));
        vault.redeem(11e18, alice, alice);
    }

    // ------------------------------------------------------------------ distributeYield / vesting

    function test_distributeYield_vestsLinearly() public {
        _deposit(alice, 99e18); // 100e18 total
        uint256 amount = vault.maxYield();
        assertEq(amount, uint256(100e18) * 5000 * 8 hours / (10_000 * 365 days), "maxYield formula");
        token.mint(yielder, amount);
        vm.expectEmit(address(vault));
        emit IStakedAID.YieldDistributed(yielder, amount, block.timestamp + 8 hours);
        vm.prank(yielder);
        vault.distributeYield(amount);
        assertEq(vault.vestingEnd(), block.timestamp + 8 hours, "vesting end");
        assertEq(vault.unvestedYield(), amount, "all unvested at start");
        assertEq(vault.totalAssets(), 100e18, "unchanged at start");
        vm.warp(block.timestamp + 4 hours);
        assertApproxEqAbs(vault.totalAssets(), 100e18 + amount / 2, 1, "half vested");
        vm.warp(block.timestamp + 4 hours);
        assertEq(vault.unvestedYield(), 0, "fully vested");
        assertEq(vault.totalAssets(), 100e18 + amount, "all vested");
    }

    function test_distributeYield_revertsWhileVesting() public {
        _deposit(alice, 99e18);
        uint256 amount = vault.maxYield();
        _distribute(amount);
        vm.warp(block.timestamp + 8 hours - 1);
        uint256 unvested = vault.unvestedYield();
        assertGt(unvested, 0, "still vesting");
        token.mint(yielder, 1);
        vm.prank(yielder);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.StillVesting.selector, unvested));
        vault.distributeYield(1);
    }

    function test_distributeYield_revertsAboveCap() public {
        _deposit(alice, 99e18);
        uint256 maxAmount = vault.maxYield();
        token.mint(yielder, maxAmount + 1);
        vm.prank(yielder);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.YieldTooHigh.selector, maxAmount + 1, maxAmount));
        vault.distributeYield(maxAmount + 1);
    }

    function test_distributeYield_revertsOnZero() public {
        vm.prank(yielder);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ZeroAmount.selector));
        vault.distributeYield(0);
    }

    function test_distributeYield_newScheduleAfterVesting() public {
        _deposit(alice, 99e18);
        _distribute(vault.maxYield());
        vm.warp(block.timestamp + 8 hours);
        uint256 ta = vault.totalAssets();
        uint256 second = vault.maxYield();
        _distribute(second);
        assertEq(vault.totalAssets(), ta, "second schedule starts unvested");
        vm.warp(block.timestamp + 8 hours);
        assertEq(vault.totalAssets(), ta + second, "second vested");
    }

    // ------------------------------------------------------------------ reportLoss

    function test_reportLoss_lowersRateAndPaysCaller() public {
        _deposit(alice, 99e18);
        vm.expectEmit(address(vault));
        emit IStakedAID.LossReported(reserve, reserve, 10e18, 0);
        vm.prank(reserve);
        vault.reportLoss(10e18);
        assertEq(vault.totalAssets(), 90e18, "total assets lowered");
        assertEq(token.balanceOf(reserve), 10e18, "reserve paid");
        assertEq(vault.convertToAssets(1e18), uint256(1e18) * (90e18 + 1) / (100e18 + 1), "rate fell");
    }

    function test_reportLoss_cancelsUnvestedFirst() public {
        _deposit(alice, 99e18);
        uint256 y = vault.maxYield();
        _distribute(y);
        vm.warp(block.timestamp + 2 hours);
        uint256 unvested = vault.unvestedYield();
        uint256 taBefore = vault.totalAssets();
        uint256 end = vault.vestingEnd();
        // A loss smaller than the unvested yield leaves totalAssets unchanged.
        vm.prank(reserve);
        vault.reportLoss(unvested / 2);
        assertEq(vault.totalAssets(), taBefore, "absorbed by unvested");
        assertEq(vault.unvestedYield(), unvested - unvested / 2, "unvested reduced");
        assertEq(vault.vestingEnd(), end, "same end");
        // A loss above the rest of the unvested yield cancels it and lowers totalAssets by the difference.
        uint256 rest = vault.unvestedYield();
        vm.expectEmit(address(vault));
        emit IStakedAID.LossReported(reserve, reserve, rest + 1e18, rest);
        vm.prank(reserve);
        vault.reportLoss(rest + 1e18);
        assertEq(vault.unvestedYield(), 0, "unvested cancelled");
        assertEq(vault.totalAssets(), taBefore - 1e18, "rest lowers total assets");
        vm.warp(end);
        assertEq(vault.totalAssets(), taBefore - 1e18, "nothing vests afterwards");
    }

    function test_reportLoss_zeroIsNoop() public {
        vm.recordLogs();
        vm.prank(reserve);
        vault.reportLoss(0);
        assertEq(vm.getRecordedLogs().length, 0, "no event, no transfer");
        assertEq(vault.totalAssets(), unit, "unchanged");
    }

    function test_reportLoss_revertsAboveStored() public {
        uint256 stored = vault.storedAssets();
        vm.prank(reserve);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.LossTooHigh.selector, stored + 1, stored));
        vault.reportLoss(stored + 1);
    }

    function test_reportLoss_wholeStored() public {
        _deposit(alice, 9e18);
        vm.prank(reserve);
        vault.reportLoss(10e18);
        assertEq(vault.totalAssets(), 0, "all lost");
        assertEq(vault.convertToAssets(9e18), 0, "shares worthless");
    }

    // ------------------------------------------------------------------ requestRedeem

    function test_requestRedeem_escrowsShares() public {
        _deposit(alice, 10e18);
        vm.expectEmit(address(vault));
        emit IStakedAID.RedeemRequest(bob, alice, 0, alice, 4e18);
        vm.prank(alice);
        uint256 id = vault.requestRedeem(4e18, bob, alice);
        assertEq(id, 0, "request id 0");
        assertEq(vault.balanceOf(alice), 6e18, "alice shares left");
        assertEq(vault.balanceOf(address(vault)), 4e18, "escrow");
        assertEq(vault.pendingRedeemRequest(0, bob), 4e18, "bob pending");
        assertEq(vault.pendingRedeemRequest(0, alice), 0, "alice not controller");
        assertEq(vault.totalPendingShares(), 4e18, "total pending");
        assertEq(vault.claimableRedeemRequest(0, bob), 0, "nothing claimable yet");
    }

    function test_requestRedeem_withAllowance() public {
        _deposit(alice, 10e18);
        vm.prank(alice);
        vault.approve(bob, 3e18);
        vm.prank(bob);
        vault.requestRedeem(3e18, bob, alice);
        assertEq(vault.allowance(alice, bob), 0, "allowance spent");
        assertEq(vault.pendingRedeemRequest(0, bob), 3e18, "pending");
    }

    function test_requestRedeem_revertsWithoutAllowance() public {
        _deposit(alice, 10e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, 1e18));
        vault.requestRedeem(1e18, bob, alice);
    }

    function test_requestRedeem_revertsOnZeroShares() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ZeroAmount.selector));
        vault.requestRedeem(0, alice, alice);
    }

    function test_requestRedeem_revertsOnZeroController() public {
        _deposit(alice, 1e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ZeroAddress.selector));
        vault.requestRedeem(1, address(0), alice);
    }

    function test_requestRedeem_revertsAboveBalance() public {
        _deposit(alice, 1e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1e18, 2e18));
        vault.requestRedeem(2e18, alice, alice);
    }

    // ------------------------------------------------------------------ settleEpoch / claim

    function test_settleEpoch_revertsBeforeEnd() public {
        (uint256 epoch, uint256 endsAt) = vault.openEpoch();
        vm.warp(endsAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.EpochNotEnded.selector, epoch, endsAt));
        vault.settleEpoch();
    }

    function test_settleEpoch_emptyQueueAdvances() public {
        (, uint256 endsAt) = vault.openEpoch();
        vm.warp(endsAt);
        vm.expectEmit(address(vault));
        emit IStakedAID.EpochSettled(0, 0, 0, 0, 1e18);
        vault.settleEpoch();
        (uint256 epoch, uint256 nextEnd) = vault.openEpoch();
        assertEq(epoch, 1, "next epoch");
        assertEq(nextEnd, block.timestamp + 7 days, "next end from settlement");
    }

    function test_settleEpoch_fullFillAndClaim() public {
        _deposit(alice, 9e18); // 10e18 total
        _request(alice, 1e18); // 10% < 20% cap
        _settleNow();
        assertEq(vault.totalPendingShares(), 0, "queue empty");
        assertEq(vault.pendingRedeemRequest(0, alice), 0, "no pending");
        assertEq(vault.claimableRedeemRequest(0, alice), 1e18, "claimable");
        assertEq(vault.claimableAssets(), 1e18, "set aside");
        assertEq(vault.totalAssets(), 9e18, "outside total assets");
        assertEq(vault.totalSupply(), 9e18, "escrow burned");
        vm.expectEmit(address(vault));
        emit IStakedAID.ExitClaimed(alice, carol, 1e18);
        vm.prank(alice);
        uint256 paid = vault.claim(alice, carol);
        assertEq(paid, 1e18, "paid");
        assertEq(token.balanceOf(carol), 1e18, "receiver got assets");
        assertEq(vault.claimableAssets(), 0, "set aside consumed");
    }

    function test_settleEpoch_partialFillCarriesOver() public {
        _deposit(alice, 99e18); // 100e18 total
        _request(alice, 30e18);
        _settleNow();
        // cap = 20% of 100e18 = 20e18 → 20e18 of 30e18 filled, 10e18 carried
        assertEq(vault.claimableAssets(), 20e18, "20 set aside");
        assertApproxEqAbs(vault.claimableRedeemRequest(0, alice), 20e18, 1, "filled 20 (accumulator rounds down 1 wei)");
        assertLe(vault.claimableRedeemRequest(0, alice), 20e18, "never above the set-aside");
        assertEq(vault.pendingRedeemRequest(0, alice), 10e18, "carried 10");
        assertEq(vault.balanceOf(address(vault)), 10e18, "carried shares still escrowed");
        _settleNow();
        assertEq(vault.pendingRedeemRequest(0, alice), 0, "carry filled");
        assertApproxEqAbs(vault.claimableRedeemRequest(0, alice), 30e18, 2, "all filled");
        assertEq(vault.claimableAssets(), 30e18, "30 set aside");
    }

    function test_claim_revertsForOthers() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.NotAuthorized.selector, bob, alice));
        vault.claim(alice, bob);
    }

    function test_claim_revertsNothingToClaim() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.NothingToClaim.selector));
        vault.claim(alice, alice);
    }

    function test_claim_revertsZeroReceiver() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ZeroAddress.selector));
        vault.claim(alice, address(0));
    }

    function test_settleEpoch_syncModeAnytime() public {
        vm.prank(admin);
        vault.setExitEpochDuration(0);
        _deposit(alice, 9e18);
        _request(alice, 1e18);
        vault.settleEpoch();
        vault.settleEpoch();
        assertEq(vault.claimableRedeemRequest(0, alice), 1e18, "filled in sync mode");
    }

    function test_escrowedShares_bearLossUntilSettlement() public {
        _deposit(alice, 9e18);
        _request(alice, 1e18);
        vm.prank(reserve);
        vault.reportLoss(5e18); // half
        _settleNow();
        assertApproxEqAbs(vault.claimableRedeemRequest(0, alice), 0.5e18, 1, "exit at settlement rate");
    }

    function test_generationRollover_onDilution() public {
        vm.prank(admin);
        vault.setMaxEpochExit(10_000);
        _deposit(alice, 99e18); // 100e18 total, cap = all assets
        // Queue larger than the cap by a dust amount is impossible here, so shrink the cap instead.
        vm.prank(admin);
        vault.setMaxEpochExit(5000); // cap 50e18
        _request(alice, 50e18 + 1); // leaves 1 wei share after the fill → dilution 5e19 > 1e12 → rollover
        _settleNow();
        (uint256 units,, uint256 gen) = vault.queueState();
        assertEq(gen, 1, "rolled over");
        assertEq(units, 1, "one unit per remaining share");
        assertEq(vault.pendingRedeemRequest(0, alice), 1, "dust share carried");
        assertEq(vault.claimableAssets(), 50e18, "half set aside");
        assertApproxEqAbs(vault.claimableRedeemRequest(0, alice), 50e18, 1, "filled half, -1 wei rounding");
        // A newcomer joins the fresh generation at one unit per share.
        _deposit(bob, 10e18);
        _request(bob, 10e18);
        assertEq(vault.pendingRedeemRequest(0, bob), 10e18, "bob pending");
        _settleNow();
        assertEq(vault.pendingRedeemRequest(0, alice), 0, "alice done");
        uint256 aliceClaim = vault.claimableRedeemRequest(0, alice);
        assertApproxEqAbs(aliceClaim, 50e18, 1, "alice dust share worth <= 1 wei");
        assertEq(vault.claimableRedeemRequest(0, bob), 10e18, "bob filled");
        vm.prank(alice);
        assertEq(vault.claim(alice, alice), aliceClaim, "alice claims");
        vm.prank(bob);
        assertEq(vault.claim(bob, bob), 10e18, "bob claims");
    }

    function test_settleEpoch_nothingFillableCarriesQueue() public {
        _deposit(alice, 9e18);
        _request(alice, 1e18);
        vm.prank(reserve);
        vault.reportLoss(10e18); // totalAssets 0 → cap 0
        (, uint256 endsAt) = vault.openEpoch();
        vm.warp(endsAt);
        vm.expectEmit(address(vault));
        emit IStakedAID.EpochSettled(0, 1e18, 0, 0, 0);
        vault.settleEpoch();
        assertEq(vault.totalPendingShares(), 1e18, "queue carried");
        assertEq(vault.pendingRedeemRequest(0, alice), 1e18, "alice still pending");
        assertEq(vault.claimableRedeemRequest(0, alice), 0, "nothing filled");
    }

    function test_deposit_revertsAboveUint128() public {
        uint256 huge = uint256(type(uint128).max);
        token.mint(alice, huge);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, huge + unit));
        vault.deposit(huge, alice);
    }

    // ------------------------------------------------------------------ setters

    function test_setters_updateAndEmit() public {
        vm.startPrank(admin);
        vm.expectEmit(address(vault));
        emit IStakedAID.VestingPeriodSet(1 days);
        vault.setVestingPeriod(1 days);
        vm.expectEmit(address(vault));
        emit IStakedAID.MaxAprSet(20_000);
        vault.setMaxApr(20_000);
        vm.expectEmit(address(vault));
        emit IStakedAID.ExitEpochDurationSet(30 days);
        vault.setExitEpochDuration(30 days);
        vm.expectEmit(address(vault));
        emit IStakedAID.MaxEpochExitSet(1);
        vault.setMaxEpochExit(1);
        vm.stopPrank();
        assertEq(vault.vestingPeriod(), 1 days, "vesting");
        assertEq(vault.maxAprBps(), 20_000, "apr");
        assertEq(vault.exitEpochDuration(), 30 days, "epoch");
        assertEq(vault.maxEpochExitBps(), 1, "exit bps");
    }

    function test_setVestingPeriod_bounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 1 hours - 1, 1 hours, 7 days));
        vault.setVestingPeriod(1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 7 days + 1, 1 hours, 7 days));
        vault.setVestingPeriod(7 days + 1);
        vault.setVestingPeriod(1 hours);
        vault.setVestingPeriod(7 days);
        vm.stopPrank();
        assertEq(vault.vestingPeriod(), 7 days, "upper bound accepted");
    }

    function test_setMaxApr_bounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 0, 1, 20_000));
        vault.setMaxApr(0);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 20_001, 1, 20_000));
        vault.setMaxApr(20_001);
        vault.setMaxApr(1);
        vm.stopPrank();
        assertEq(vault.maxAprBps(), 1, "lower bound accepted");
    }

    function test_setExitEpochDuration_bounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 30 days + 1, 0, 30 days));
        vault.setExitEpochDuration(30 days + 1);
        vault.setExitEpochDuration(0);
        vm.stopPrank();
        assertEq(vault.exitEpochDuration(), 0, "zero accepted (sync mode)");
    }

    function test_setMaxEpochExit_bounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 0, 1, 10_000));
        vault.setMaxEpochExit(0);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.ParameterOutOfBounds.selector, 10_001, 1, 10_000));
        vault.setMaxEpochExit(10_001);
        vault.setMaxEpochExit(10_000);
        vm.stopPrank();
        assertEq(vault.maxEpochExitBps(), 10_000, "upper bound accepted");
    }

    function test_vestingPeriodChange_doesNotAffectRunningSchedule() public {
        _deposit(alice, 99e18);
        uint256 y = vault.maxYield();
        _distribute(y);
        uint256 end = vault.vestingEnd();
        vm.prank(admin);
        vault.setVestingPeriod(7 days);
        assertEq(vault.vestingEnd(), end, "end unchanged");
        vm.warp(end);
        assertEq(vault.unvestedYield(), 0, "vested on the old schedule");
    }

    function test_renounceOperationalRole_reverts() public {
        bytes32 role = vault.YIELD_ROLE();
        vm.prank(yielder);
        vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, role));
        vault.renounceRole(role, yielder);
    }

    // ------------------------------------------------------------------ access-control matrix

    /// @dev Every privileged function × every role: only the right one passes.
    function test_accessControlMatrix() public {
        address[4] memory actors = [admin, yielder, reserve, stranger];
        bytes32[4] memory roleOf =
            [vault.DEFAULT_ADMIN_ROLE(), vault.YIELD_ROLE(), vault.LOSS_REPORTER_ROLE(), keccak256("NONE")];
        _deposit(alice, 99e18);
        for (uint256 fn; fn < 6; ++fn) {
            bytes32 required =
                fn == 0 ? vault.YIELD_ROLE() : fn == 1 ? vault.LOSS_REPORTER_ROLE() : vault.DEFAULT_ADMIN_ROLE();
            for (uint256 a; a < actors.length; ++a) {
                uint256 snap = vm.snapshotState();
                address actor = actors[a];
                token.mint(actor, 1e18);
                vm.prank(actor);
                token.approve(address(vault), type(uint256).max);
                bool allowed = roleOf[a] == required;
                if (!allowed) {
                    vm.expectRevert(
                        abi.encodeWithSelector(
                            IAccessControl.AccessControlUnauthorizedAccount.selector, actor, required
                        )
                    );
                }
                vm.prank(actor);
                _callPrivileged(fn);
                if (allowed) assertTrue(_privilegedEffect(fn), "allowed call took effect");
                vm.revertToState(snap);
            }
        }
    }

    function _callPrivileged(uint256 fn) internal {
        if (fn == 0) vault.distributeYield(1e15);
        else if (fn == 1) vault.reportLoss(1e18);
        else if (fn == 2) vault.setVestingPeriod(2 hours);
        else if (fn == 3) vault.setMaxApr(100);
        else if (fn == 4) vault.setExitEpochDuration(1 days);
        else vault.setMaxEpochExit(100);
    }

    function _privilegedEffect(uint256 fn) internal view returns (bool) {
        if (fn == 0) return vault.unvestedYield() == 1e15;
        if (fn == 1) return vault.totalAssets() == 99e18;
        if (fn == 2) return vault.vestingPeriod() == 2 hours;
        if (fn == 3) return vault.maxAprBps() == 100;
        if (fn == 4) return vault.exitEpochDuration() == 1 days;
        return vault.maxEpochExitBps() == 100;
    }

    /// @dev `seed` is admin-only: on a fresh vault only the admin passes.
    function test_accessControl_seed() public {
        StakedAID fresh = new StakedAID(IERC20(address(token)), "n", "s", admin, 0);
        bytes32 adminRole = fresh.DEFAULT_ADMIN_ROLE();
        address[3] memory others = [yielder, reserve, stranger];
        for (uint256 i; i < others.length; ++i) {
            vm.prank(others[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, others[i], adminRole)
            );
            fresh.seed(1);
        }
        token.mint(admin, 1);
        vm.startPrank(admin);
        token.approve(address(fresh), 1);
        fresh.seed(1);
        vm.stopPrank();
        assertTrue(fresh.seeded(), "admin seeds");
    }

    function test_permit_domainUsesName() public view {
        assertEq(vault.nonces(alice), 0, "permit nonces available");
        assertTrue(vault.DOMAIN_SEPARATOR() != bytes32(0), "domain");
    }
}
