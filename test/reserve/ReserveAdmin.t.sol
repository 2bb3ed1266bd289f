// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {ReserveOperations} from "../../contracts/reserve/ReserveOperations.sol";
import {ReserveBase} from "./ReserveBase.t.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

contract ReserveAdminTest is ReserveBase {
    // ---------------------------------------------------------------- constructor and defaults

    function test_constructor_defaults() public view {
        assertEq(reserve.aid(), address(aid), "aid");
        assertEq(reserve.treasury(), treasury, "treasury");
        assertEq(reserve.defaultAdmin(), admin, "admin");
        assertEq(reserve.mintFeeBps(), 0, "mint fee default 0");
        assertEq(reserve.redeemFeeBps(), 10, "redeem fee default 10");
        assertEq(reserve.performanceFeeBps(), 1500, "perf fee default 1500");
        assertEq(reserve.protocolFeeBps(), 25, "protocol fee default 25");
        assertEq(reserve.redeemDelay(), 7 days, "delay default 7d");
        assertEq(reserve.minStablePrice(), 0.99e18, "floor default 0.99");
        assertEq(reserve.maxMintPerBlock(), PER_BLOCK, "per block");
        assertEq(reserve.maxMintPerDay(), PER_DAY, "per day");
        assertEq(reserve.maxInstantRedeemPerDay(), REDEEM_PER_DAY, "redeem per day");
        assertFalse(reserve.mintPaused(), "mint not paused");
        assertFalse(reserve.redeemPaused(), "redeem not paused");
        assertEq(reserve.queueHead(), 1, "head");
        assertEq(reserve.nextRequestId(), 1, "next id");
        assertEq(reserve.collateralRatio(), type(uint256).max, "no AID: max ratio");
        assertEq(reserve.ALLOCATOR_ROLE(), keccak256("ALLOCATOR_ROLE"), "allocator id");
        assertEq(reserve.SERVICER_ROLE(), keccak256("SERVICER_ROLE"), "servicer id");
        assertEq(reserve.GUARDIAN_ROLE(), keccak256("GUARDIAN_ROLE"), "guardian id");
    }

    function test_constructor_emitsParameters() public {
        vm.expectEmit();
        emit IReserve.MintCapsSet(1, 2);
        vm.expectEmit();
        emit IReserve.MaxInstantRedeemPerDaySet(3);
        vm.expectEmit();
        emit IReserve.TreasurySet(treasury);
        vm.expectEmit();
        emit IReserve.FeesSet(0, 10, 1500, 25);
        new Reserve(admin, address(aid), treasury, 1, 2, 3);
    }

    function test_constructor_revertsZeroAddresses() public {
        vm.expectRevert(IReserve.ZeroAddress.selector);
        new Reserve(admin, address(0), treasury, 1, 2, 3);
        vm.expectRevert(IReserve.ZeroAddress.selector);
        new Reserve(admin, address(aid), address(0), 1, 2, 3);
    }

    function test_constructor_revertsBadCaps() public {
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 3, 0, 2));
        new Reserve(admin, address(aid), treasury, 3, 2, 3);
        uint256 maxCap = reserve.MAX_CAP();
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, maxCap + 1, 0, maxCap));
        new Reserve(admin, address(aid), treasury, 1, 2, maxCap + 1);
    }

    // ---------------------------------------------------------------- setters

    function test_setMintCaps() public {
        vm.expectEmit(address(reserve));
        emit IReserve.MintCapsSet(10e18, 20e18);
        vm.prank(admin);
        reserve.setMintCaps(10e18, 20e18);
        assertEq(reserve.maxMintPerBlock(), 10e18, "per block");
        assertEq(reserve.maxMintPerDay(), 20e18, "per day");
    }

    function test_setMintCaps_bounds() public {
        uint256 maxCap = reserve.MAX_CAP();
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, maxCap + 1, 0, maxCap));
        reserve.setMintCaps(1, maxCap + 1);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 21, 0, 20));
        reserve.setMintCaps(21, 20);
        reserve.setMintCaps(maxCap, maxCap);
        vm.stopPrank();
        assertEq(reserve.maxMintPerDay(), maxCap, "upper bound inclusive");
    }

    function test_setMaxInstantRedeemPerDay() public {
        uint256 maxCap = reserve.MAX_CAP();
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.MaxInstantRedeemPerDaySet(7e18);
        reserve.setMaxInstantRedeemPerDay(7e18);
        assertEq(reserve.maxInstantRedeemPerDay(), 7e18, "set");
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, maxCap + 1, 0, maxCap));
        reserve.setMaxInstantRedeemPerDay(maxCap + 1);
        vm.stopPrank();
    }

    function test_setFees() public {
        vm.expectEmit(address(reserve));
        emit IReserve.FeesSet(100, 100, 3000, 100);
        vm.prank(admin);
        reserve.setFees(100, 100, 3000, 100);
        assertEq(reserve.mintFeeBps(), 100, "mint");
        assertEq(reserve.redeemFeeBps(), 100, "redeem");
        assertEq(reserve.performanceFeeBps(), 3000, "perf");
        assertEq(reserve.protocolFeeBps(), 100, "protocol");
    }

    function test_setFees_bounds() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 101, 0, 100));
        reserve.setFees(101, 0, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 101, 0, 100));
        reserve.setFees(0, 101, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 3001, 0, 3000));
        reserve.setFees(0, 0, 3001, 0);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 101, 0, 100));
        reserve.setFees(0, 0, 0, 101);
        vm.stopPrank();
    }

    function test_setRedeemDelay() public {
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.RedeemDelaySet(30 days);
        reserve.setRedeemDelay(30 days);
        assertEq(reserve.redeemDelay(), 30 days, "max inclusive");
        reserve.setRedeemDelay(0);
        assertEq(reserve.redeemDelay(), 0, "zero allowed");
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 30 days + 1, 0, 30 days));
        reserve.setRedeemDelay(30 days + 1);
        vm.stopPrank();
    }

    function test_setMinStablePrice() public {
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.MinStablePriceSet(0.9e18);
        reserve.setMinStablePrice(0.9e18);
        assertEq(reserve.minStablePrice(), 0.9e18, "floor");
        reserve.setMinStablePrice(1e18);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 0.9e18 - 1, 0.9e18, 1e18));
        reserve.setMinStablePrice(0.9e18 - 1);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 1e18 + 1, 0.9e18, 1e18));
        reserve.setMinStablePrice(1e18 + 1);
        vm.stopPrank();
    }

    function test_setTreasury() public {
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.TreasurySet(carol);
        reserve.setTreasury(carol);
        assertEq(reserve.treasury(), carol, "treasury");
        vm.expectRevert(IReserve.ZeroAddress.selector);
        reserve.setTreasury(address(0));
        vm.stopPrank();
    }

    function test_setInsurance() public {
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.InsuranceSet(carol, 10_000);
        reserve.setInsurance(carol, 10_000);
        assertEq(reserve.insuranceFund(), carol, "fund");
        assertEq(reserve.insuranceCutBps(), 10_000, "cut");
        vm.expectRevert(IReserve.ZeroAddress.selector);
        reserve.setInsurance(address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(IReserve.ParameterOutOfBounds.selector, 10_001, 0, 10_000));
        reserve.setInsurance(carol, 10_001);
        vm.stopPrank();
    }

    function test_setYieldDistributor() public {
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.YieldDistributorSet(carol);
        reserve.setYieldDistributor(carol);
        assertEq(reserve.yieldDistributor(), carol, "set");
        vm.expectRevert(IReserve.ZeroAddress.selector);
        reserve.setYieldDistributor(address(0));
        vm.stopPrank();
    }

    function test_setStakedAid() public {
        vm.startPrank(admin);
        vm.expectEmit(address(reserve));
        emit IReserve.StakedAIDSet(carol);
        reserve.setStakedAid(carol);
        assertEq(reserve.stakedAid(), carol, "set");
        vm.expectRevert(IReserve.ZeroAddress.selector);
        reserve.setStakedAid(address(0));
        vm.stopPrank();
    }

    function test_setDealBook_once() public {
        Reserve fresh = new Reserve(admin, address(aid), treasury, 1, 1, 1);
        vm.warp(block.timestamp + 10 days);
        vm.startPrank(admin);
        vm.expectRevert(IReserve.ZeroAddress.selector);
        fresh.setDealBook(address(0));
        vm.expectEmit(address(fresh));
        emit IReserve.DealBookSet(address(book));
        fresh.setDealBook(address(book));
        assertEq(fresh.dealBook(), address(book), "set");
        assertEq(fresh.lastFeeAccrual(), block.timestamp, "fee accrual starts now");
        vm.expectRevert(abi.encodeWithSelector(IReserve.DealBookAlreadySet.selector, address(book)));
        fresh.setDealBook(carol);
        vm.stopPrank();
    }

    function test_pause_guardianAndAdmin() public {
        vm.expectEmit(address(reserve));
        emit IReserve.MintPaused(true);
        vm.prank(guardian);
        reserve.setMintPaused(true);
        assertTrue(reserve.mintPaused(), "paused by guardian");
        vm.expectEmit(address(reserve));
        emit IReserve.MintPaused(false);
        vm.prank(guardian);
        reserve.setMintPaused(false);
        assertFalse(reserve.mintPaused(), "unpaused by guardian");

        vm.prank(guardian);
        reserve.setRedeemPaused(true);
        vm.expectEmit(address(reserve));
        emit IReserve.RedeemPaused(false);
        vm.prank(admin);
        reserve.setRedeemPaused(false);
        assertFalse(reserve.redeemPaused(), "admin may unpause");
    }

    function test_renounceOperationalRole_reverts() public {
        bytes32[3] memory roles = [reserve.GUARDIAN_ROLE(), reserve.ALLOCATOR_ROLE(), reserve.SERVICER_ROLE()];
        address[3] memory holders = [guardian, allocator, servicer];
        for (uint256 i; i < 3; ++i) {
            vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, roles[i]));
            vm.prank(holders[i]);
            reserve.renounceRole(roles[i], holders[i]);
        }
    }

    // ---------------------------------------------------------------- access-control matrix

    struct Entry {
        bytes data;
        bytes32 role;
        bool guardianOrAdmin;
    }

    /// Every privileged function × every role: only the right one passes; everyone else gets the exact error.
    function test_accessControlMatrix() public {
        // State in which every privileged call can succeed for its rightful caller.
        _mint(alice, usdc, 500_000e6);
        uint256 proposed = book.propose(borrower, 1e30);
        uint256 active = _fundDeal(usdc, 100_000e6);
        uint256 toDefault = _fundDeal(usdc, 100_000e6);
        uint256 defaulted = _fundDeal(usdc, 100_000e6);
        vm.prank(servicer);
        reserve.writeDownDeal(defaulted, 50_000e18);
        usdc.mint(servicer, 1_000_000e6);
        vm.prank(servicer);
        usdc.approve(address(reserve), type(uint256).max);

        bytes32 adminRole = reserve.DEFAULT_ADMIN_ROLE();
        bytes32 guardianRole = reserve.GUARDIAN_ROLE();
        Entry[18] memory entries = [
            Entry(abi.encodeCall(IReserve.fundDeal, (proposed, address(usdc), 1e6)), reserve.ALLOCATOR_ROLE(), false),
            Entry(
                abi.encodeCall(IReserve.recordRepayment, (active, address(usdc), 1e6, 1e6)),
                reserve.SERVICER_ROLE(),
                false
            ),
            Entry(abi.encodeCall(IReserve.writeDownDeal, (toDefault, 1e18)), reserve.SERVICER_ROLE(), false),
            Entry(
                abi.encodeCall(IReserve.recordLiquidation, (defaulted, address(usdc), 1e6)),
                reserve.SERVICER_ROLE(),
                false
            ),
            Entry(abi.encodeCall(IReserve.setMintPaused, (true)), guardianRole, true),
            Entry(abi.encodeCall(IReserve.setRedeemPaused, (true)), guardianRole, true),
            Entry(
                abi.encodeCall(IReserve.configureStable, (address(usdc), true, address(usdcFeed), 1 hours)),
                adminRole,
                false
            ),
            Entry(abi.encodeCall(IReserve.setMintCaps, (1, 2)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setMaxInstantRedeemPerDay, (1)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setFees, (1, 1, 1, 1)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setRedeemDelay, (1)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setMinStablePrice, (0.95e18)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setTreasury, (carol)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setInsurance, (carol, 1)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setYieldDistributor, (carol)), adminRole, false),
            Entry(abi.encodeCall(IReserve.setStakedAid, (carol)), adminRole, false),
            Entry(abi.encodeWithSignature("grantRole(bytes32,address)", guardianRole, carol), adminRole, false),
            Entry(abi.encodeWithSignature("revokeRole(bytes32,address)", guardianRole, guardian), adminRole, false)
        ];
        address[5] memory callers = [admin, guardian, allocator, servicer, alice];
        bytes32[5] memory callerRoles =
            [adminRole, guardianRole, reserve.ALLOCATOR_ROLE(), reserve.SERVICER_ROLE(), bytes32("none")];

        for (uint256 i; i < entries.length; ++i) {
            for (uint256 j; j < callers.length; ++j) {
                uint256 snap = vm.snapshotState();
                bool allowed =
                    callerRoles[j] == entries[i].role || (entries[i].guardianOrAdmin && callerRoles[j] == adminRole);
                vm.prank(callers[j]);
                (bool ok, bytes memory ret) = address(reserve).call(entries[i].data);
                if (allowed) {
                    assertTrue(ok, string.concat("rightful caller rejected, entry ", vm.toString(i)));
                } else {
                    assertFalse(ok, string.concat("unauthorised caller passed, entry ", vm.toString(i)));
                    assertEq(
                        ret,
                        abi.encodeWithSelector(
                            IAccessControl.AccessControlUnauthorizedAccount.selector, callers[j], entries[i].role
                        ),
                        string.concat("exact error, entry ", vm.toString(i))
                    );
                }
                vm.revertToState(snap);
            }
        }
    }

    function test_setDealBook_onlyAdmin() public {
        Reserve fresh = new Reserve(admin, address(aid), treasury, 1, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, fresh.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(guardian);
        fresh.setDealBook(address(book));
    }

    function test_publicEntryPoints_needNoRole() public {
        // mint/redeem/request/process/claim/cancel are open to everyone (tested with plain users elsewhere);
        // here: a user with no role at all runs the whole path.
        address nobody = makeAddr("nobody");
        _mint(nobody, usdc, 10e6);
        _redeem(nobody, usdc, 1e18);
        uint256 id = _request(nobody, usdc, 5e18);
        vm.warp(block.timestamp + 7 days);
        vm.prank(nobody);
        reserve.processQueue(1);
        vm.prank(nobody);
        assertEq(reserve.claim(id), 5e6, "claimed without a role");
    }

    // ---------------------------------------------------------------- code split

    /// Both halves must deploy on a real chain (EIP-170); forge tests do not enforce the limit themselves.
    function test_codeSize_underEip170() public view {
        assertLe(address(reserve).code.length, 24_576, "Reserve runtime within EIP-170");
        assertLe(reserve.operations().code.length, 24_576, "ReserveOperations runtime within EIP-170");
        assertGt(reserve.operations().code.length, 0, "operations deployed by the constructor");
    }

    /// The operations contract is inert on its own: nobody holds a role in its storage.
    function test_operations_directCallsRevert() public {
        ReserveOperations ops = ReserveOperations(reserve.operations());
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, admin, ops.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(admin);
        ops.setTreasury(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, servicer, ops.SERVICER_ROLE()
            )
        );
        vm.prank(servicer);
        ops.writeDownDeal(1, 0);
        assertEq(reserve.treasury(), treasury, "the Reserve's state is untouched");
    }
}
