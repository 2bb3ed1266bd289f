// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealBook} from "../../../contracts/interfaces/IDealBook.sol";

/// @notice Minimal deal book for unit-testing the Reserve in isolation: the money transitions the Reserve calls,
/// with the bookkeeping the real DealBook does (outstanding principal, carrying value, status), and no NFT.
contract MockDealBook {
    mapping(uint256 => IDealBook.Deal) internal _deals;
    uint256 public dealCount;
    uint256 public totalOutstandingPrincipal;
    uint256 public totalCarryingValue;
    address public reserve;

    error OnlyReserve();

    function setReserve(address reserve_) external {
        reserve = reserve_;
    }

    modifier onlyReserve() {
        if (msg.sender != reserve) revert OnlyReserve();
        _;
    }

    /// @notice Test helper: a Proposed deal paying out to `payoutWallet`, financeable up to `maxPrincipal`.
    function propose(address payoutWallet, uint256 maxPrincipal) external returns (uint256 dealId) {
        dealId = ++dealCount;
        IDealBook.Deal storage d = _deals[dealId];
        d.terms.payoutWallet = payoutWallet;
        d.terms.collateralValue = maxPrincipal;
        d.terms.advanceRateBps = 10_000;
        d.status = IDealBook.Status.Proposed;
    }

    function getDeal(uint256 dealId) external view returns (IDealBook.Deal memory) {
        if (_deals[dealId].status == IDealBook.Status.None) revert IDealBook.DealNotFound(dealId);
        return _deals[dealId];
    }

    function activate(uint256 dealId, uint256 principal) external onlyReserve {
        IDealBook.Deal storage d = _deals[dealId];
        if (d.status != IDealBook.Status.Proposed) revert IDealBook.InvalidStatus(dealId, d.status);
        if (principal > d.terms.collateralValue) {
            revert IDealBook.AdvanceRateExceeded(principal, d.terms.collateralValue);
        }
        d.status = IDealBook.Status.Active;
        d.principal = principal;
        d.outstandingPrincipal = principal;
        d.carryingValue = principal;
        totalOutstandingPrincipal += principal;
        totalCarryingValue += principal;
    }

    function recordRepayment(uint256 dealId, uint256 principal, uint256 income) external onlyReserve returns (uint256) {
        IDealBook.Deal storage d = _deals[dealId];
        if (d.status != IDealBook.Status.Active && d.status != IDealBook.Status.Late) {
            revert IDealBook.InvalidStatus(dealId, d.status);
        }
        if (principal > d.outstandingPrincipal) {
            revert IDealBook.RepaymentExceedsOutstanding(principal, d.outstandingPrincipal);
        }
        d.outstandingPrincipal -= principal;
        d.carryingValue -= principal;
        d.principalRepaid += principal;
        d.incomeReceived += income;
        totalOutstandingPrincipal -= principal;
        totalCarryingValue -= principal;
        if (d.outstandingPrincipal == 0) d.status = IDealBook.Status.Repaid;
        return d.outstandingPrincipal;
    }

    function writeDown(uint256 dealId, uint256 recoveryValue) external onlyReserve returns (uint256 loss) {
        IDealBook.Deal storage d = _deals[dealId];
        if (d.status != IDealBook.Status.Active && d.status != IDealBook.Status.Late) {
            revert IDealBook.InvalidStatus(dealId, d.status);
        }
        if (recoveryValue > d.carryingValue) {
            revert IDealBook.RecoveryExceedsCarryingValue(recoveryValue, d.carryingValue);
        }
        loss = d.carryingValue - recoveryValue;
        totalOutstandingPrincipal -= d.outstandingPrincipal;
        totalCarryingValue -= loss;
        d.carryingValue = recoveryValue;
        d.status = IDealBook.Status.Defaulted;
    }

    function closeLiquidated(uint256 dealId, uint256) external onlyReserve returns (uint256 carryingValueBefore) {
        IDealBook.Deal storage d = _deals[dealId];
        if (d.status != IDealBook.Status.Defaulted) revert IDealBook.InvalidStatus(dealId, d.status);
        carryingValueBefore = d.carryingValue;
        totalCarryingValue -= carryingValueBefore;
        d.carryingValue = 0;
        d.status = IDealBook.Status.Liquidated;
    }
}
