// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {AID} from "../../contracts/tokens/AID.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Test} from "forge-std/Test.sol";

contract AIDTest is Test {
    AID internal aid;
    address internal admin = makeAddr("admin");
    address internal minter = makeAddr("minter");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    bytes32 internal minterRole;

    function setUp() public {
        aid = new AID(admin);
        minterRole = aid.MINTER_ROLE();
        vm.prank(admin);
        aid.grantRole(minterRole, minter);
    }

    function test_metadata() public view {
        assertEq(aid.name(), "AI Dollar", "name");
        assertEq(aid.symbol(), "AID", "symbol");
        assertEq(aid.decimals(), 18, "decimals");
        assertEq(aid.totalSupply(), 0, "no initial supply");
        assertEq(minterRole, keccak256("MINTER_ROLE"), "role id");
        assertEq(aid.defaultAdmin(), admin, "admin");
        assertEq(aid.defaultAdminDelay(), aid.ADMIN_TRANSFER_DELAY(), "admin delay");
    }

    function test_mint_byMinter() public {
        vm.expectEmit(address(aid));
        emit IERC20.Transfer(address(0), alice, 100e18);
        vm.prank(minter);
        aid.mint(alice, 100e18);
        assertEq(aid.balanceOf(alice), 100e18, "balance");
        assertEq(aid.totalSupply(), 100e18, "supply");
    }

    function test_mint_revertsForNonMinter() public {
        address[3] memory callers = [admin, alice, address(this)];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], minterRole)
            );
            vm.prank(callers[i]);
            aid.mint(alice, 1);
        }
    }

    function test_mint_revertsToZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(minter);
        aid.mint(address(0), 1);
    }

    function test_burn_ownBalanceNeedsNoAllowance() public {
        vm.startPrank(minter);
        aid.mint(minter, 50e18);
        vm.expectEmit(address(aid));
        emit IERC20.Transfer(minter, address(0), 20e18);
        aid.burn(minter, 20e18);
        vm.stopPrank();
        assertEq(aid.balanceOf(minter), 30e18, "balance after burn");
        assertEq(aid.totalSupply(), 30e18, "supply after burn");
    }

    function test_burn_fromOtherSpendsAllowance() public {
        vm.prank(minter);
        aid.mint(alice, 100e18);
        vm.prank(alice);
        aid.approve(minter, 60e18);
        vm.prank(minter);
        aid.burn(alice, 40e18);
        assertEq(aid.balanceOf(alice), 60e18, "alice balance");
        assertEq(aid.allowance(alice, minter), 20e18, "allowance spent");
        assertEq(aid.totalSupply(), 60e18, "supply");
    }

    function test_burn_fromOtherWithInfiniteAllowanceKeepsIt() public {
        vm.prank(minter);
        aid.mint(alice, 100e18);
        vm.prank(alice);
        aid.approve(minter, type(uint256).max);
        vm.prank(minter);
        aid.burn(alice, 40e18);
        assertEq(aid.allowance(alice, minter), type(uint256).max, "infinite allowance kept");
    }

    function test_burn_revertsWithoutAllowance() public {
        vm.prank(minter);
        aid.mint(alice, 100e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, minter, 0, 1e18));
        vm.prank(minter);
        aid.burn(alice, 1e18);
    }

    function test_burn_revertsAboveBalance() public {
        vm.prank(minter);
        aid.mint(alice, 1e18);
        vm.prank(alice);
        aid.approve(minter, 2e18);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1e18, 2e18));
        vm.prank(minter);
        aid.burn(alice, 2e18);
    }

    function test_burn_revertsForNonMinter() public {
        vm.prank(minter);
        aid.mint(alice, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, minterRole)
        );
        vm.prank(alice);
        aid.burn(alice, 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, minterRole)
        );
        vm.prank(admin);
        aid.burn(alice, 1e18);
    }

    function test_renounceMinter_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, minterRole));
        vm.prank(minter);
        aid.renounceRole(minterRole, minter);
        assertTrue(aid.hasRole(minterRole, minter), "still minter");
    }

    function test_revokeMinter_byAdmin() public {
        vm.prank(admin);
        aid.revokeRole(minterRole, minter);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, minter, minterRole)
        );
        vm.prank(minter);
        aid.mint(alice, 1);
    }

    function test_grantMinter_onlyAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, alice, aid.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(alice);
        aid.grantRole(minterRole, alice);
    }

    function test_permit_setsAllowance() public {
        (address owner, uint256 key) = makeAddrAndKey("owner");
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                bob,
                5e18,
                aid.nonces(owner),
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", aid.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        aid.permit(owner, bob, 5e18, deadline, v, r, s);
        assertEq(aid.allowance(owner, bob), 5e18, "permit allowance");
        assertEq(aid.nonces(owner), 1, "nonce used");

        // Replay: the nonce moved on, so the signature recovers to some other address.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        aid.permit(owner, bob, 5e18, deadline, v, r, s);
    }

    function test_permit_revertsAfterDeadline() public {
        (address owner, uint256 key) = makeAddrAndKey("owner");
        uint256 deadline = block.timestamp - 1;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                bob,
                5e18,
                0,
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", aid.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        aid.permit(owner, bob, 5e18, deadline, v, r, s);
    }

    function testFuzz_mintBurn_supplyTracksBalances(uint256 a, uint256 b, uint256 burnA) public {
        a = bound(a, 0, 1e36);
        b = bound(b, 0, 1e36);
        burnA = bound(burnA, 0, a);
        vm.startPrank(minter);
        aid.mint(alice, a);
        aid.mint(bob, b);
        vm.stopPrank();
        vm.prank(alice);
        aid.approve(minter, burnA);
        vm.prank(minter);
        aid.burn(alice, burnA);
        assertEq(aid.totalSupply(), a + b - burnA, "supply = mints - burns");
        assertEq(aid.balanceOf(alice) + aid.balanceOf(bob), aid.totalSupply(), "sum of balances");
        assertEq(aid.allowance(alice, minter), 0, "exact allowance consumed");
    }

    function test_supportsAccessControlInterface() public view {
        assertTrue(aid.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
    }
}
