// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {IInsuranceFund} from "../../contracts/interfaces/IInsuranceFund.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {InsuranceFund} from "../../contracts/reserve/InsuranceFund.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

contract InsuranceFundTest is Test {
    address internal admin = makeAddr("admin");
    address internal reserve = makeAddr("reserve");
    address internal treasury = makeAddr("treasury");

    MockStablecoin internal aid;
    InsuranceFund internal fund;

    function setUp() public {
        aid = new MockStablecoin("AI Dollar", "AID", 18);
        fund = new InsuranceFund(admin, IERC20(address(aid)));
        bytes32 role = fund.RESERVE_ROLE();
        vm.prank(admin);
        fund.grantRole(role, reserve);
        aid.mint(address(fund), 1000e18);
    }

    function test_constructor() public view {
        assertEq(address(fund.aid()), address(aid), "aid");
        assertEq(fund.defaultAdmin(), admin, "admin");
        assertEq(fund.available(), 1000e18, "available = balance");
    }

    function test_constructor_revertsZeroAid() public {
        vm.expectRevert(abi.encodeWithSelector(IInsuranceFund.ZeroAddress.selector));
        new InsuranceFund(admin, IERC20(address(0)));
    }

    function test_cover_partial() public {
        vm.expectEmit(true, false, false, true, address(fund));
        emit IInsuranceFund.LossCovered(reserve, 400e18, 400e18);
        vm.prank(reserve);
        uint256 covered = fund.cover(400e18);
        assertEq(covered, 400e18, "covered in full");
        assertEq(aid.balanceOf(reserve), 400e18, "paid to caller");
        assertEq(fund.available(), 600e18, "rest");
    }

    function test_cover_cappedAtBalance() public {
        vm.expectEmit(true, false, false, true, address(fund));
        emit IInsuranceFund.LossCovered(reserve, 5000e18, 1000e18);
        vm.prank(reserve);
        assertEq(fund.cover(5000e18), 1000e18, "capped");
        assertEq(fund.available(), 0, "drained");
        vm.prank(reserve);
        assertEq(fund.cover(1e18), 0, "empty fund covers nothing");
    }

    function test_cover_zeroIsNoop() public {
        vm.prank(reserve);
        assertEq(fund.cover(0), 0, "nothing");
        assertEq(fund.available(), 1000e18, "unchanged");
    }

    function testFuzz_cover(uint256 balance, uint256 loss) public {
        balance = bound(balance, 0, 1e30);
        loss = bound(loss, 0, 1e30);
        MockStablecoin token = new MockStablecoin("AI Dollar", "AID", 18);
        InsuranceFund f = new InsuranceFund(admin, IERC20(address(token)));
        bytes32 role = f.RESERVE_ROLE();
        vm.prank(admin);
        f.grantRole(role, reserve);
        token.mint(address(f), balance);
        vm.prank(reserve);
        uint256 covered = f.cover(loss);
        assertEq(covered, loss < balance ? loss : balance, "min(loss, balance)");
        assertEq(token.balanceOf(reserve), covered, "caller received covered");
        assertEq(f.available() + covered, balance, "conservation");
    }

    function test_release() public {
        vm.expectEmit(true, false, false, true, address(fund));
        emit IInsuranceFund.FundsReleased(treasury, 300e18);
        vm.prank(admin);
        fund.release(treasury, 300e18);
        assertEq(aid.balanceOf(treasury), 300e18, "released");
        assertEq(fund.available(), 700e18, "rest");
    }

    function test_release_reverts() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IInsuranceFund.ZeroAddress.selector));
        fund.release(address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(IInsuranceFund.ZeroAmount.selector));
        fund.release(treasury, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(fund), 1000e18, 1000e18 + 1)
        );
        fund.release(treasury, 1000e18 + 1);
        vm.stopPrank();
    }

    function test_renounce_disabled() public {
        bytes32 role = fund.RESERVE_ROLE();
        vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, role));
        vm.prank(reserve);
        fund.renounceRole(role, reserve);
    }
}
