// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReserveBase} from "../reserve/ReserveBase.t.sol";

/// @notice One test per measured Reserve operation, each in a warm, realistic state and doing exactly that one call
/// (`forge snapshot --match-path 'test/gas/*'`). Fixture: 6-decimal USDC, default fees (mint 0, redeem 10 bps),
/// prior mints/requests in earlier blocks so cap windows, totals and balances are non-zero.
contract ReserveGasTest is ReserveBase {
    uint256 internal claimableId;
    uint256 internal maturedId;

    function setUp() public override {
        super.setUp();
        _mint(alice, usdc, 100_000e6);
        _mint(bob, usdc, 100_000e6);
        claimableId = _request(bob, usdc, 1000e18);
        vm.warp(block.timestamp + 7 days);
        reserve.processQueue(1);
        maturedId = _request(bob, usdc, 1000e18);
        vm.warp(block.timestamp + 7 days);
        vm.roll(block.number + 1);
        usdcFeed.set(1e8, block.timestamp);
        _request(bob, usdc, 1000e18);

        // Warm users: balances and allowances already non-zero, as for a returning user.
        usdc.mint(alice, 10_000e6);
        vm.startPrank(alice);
        usdc.approve(address(reserve), type(uint256).max);
        aid.approve(address(reserve), type(uint256).max);
        vm.stopPrank();
        vm.roll(block.number + 1);
    }

    function test_gas_mint() public {
        vm.prank(alice);
        reserve.mint(address(usdc), 1000e6, 0, alice);
    }

    function test_gas_redeem() public {
        vm.prank(alice);
        reserve.redeem(address(usdc), 1000e18, 0, alice);
    }

    function test_gas_requestRedeem() public {
        vm.prank(alice);
        reserve.requestRedeem(address(usdc), 1000e18, alice);
    }

    function test_gas_claim() public {
        reserve.claim(claimableId);
    }

    function test_gas_processQueue_one() public {
        reserve.processQueue(1);
    }
}
