// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared fixture: a seeded vault over a MockStablecoin with roles granted to named actors.
abstract contract VaultBase is Test {
    StakedAID internal vault;
    MockStablecoin internal token;

    address internal admin = makeAddr("admin");
    address internal yielder = makeAddr("yielder");
    address internal reserve = makeAddr("reserve");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal stranger = makeAddr("stranger");

    uint8 internal assetDecimals;
    uint8 internal offset;
    uint256 internal unit; // one whole asset token
    uint256 internal seedAssets;

    /// @dev Deploys with `decimals_` asset decimals and `offset_` decimals offset, seeded, in `exitDuration` mode.
    function _deploy(uint8 decimals_, uint8 offset_, uint256 exitDuration) internal {
        vm.warp(1_700_000_000);
        assetDecimals = decimals_;
        offset = offset_;
        unit = 10 ** decimals_;
        seedAssets = unit;
        token = new MockStablecoin("Mock", "MCK", decimals_);
        vault = new StakedAID(IERC20(address(token)), "Staked AID", "sAID", admin, offset_);
        vm.startPrank(admin);
        vault.grantRole(vault.YIELD_ROLE(), yielder);
        vault.grantRole(vault.LOSS_REPORTER_ROLE(), reserve);
        vault.setExitEpochDuration(exitDuration);
        vm.stopPrank();
        token.mint(admin, seedAssets);
        vm.startPrank(admin);
        token.approve(address(vault), seedAssets);
        vault.seed(seedAssets);
        vm.stopPrank();
        address[5] memory users = [alice, bob, carol, yielder, stranger];
        for (uint256 i; i < users.length; ++i) {
            vm.prank(users[i]);
            token.approve(address(vault), type(uint256).max);
        }
    }

    function _deposit(address who, uint256 assets) internal returns (uint256 shares) {
        token.mint(who, assets);
        vm.prank(who);
        shares = vault.deposit(assets, who);
    }

    /// @dev Distributes `amount` of yield (minted to the yielder).
    function _distribute(uint256 amount) internal {
        token.mint(yielder, amount);
        vm.prank(yielder);
        vault.distributeYield(amount);
    }

    function _request(address who, uint256 shares) internal {
        vm.prank(who);
        vault.requestRedeem(shares, who, who);
    }

    function _settleNow() internal {
        (, uint256 endsAt) = vault.openEpoch();
        if (block.timestamp < endsAt) vm.warp(endsAt);
        vault.settleEpoch();
    }

    /// @dev (totalAssets + 1) / (totalSupply + 10^offset) compared exactly: true when rate(a) <= rate(b).
    function _rateLe(uint256 ta0, uint256 ts0, uint256 ta1, uint256 ts1) internal view returns (bool) {
        uint256 v = 10 ** offset;
        return (ta0 + 1) * (ts1 + v) <= (ta1 + 1) * (ts0 + v);
    }
}
