// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IntegrationBase} from "../integration/IntegrationBase.sol";

/// @notice Gas of the deal operations in a warm state (deals already on the book, stakers in sAID, fees accrued):
/// `forge snapshot --match-path 'test/gas/*'`. Each test performs exactly one measured operation.
contract DealGasTest is IntegrationBase {
    IDealBook.DealTerms internal terms;
    uint256 internal proposedId;
    uint256 internal activeId;

    function setUp() public override {
        super.setUp();
        _mintAid(alice, usdc, 5_000_000e6);
        _stake(alice, 2_000_000e18);
        // Warm book: two funded deals, one repaid partly with income, one proposal waiting for funds.
        activeId = _proposeDeal(40e18);
        _fundDeal(activeId, usdc, 800_000e6);
        uint256 other = _proposeDeal(20e18);
        _fundDeal(other, usdc, 400_000e6);
        _warp(30 days);
        _repay(other, usdc, 50_000e6, 5000e6);
        proposedId = _proposeDeal(40e18);
        terms = book.getDeal(proposedId).terms;
        terms.borrowerId = keccak256("gas-borrower");
        navFeed.set(24_000e8);
        // Servicer already holds and approved the repayment.
        usdc.mint(servicer, 60_000e6);
        vm.prank(servicer);
        usdc.approve(address(reserve), type(uint256).max);
        _warp(1 days);
    }

    function test_gas_propose() public {
        vm.prank(originator);
        book.propose(terms);
    }

    function test_gas_activate() public {
        vm.prank(allocator);
        reserve.fundDeal(proposedId, address(usdc), 800_000e6);
    }

    function test_gas_markNavFromFeed() public {
        book.markNavFromFeed(activeId);
    }

    function test_gas_recordRepayment() public {
        vm.prank(servicer);
        reserve.recordRepayment(activeId, address(usdc), 50_000e6, 10_000e6);
    }

    function test_gas_distribute() public {
        vm.prank(keeper);
        distributor.distribute();
    }
}
