// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

/// @notice One test per measured StakedAID operation, in a realistic warm state (`forge snapshot --match-path
/// 'test/gas/*'`). Deterministic: no fuzzing.
contract VaultGasTest is Test {
    StakedAID internal vault;
    MockStablecoin internal token;
    address internal admin = makeAddr("admin");
    address internal yielder = makeAddr("yielder");
    address internal holder = makeAddr("holder");
    address internal newcomer = makeAddr("newcomer");
    address internal exiter = makeAddr("exiter");
    address internal syncHolder = makeAddr("syncHolder");

    StakedAID internal syncVault;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new MockStablecoin("AID", "AID", 18);
        vault = _newVault(7 days);
        syncVault = _newVault(0);

        // steady state: holders in, one distribution fully vested, one epoch settled with a claim pending
        _deposit(vault, holder, 1_000_000e18);
        _deposit(vault, exiter, 100_000e18);
        _distribute(vault, vault.maxYield());
        vm.warp(block.timestamp + 8 hours);
        vm.prank(exiter);
        vault.requestRedeem(10_000e18, exiter, exiter);
        (, uint256 endsAt) = vault.openEpoch();
        vm.warp(endsAt);
        vault.settleEpoch();
        vm.prank(exiter);
        vault.requestRedeem(10_000e18, exiter, exiter); // queued for the next epoch
        (, endsAt) = vault.openEpoch();
        vm.warp(endsAt);

        token.mint(newcomer, 1000e18);
        token.mint(holder, 1000e18);
        _fundYielder(400e18);
        vm.prank(newcomer);
        token.approve(address(vault), type(uint256).max);

        _deposit(syncVault, syncHolder, 1000e18);
    }

    function _newVault(uint256 exitDuration) internal returns (StakedAID v) {
        v = new StakedAID(IERC20(address(token)), "Staked AID", "sAID", admin, 0);
        vm.startPrank(admin);
        v.grantRole(v.YIELD_ROLE(), yielder);
        v.setExitEpochDuration(exitDuration);
        token.mint(admin, 1e18);
        token.approve(address(v), 1e18);
        v.seed(1e18);
        vm.stopPrank();
    }

    function _deposit(StakedAID v, address who, uint256 assets) internal {
        token.mint(who, assets);
        vm.startPrank(who);
        token.approve(address(v), type(uint256).max);
        v.deposit(assets, who);
        vm.stopPrank();
    }

    function _distribute(StakedAID v, uint256 amount) internal {
        token.mint(yielder, amount);
        vm.startPrank(yielder);
        token.approve(address(v), type(uint256).max);
        v.distributeYield(amount);
        vm.stopPrank();
    }

    function _fundYielder(uint256 amount) internal {
        token.mint(yielder, amount);
    }

    function test_gas_deposit_newHolder() public {
        vm.prank(newcomer);
        vault.deposit(1000e18, newcomer);
    }

    function test_gas_deposit_existingHolder() public {
        vm.prank(holder);
        vault.deposit(1000e18, holder);
    }

    /// @dev Steady state: the previous distribution finished vesting.
    function test_gas_distributeYield() public {
        vm.prank(yielder);
        vault.distributeYield(400e18);
    }

    function test_gas_requestRedeem() public {
        vm.prank(holder);
        vault.requestRedeem(1000e18, holder, holder);
    }

    function test_gas_settleEpoch() public {
        vault.settleEpoch();
    }

    function test_gas_claim() public {
        vm.prank(exiter);
        vault.claim(exiter, exiter);
    }

    function test_gas_redeem_sync() public {
        vm.prank(syncHolder);
        syncVault.redeem(500e18, syncHolder, syncHolder);
    }
}
