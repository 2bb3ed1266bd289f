// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {VaultBase} from "./VaultBase.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice ERC-4626 conformance properties (the set checked by a16z/erc4626-tests, written for this vault),
/// fuzzed over a random vault state: several holders, vested and vesting yield, an optional loss, a donation.
/// The state-changing properties run in synchronous mode (exitEpochDuration = 0); the max* properties also
/// run in asynchronous mode (see `ERC4626AsyncMaxTest`).
abstract contract ERC4626ConformanceBase is VaultBase {
    struct Init {
        uint256 depositA;
        uint256 depositB;
        uint256 yieldBps; // of maxYield
        uint256 elapsed; // after the distribution
        uint256 lossBps; // of totalAssets
        uint256 donation;
    }

    function _decimals() internal pure virtual returns (uint8);
    function _offset() internal pure virtual returns (uint8);

    function setUp() public virtual {
        _deploy(_decimals(), _offset(), 0);
    }

    function _maxAmount() internal view returns (uint256) {
        return 1e12 * unit; // a trillion tokens
    }

    function _setup(Init memory init) internal {
        _deposit(alice, bound(init.depositA, 1, _maxAmount()));
        _deposit(bob, bound(init.depositB, 1, _maxAmount()));
        uint256 y = vault.maxYield() * bound(init.yieldBps, 0, 10_000) / 10_000;
        if (y != 0) _distribute(y);
        vm.warp(block.timestamp + bound(init.elapsed, 0, 16 hours));
        uint256 lossBps = bound(init.lossBps, 0, 10_000);
        if (lossBps > 5000) lossBps = 0; // half of the states without a loss
        uint256 loss = vault.totalAssets() * lossBps / 10_000;
        if (loss != 0) {
            vm.prank(reserve);
            vault.reportLoss(loss);
        }
        token.mint(address(vault), bound(init.donation, 0, _maxAmount()));
    }

    /// @dev Funds `who` with assets and approves the vault.
    function _fund(address who, uint256 assets) internal {
        token.mint(who, assets);
        vm.prank(who);
        token.approve(address(vault), type(uint256).max);
    }

    // ------------------------------------------------------------------ views

    function testFuzz_asset(Init memory init) public {
        _setup(init);
        assertEq(vault.asset(), address(token), "asset()");
    }

    function testFuzz_totalAssets_internal(Init memory init) public {
        _setup(init);
        assertEq(vault.totalAssets(), vault.storedAssets() - vault.unvestedYield(), "totalAssets identity");
        assertLe(vault.totalAssets(), token.balanceOf(address(vault)), "totalAssets <= balance");
    }

    function testFuzz_convertToShares_roundsDownAndCallerIndependent(Init memory init, uint256 a1, uint256 a2) public {
        _setup(init);
        a1 = bound(a1, 0, _maxAmount());
        a2 = bound(a2, 0, _maxAmount());
        vm.prank(alice);
        uint256 s1 = vault.convertToShares(a1);
        vm.prank(bob);
        assertEq(vault.convertToShares(a1), s1, "caller independent");
        assertLe(s1 + vault.convertToShares(a2), vault.convertToShares(a1 + a2), "rounds down (superadditive)");
        // Rounding down: converting back never yields more assets.
        assertLe(vault.convertToAssets(s1), a1, "assets(shares(a)) <= a");
    }

    function testFuzz_convertToAssets_roundsDownAndCallerIndependent(Init memory init, uint256 s1, uint256 s2) public {
        _setup(init);
        s1 = bound(s1, 0, vault.totalSupply());
        s2 = bound(s2, 0, vault.totalSupply());
        vm.prank(alice);
        uint256 a1 = vault.convertToAssets(s1);
        vm.prank(bob);
        assertEq(vault.convertToAssets(s1), a1, "caller independent");
        assertLe(a1 + vault.convertToAssets(s2), vault.convertToAssets(s1 + s2), "rounds down (superadditive)");
        assertLe(vault.convertToShares(a1), s1, "shares(assets(s)) <= s");
    }

    // ------------------------------------------------------------------ max*

    function testFuzz_maxDeposit_honest(Init memory init, uint256 assets) public {
        _setup(init);
        assertEq(vault.maxDeposit(carol), type(uint256).max, "no deposit limit once seeded");
        assets = bound(assets, 1, _maxAmount());
        _fund(carol, assets);
        vm.prank(carol);
        vault.deposit(assets, carol);
    }

    function testFuzz_maxMint_honest(Init memory init, uint256 shares) public {
        _setup(init);
        assertEq(vault.maxMint(carol), type(uint256).max, "no mint limit once seeded");
        shares = bound(shares, 1, vault.convertToShares(_maxAmount()) + 1);
        _fund(carol, vault.previewMint(shares));
        vm.prank(carol);
        vault.mint(shares, carol);
    }

    function testFuzz_maxWithdraw_honest(Init memory init) public {
        _setup(init);
        uint256 maxAssets = vault.maxWithdraw(alice);
        assertEq(maxAssets, vault.convertToAssets(vault.balanceOf(alice)), "maxWithdraw = assets of balance");
        vm.prank(alice);
        vault.withdraw(maxAssets, alice, alice);
        assertLe(vault.maxWithdraw(alice), 1, "nothing left to withdraw");
    }

    function testFuzz_maxRedeem_honest(Init memory init) public {
        _setup(init);
        uint256 maxShares = vault.maxRedeem(alice);
        assertEq(maxShares, vault.balanceOf(alice), "maxRedeem = balance");
        vm.prank(alice);
        vault.redeem(maxShares, alice, alice);
        assertEq(vault.balanceOf(alice), 0, "all redeemed");
    }

    // ------------------------------------------------------------------ preview vs action

    function testFuzz_previewDeposit_leDeposit(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, _maxAmount());
        _fund(carol, assets);
        uint256 preview = vault.previewDeposit(assets);
        uint256 before = token.balanceOf(carol);
        vm.prank(carol);
        uint256 shares = vault.deposit(assets, bob);
        assertLe(preview, shares, "previewDeposit <= deposit");
        assertEq(before - token.balanceOf(carol), assets, "caller paid exactly assets");
    }

    function testFuzz_previewMint_geMint(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.convertToShares(_maxAmount()));
        uint256 preview = vault.previewMint(shares);
        _fund(carol, preview);
        uint256 bobBefore = vault.balanceOf(bob);
        vm.prank(carol);
        uint256 assets = vault.mint(shares, bob);
        assertGe(preview, assets, "previewMint >= mint");
        assertEq(vault.balanceOf(bob) - bobBefore, shares, "receiver got exactly shares");
    }

    function testFuzz_previewWithdraw_geWithdraw(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, vault.maxWithdraw(alice));
        uint256 preview = vault.previewWithdraw(assets);
        uint256 before = token.balanceOf(carol);
        vm.prank(alice);
        uint256 shares = vault.withdraw(assets, carol, alice);
        assertGe(preview, shares, "previewWithdraw >= withdraw");
        assertEq(token.balanceOf(carol) - before, assets, "receiver got exactly assets");
    }

    function testFuzz_previewRedeem_leRedeem(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.maxRedeem(alice));
        uint256 preview = vault.previewRedeem(shares);
        uint256 before = vault.balanceOf(alice);
        vm.prank(alice);
        uint256 assets = vault.redeem(shares, carol, alice);
        assertLe(preview, assets, "previewRedeem <= redeem");
        assertEq(before - vault.balanceOf(alice), shares, "owner burned exactly shares");
    }

    function testFuzz_withdraw_withAllowance(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, vault.maxWithdraw(alice));
        uint256 shares = vault.previewWithdraw(assets);
        vm.prank(alice);
        vault.approve(carol, shares);
        vm.prank(carol);
        vault.withdraw(assets, carol, alice);
        assertEq(vault.allowance(alice, carol), 0, "allowance spent");
    }

    function testFuzz_redeem_withAllowance(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.maxRedeem(alice));
        vm.prank(alice);
        vault.approve(carol, shares);
        vm.prank(carol);
        vault.redeem(shares, carol, alice);
        assertEq(vault.allowance(alice, carol), 0, "allowance spent");
    }

    /// @dev Every preview rounds in favour of the vault, exactly: shares out and assets out down, shares in and
    /// assets in up (white-box against the virtual-offset formula).
    function testFuzz_previews_roundInFavourOfVault(Init memory init, uint256 x) public {
        _setup(init);
        x = bound(x, 0, _maxAmount());
        uint256 supply = vault.totalSupply() + 10 ** offset;
        uint256 assets = vault.totalAssets() + 1;
        assertEq(vault.previewDeposit(x), Math.mulDiv(x, supply, assets), "previewDeposit floors");
        assertEq(vault.previewMint(x), Math.mulDiv(x, assets, supply, Math.Rounding.Ceil), "previewMint ceils");
        assertEq(vault.previewWithdraw(x), Math.mulDiv(x, supply, assets, Math.Rounding.Ceil), "previewWithdraw ceils");
        assertEq(vault.previewRedeem(x), Math.mulDiv(x, assets, supply), "previewRedeem floors");
        assertEq(vault.convertToShares(x), vault.previewDeposit(x), "convertToShares floors");
        assertEq(vault.convertToAssets(x), vault.previewRedeem(x), "convertToAssets floors");
    }

    /// @dev Round trips with dust amounts, where a rounding error in the wrong direction shows first.
    function testFuzz_RT_dust(Init memory init, uint256 assets, uint256 shares) public {
        _setup(init);
        assets = bound(assets, 0, 1000);
        shares = bound(shares, 0, 1000 * 10 ** offset);
        _fund(carol, assets + vault.previewMint(shares));
        vm.startPrank(carol);
        uint256 s1 = vault.deposit(assets, carol);
        assertLe(vault.redeem(s1, carol, carol), assets, "dust deposit->redeem never profits");
        uint256 a1 = vault.mint(shares, carol);
        assertLe(vault.redeem(shares, carol, carol), a1, "dust mint->redeem never profits");
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ round trips (never profit)

    function testFuzz_RT_deposit_redeem(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, _maxAmount());
        _fund(carol, assets);
        vm.startPrank(carol);
        uint256 shares = vault.deposit(assets, carol);
        uint256 back = vault.redeem(shares, carol, carol);
        vm.stopPrank();
        assertLe(back, assets, "redeem(deposit(a)) <= a");
    }

    function testFuzz_RT_deposit_withdraw(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, _maxAmount());
        _fund(carol, assets);
        vm.startPrank(carol);
        uint256 shares = vault.deposit(assets, carol);
        uint256 maxOut = vault.maxWithdraw(carol);
        vm.stopPrank();
        assertLe(maxOut, assets, "cannot withdraw more than deposited");
        // Withdrawing the same assets would need at least the shares received (a16z: shares2 >= shares1).
        assertGe(vault.previewWithdraw(assets), shares, "withdraw(a) burns >= deposit(a) shares");
    }

    function testFuzz_RT_redeem_deposit(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.maxRedeem(alice));
        vm.startPrank(alice);
        uint256 assets = vault.redeem(shares, alice, alice);
        uint256 shares2 = vault.deposit(assets, alice);
        vm.stopPrank();
        assertLe(shares2, shares, "deposit(redeem(s)) <= s");
    }

    function testFuzz_RT_redeem_mint(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.maxRedeem(alice));
        vm.startPrank(alice);
        uint256 assets = vault.redeem(shares, alice, alice);
        vm.stopPrank();
        _fund(alice, vault.previewMint(shares));
        vm.prank(alice);
        uint256 assets2 = vault.mint(shares, alice);
        assertGe(assets2, assets, "mint(s) costs >= redeem(s) paid");
    }

    function testFuzz_RT_mint_withdraw(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.convertToShares(_maxAmount()));
        _fund(carol, vault.previewMint(shares));
        vm.startPrank(carol);
        uint256 assets = vault.mint(shares, carol);
        uint256 maxOut = vault.maxWithdraw(carol);
        vm.stopPrank();
        assertLe(maxOut, assets, "cannot withdraw more than paid");
        assertGe(vault.previewWithdraw(assets), shares, "withdraw(mint(s)) burns >= s");
    }

    function testFuzz_RT_mint_redeem(Init memory init, uint256 shares) public {
        _setup(init);
        shares = bound(shares, 0, vault.convertToShares(_maxAmount()));
        _fund(carol, vault.previewMint(shares));
        vm.startPrank(carol);
        uint256 assets = vault.mint(shares, carol);
        uint256 back = vault.redeem(shares, carol, carol);
        vm.stopPrank();
        assertLe(back, assets, "redeem(mint(s)) <= paid");
    }

    function testFuzz_RT_withdraw_mint(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, vault.maxWithdraw(alice));
        vm.prank(alice);
        uint256 shares = vault.withdraw(assets, alice, alice);
        _fund(alice, vault.previewMint(shares));
        vm.prank(alice);
        uint256 assets2 = vault.mint(shares, alice);
        assertGe(assets2, assets, "mint(withdraw(a)) costs >= a");
    }

    function testFuzz_RT_withdraw_deposit(Init memory init, uint256 assets) public {
        _setup(init);
        assets = bound(assets, 0, vault.maxWithdraw(alice));
        vm.startPrank(alice);
        uint256 shares = vault.withdraw(assets, alice, alice);
        uint256 shares2 = vault.deposit(assets, alice);
        vm.stopPrank();
        assertLe(shares2, shares, "deposit(withdraw(a)) <= shares burned");
    }
}

contract ERC4626Conformance18Test is ERC4626ConformanceBase {
    function _decimals() internal pure override returns (uint8) {
        return 18;
    }

    function _offset() internal pure override returns (uint8) {
        return 0;
    }
}

contract ERC4626Conformance6Test is ERC4626ConformanceBase {
    function _decimals() internal pure override returns (uint8) {
        return 6;
    }

    function _offset() internal pure override returns (uint8) {
        return 12;
    }
}

/// @notice The max* properties in asynchronous mode: deposits unlimited, synchronous exits 0 and reverting.
contract ERC4626AsyncMaxTest is VaultBase {
    function setUp() public {
        _deploy(6, 12, 7 days);
    }

    function testFuzz_async_maxProperties(uint256 a, uint256 b, uint256 assets, uint256 shares) public {
        _deposit(alice, bound(a, 1, 1e12 * unit));
        _deposit(bob, bound(b, 1, 1e12 * unit));
        assertEq(vault.maxDeposit(carol), type(uint256).max, "maxDeposit async");
        assertEq(vault.maxMint(carol), type(uint256).max, "maxMint async");
        assertEq(vault.maxWithdraw(alice), 0, "maxWithdraw async");
        assertEq(vault.maxRedeem(alice), 0, "maxRedeem async");
        // maxDeposit/maxMint are honest: any amount goes through.
        assets = bound(assets, 1, 1e12 * unit);
        _deposit(carol, assets);
        shares = bound(shares, 1, vault.convertToShares(1e12 * unit) + 1);
        token.mint(carol, vault.previewMint(shares));
        vm.prank(carol);
        vault.mint(shares, carol);
        // maxWithdraw/maxRedeem = 0 are honest: even 1 wei reverts.
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.AsyncExitOnly.selector));
        vault.withdraw(1, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.AsyncExitOnly.selector));
        vault.redeem(1, alice, alice);
        vm.stopPrank();
    }

    function testFuzz_switchModes_maxFollows(uint256 a) public {
        _deposit(alice, bound(a, 1, 1e12 * unit));
        vm.prank(admin);
        vault.setExitEpochDuration(0);
        assertEq(vault.maxRedeem(alice), vault.balanceOf(alice), "sync maxRedeem");
        assertEq(vault.maxWithdraw(alice), vault.previewRedeem(vault.balanceOf(alice)), "sync maxWithdraw");
        vm.prank(admin);
        vault.setExitEpochDuration(1);
        assertEq(vault.maxRedeem(alice), 0, "async again");
        assertEq(vault.maxWithdraw(alice), 0, "async again");
    }
}
