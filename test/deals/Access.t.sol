// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {InsuranceFund} from "../../contracts/reserve/InsuranceFund.sol";
import {YieldDistributor} from "../../contracts/reserve/YieldDistributor.sol";
import {DealBookBase} from "./DealBookBase.sol";
import {MockYieldVault} from "./mocks/MockYieldVault.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Access-control matrix: every privileged function of DealBook, InsuranceFund and YieldDistributor is called
/// by every role holder (and a stranger); exactly the authorised one passes, every other one reverts with
/// `AccessControlUnauthorizedAccount(caller, role)`.
contract AccessMatrixTest is DealBookBase {
    address internal keeper = makeAddr("keeper");

    MockStablecoin internal aid;
    InsuranceFund internal fund;
    YieldDistributor internal distributor;
    MockYieldVault internal vault;

    address[] internal accounts;

    function setUp() public override {
        super.setUp();
        aid = new MockStablecoin("AI Dollar", "AID", 18);
        fund = new InsuranceFund(admin, IERC20(address(aid)));
        vault = new MockYieldVault(address(aid));
        distributor = new YieldDistributor(admin, IERC20(address(aid)), IStakedAID(address(vault)));
        vm.startPrank(admin);
        fund.grantRole(fund.RESERVE_ROLE(), reserve);
        distributor.grantRole(distributor.KEEPER_ROLE(), keeper);
        vm.stopPrank();
        aid.mint(address(fund), 100e18);
        aid.mint(address(distributor), 100e18);
        accounts = [admin, originator, navReporter, servicer, reserve, keeper, stranger];
    }

    /// @dev Calls `data` on `target` from every account; only `allowed` may pass.
    function _matrix(address target, bytes memory data, bytes32 role, address allowed) internal {
        for (uint256 i; i < accounts.length; ++i) {
            address caller = accounts[i];
            uint256 snap = vm.snapshotState();
            if (caller == allowed) {
                vm.prank(caller);
                (bool ok, bytes memory ret) = target.call(data);
                assertTrue(ok, string.concat("authorised caller reverted: ", vm.toString(ret)));
            } else {
                vm.expectRevert(
                    abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role)
                );
                vm.prank(caller);
                (bool ok,) = target.call(data);
                assertTrue(ok, "expectRevert consumed the revert");
            }
            vm.revertToState(snap);
        }
    }

    // ------------------------------------------------------------------ DealBook

    function test_access_propose() public {
        _matrix(address(book), abi.encodeCall(IDealBook.propose, (_terms())), book.ORIGINATOR_ROLE(), originator);
    }

    function test_access_cancel() public {
        uint256 id = _propose();
        _matrix(address(book), abi.encodeCall(IDealBook.cancel, (id)), book.ORIGINATOR_ROLE(), originator);
    }

    function test_access_activate() public {
        uint256 id = _propose();
        _matrix(address(book), abi.encodeCall(IDealBook.activate, (id, 1e18)), book.RESERVE_ROLE(), reserve);
    }

    function test_access_markNav() public {
        uint256 id = _activeDeal(1e18);
        _matrix(address(book), abi.encodeCall(IDealBook.markNav, (id, 1e18)), book.NAV_REPORTER_ROLE(), navReporter);
    }

    function test_access_markNavFromFeed_isPermissionless() public {
        uint256 id = _activeDeal(1e18);
        for (uint256 i; i < accounts.length; ++i) {
            vm.prank(accounts[i]);
            book.markNavFromFeed(id);
        }
        assertEq(book.getDeal(id).lastMarkedAt, block.timestamp, "marked by anyone");
    }

    function test_access_markLate() public {
        uint256 id = _activeDeal(1e18);
        _matrix(address(book), abi.encodeCall(IDealBook.markLate, (id)), book.SERVICER_ROLE(), servicer);
    }

    function test_access_cure() public {
        uint256 id = _activeDeal(1e18);
        vm.prank(servicer);
        book.markLate(id);
        _matrix(address(book), abi.encodeCall(IDealBook.cure, (id)), book.SERVICER_ROLE(), servicer);
    }

    function test_access_recordRepayment() public {
        uint256 id = _activeDeal(1e18);
        _matrix(
            address(book), abi.encodeCall(IDealBook.recordRepayment, (id, 1e17, 1e15)), book.RESERVE_ROLE(), reserve
        );
    }

    function test_access_writeDown() public {
        uint256 id = _activeDeal(1e18);
        _matrix(address(book), abi.encodeCall(IDealBook.writeDown, (id, 5e17)), book.RESERVE_ROLE(), reserve);
    }

    function test_access_closeLiquidated() public {
        uint256 id = _activeDeal(1e18);
        vm.prank(reserve);
        book.writeDown(id, 5e17);
        _matrix(address(book), abi.encodeCall(IDealBook.closeLiquidated, (id, 5e17)), book.RESERVE_ROLE(), reserve);
    }

    function test_access_setNavFeed() public {
        _matrix(address(book), abi.encodeCall(book.setNavFeed, (feed, 2 hours)), book.DEFAULT_ADMIN_ROLE(), admin);
    }

    function test_access_setTermBounds() public {
        _matrix(
            address(book),
            abi.encodeCall(book.setTermBounds, (7000, 90 days, 365 days)),
            book.DEFAULT_ADMIN_ROLE(),
            admin
        );
    }

    function test_access_dealBookGrantRole() public {
        _matrix(
            address(book),
            abi.encodeCall(book.grantRole, (book.RESERVE_ROLE(), stranger)),
            book.DEFAULT_ADMIN_ROLE(),
            admin
        );
    }

    // ------------------------------------------------------------------ InsuranceFund

    function test_access_cover() public {
        _matrix(address(fund), abi.encodeCall(fund.cover, (1e18)), fund.RESERVE_ROLE(), reserve);
    }

    function test_access_release() public {
        _matrix(address(fund), abi.encodeCall(fund.release, (stranger, 1e18)), fund.DEFAULT_ADMIN_ROLE(), admin);
    }

    function test_access_fundGrantRole() public {
        _matrix(
            address(fund),
            abi.encodeCall(fund.grantRole, (fund.RESERVE_ROLE(), stranger)),
            fund.DEFAULT_ADMIN_ROLE(),
            admin
        );
    }

    // ------------------------------------------------------------------ YieldDistributor

    function test_access_distribute() public {
        _matrix(address(distributor), abi.encodeCall(distributor.distribute, ()), distributor.KEEPER_ROLE(), keeper);
    }

    function test_access_setMinDistribution() public {
        _matrix(
            address(distributor),
            abi.encodeCall(distributor.setMinDistribution, (1e18)),
            distributor.DEFAULT_ADMIN_ROLE(),
            admin
        );
    }

    function test_access_distributorGrantRole() public {
        _matrix(
            address(distributor),
            abi.encodeCall(distributor.grantRole, (distributor.KEEPER_ROLE(), stranger)),
            distributor.DEFAULT_ADMIN_ROLE(),
            admin
        );
    }
}
