// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReserveBase} from "../reserve/ReserveBase.t.sol";
import {VM_COOL} from "../utils/VmCool.sol";
import {OZVaultAnchor} from "./OZVaultAnchor.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {console} from "forge-std/Test.sol";

/// @notice Reserve mint/redeem side by side with the closest standard primitive: an OpenZeppelin ERC4626 over the
/// same 6-decimal USDC ("stablecoin in, token minted" / "token burned, stablecoin out"). The Reserve does more per
/// call (depeg feed read, caps, fee, internal liquidity, a second token contract), and this measures what that costs.
/// The queue operations have no OZ counterpart; `requestRedeem`/`claim` are printed next to the sync redeem anchor.
/// Storage of every contract involved is cooled before each call. Run: `npm run bench`.
contract ReserveAnchorBench is ReserveBase {
    OZVaultAnchor internal anchor;

    function setUp() public override {
        super.setUp();
        anchor = new OZVaultAnchor(IERC20(address(usdc)));
        // Same warm state for both: alice already holds a position in each, with max approvals.
        _mint(alice, usdc, 100_000e6);
        usdc.mint(alice, 1_000_000e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), type(uint256).max);
        usdc.approve(address(anchor), type(uint256).max);
        aid.approve(address(reserve), type(uint256).max);
        anchor.deposit(100_000e6, alice);
        vm.stopPrank();
        vm.roll(block.number + 1);
    }

    function _cool() internal {
        VM_COOL.cool(address(reserve));
        VM_COOL.cool(address(aid));
        VM_COOL.cool(address(usdc));
        VM_COOL.cool(address(usdcFeed));
        VM_COOL.cool(address(anchor));
    }

    function test_bench_reserve_sideBySide() public {
        _cool();
        vm.prank(alice);
        anchor.deposit(1000e6, alice);
        uint256 ozDeposit = vm.lastCallGas().gasTotalUsed;

        _cool();
        vm.prank(alice);
        reserve.mint(address(usdc), 1000e6, 0, alice);
        uint256 mint = vm.lastCallGas().gasTotalUsed;

        uint256 shares = anchor.balanceOf(alice) / 100;
        _cool();
        vm.prank(alice);
        anchor.redeem(shares, alice, alice);
        uint256 ozRedeem = vm.lastCallGas().gasTotalUsed;

        _cool();
        vm.prank(alice);
        reserve.redeem(address(usdc), 1000e18, 0, alice);
        uint256 redeem = vm.lastCallGas().gasTotalUsed;

        _cool();
        vm.prank(alice);
        uint256 id = reserve.requestRedeem(address(usdc), 1000e18, alice);
        uint256 request = vm.lastCallGas().gasTotalUsed;

        vm.warp(block.timestamp + reserve.redeemDelay());
        usdcFeed.set(1e8);
        reserve.processQueue(1);
        _cool();
        reserve.claim(id);
        uint256 claim = vm.lastCallGas().gasTotalUsed;

        console.log("op                          OZ ERC4626 anchor   Reserve");
        console.log(
            string.concat("mint    (vs deposit)         ", vm.toString(ozDeposit), "              ", vm.toString(mint))
        );
        console.log(
            string.concat("redeem  (vs redeem)          ", vm.toString(ozRedeem), "              ", vm.toString(redeem))
        );
        console.log(
            string.concat(
                "requestRedeem (vs redeem)    ", vm.toString(ozRedeem), "              ", vm.toString(request)
            )
        );
        console.log(
            string.concat("claim   (vs redeem)          ", vm.toString(ozRedeem), "              ", vm.toString(claim))
        );
        assertGt(mint, ozDeposit, "the Reserve's mint does strictly more work than an ERC4626 deposit");
        assertEq(uint256(reserve.getRequest(id).status), 3, "claimed");
    }
}
