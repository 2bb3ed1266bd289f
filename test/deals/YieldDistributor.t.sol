// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {IYieldDistributor} from "../../contracts/interfaces/IYieldDistributor.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {YieldDistributor} from "../../contracts/reserve/YieldDistributor.sol";
import {MockYieldVault} from "./mocks/MockYieldVault.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

contract YieldDistributorTest is Test {
    address internal admin = makeAddr("admin");
    address internal keeper = makeAddr("keeper");

    MockStablecoin internal aid;
    MockYieldVault internal vault;
    YieldDistributor internal distributor;

    function setUp() public {
        vm.warp(1_750_000_000);
        aid = new MockStablecoin("AI Dollar", "AID", 18);
        vault = new MockYieldVault(address(aid));
        distributor = new YieldDistributor(admin, IERC20(address(aid)), IStakedAID(address(vault)));
        bytes32 role = distributor.KEEPER_ROLE();
        vm.prank(admin);
        distributor.grantRole(role, keeper);
    }

    function test_constructor() public view {
        assertEq(address(distributor.aid()), address(aid), "aid");
        assertEq(address(distributor.vault()), address(vault), "vault");
        assertEq(distributor.minDistribution(), 0, "min 0");
        assertEq(distributor.pendingYield(), 0, "empty");
        assertEq(distributor.defaultAdmin(), admin, "admin");
    }

    function test_constructor_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.ZeroAddress.selector));
        new YieldDistributor(admin, IERC20(address(0)), IStakedAID(address(vault)));
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.ZeroAddress.selector));
        new YieldDistributor(admin, IERC20(address(aid)), IStakedAID(address(0)));
        MockStablecoin other = new MockStablecoin("X", "X", 18);
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.AssetMismatch.selector, address(aid), address(other)));
        new YieldDistributor(admin, IERC20(address(other)), IStakedAID(address(vault)));
    }

    function test_distribute_sendsBalance() public {
        aid.mint(address(distributor), 50e18);
        assertEq(distributor.distributable(), 50e18, "all distributable");
        vm.expectEmit(true, false, false, true, address(distributor));
        emit IYieldDistributor.YieldForwarded(keeper, 50e18, 0);
        vm.prank(keeper);
        assertEq(distributor.distribute(), 50e18, "returned");
        assertEq(aid.balanceOf(address(vault)), 50e18, "vault pulled");
        assertEq(vault.lastDistribution(), 50e18, "vault saw amount");
        assertEq(distributor.pendingYield(), 0, "nothing left");
        assertEq(aid.allowance(address(distributor), address(vault)), 0, "allowance consumed");
    }

    function test_distribute_cappedByMaxYield() public {
        aid.mint(address(distributor), 50e18);
        vault.setMaxYield(20e18);
        assertEq(distributor.distributable(), 20e18, "capped");
        vm.expectEmit(true, false, false, true, address(distributor));
        emit IYieldDistributor.YieldForwarded(keeper, 20e18, 30e18);
        vm.prank(keeper);
        assertEq(distributor.distribute(), 20e18, "capped amount");
        assertEq(distributor.pendingYield(), 30e18, "rest waits");
    }

    function test_distribute_revertsWhileVesting() public {
        aid.mint(address(distributor), 50e18);
        vault.setVesting(1, block.timestamp + 1 hours);
        assertEq(distributor.distributable(), 0, "nothing while vesting");
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.NothingToDistribute.selector, 0, 0));
        vm.prank(keeper);
        distributor.distribute();
        // Unvested cancelled (loss) but the schedule has not ended: still wait.
        vault.setVesting(0, block.timestamp + 1 hours);
        assertEq(distributor.distributable(), 0, "wait for schedule end");
        vm.warp(block.timestamp + 1 hours);
        assertEq(distributor.distributable(), 50e18, "schedule ended");
    }

    function test_distribute_revertsBelowMinimum() public {
        vm.prank(admin);
        distributor.setMinDistribution(10e18);
        aid.mint(address(distributor), 10e18 - 1);
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.NothingToDistribute.selector, 10e18 - 1, 10e18));
        vm.prank(keeper);
        distributor.distribute();
        aid.mint(address(distributor), 1);
        vm.prank(keeper);
        assertEq(distributor.distribute(), 10e18, "exactly the minimum passes");
    }

    function test_distribute_revertsEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(IYieldDistributor.NothingToDistribute.selector, 0, 0));
        vm.prank(keeper);
        distributor.distribute();
    }

    function testFuzz_distribute(uint256 balance, uint256 maxYield) public {
        balance = bound(balance, 1, 1e30);
        maxYield = bound(maxYield, 1, 1e30);
        aid.mint(address(distributor), balance);
        vault.setMaxYield(maxYield);
        uint256 expected = balance < maxYield ? balance : maxYield;
        vm.prank(keeper);
        assertEq(distributor.distribute(), expected, "min(balance, maxYield)");
        assertEq(aid.balanceOf(address(vault)), expected, "vault received");
        assertEq(distributor.pendingYield(), balance - expected, "rest kept");
    }

    function test_setMinDistribution() public {
        vm.expectEmit(false, false, false, true, address(distributor));
        emit IYieldDistributor.MinDistributionSet(1_000_000e18);
        vm.prank(admin);
        distributor.setMinDistribution(1_000_000e18);
        assertEq(distributor.minDistribution(), 1_000_000e18, "set at max");
        vm.expectRevert(
            abi.encodeWithSelector(IYieldDistributor.ParameterOutOfBounds.selector, 1_000_000e18 + 1, 0, 1_000_000e18)
        );
        vm.prank(admin);
        distributor.setMinDistribution(1_000_000e18 + 1);
    }

    function test_renounce_disabled() public {
        bytes32 role = distributor.KEEPER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, role));
        vm.prank(keeper);
        distributor.renounceRole(role, keeper);
    }
}
