// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @title IDealBook
/// @notice The record of every GPU / robotics financing deal. A deal is proposed by an ORIGINATOR, becomes an
/// ERC-721 position owned by the Reserve when the Reserve funds it, is re-marked at NAV by a NAV_REPORTER or from the
/// GPU-NAV feed, and ends `Repaid` or `Defaulted → Liquidated`. The DealBook holds no money: every transition that
/// moves money (`activate`, `recordRepayment`, `writeDown`, `closeLiquidated`) is called by the Reserve (RESERVE role),
/// which moves the funds.
///
/// Units: USD amounts (`collateralValue`, principal, income, carrying value) are 18-decimal USD (1e18 = $1).
/// `navUnits` is the hardware's H100-equivalent count, 18 decimals; `collateralValue = navUnits × GPU-NAV price`
/// when marked from the feed. Carrying value (what counts in the Reserve's backing) is the outstanding principal for
/// a performing deal and the recovery value after a default.
interface IDealBook is IERC721 {
    enum AssetClass {
        GPU,
        ROBOTICS
    }

    enum Structure {
        FIXED_RATE,
        REVENUE_SHARE
    }

    enum Status {
        None,
        Proposed,
        Active,
        Late,
        Defaulted,
        Liquidated,
        Repaid
    }

    /// @notice What an originator proposes.
    struct DealTerms {
        bytes32 borrowerId;
        AssetClass assetClass;
        uint32 hardwareCount;
        bytes32 hardwareModel;
        bytes32 locationHash;
        uint256 navUnits;
        uint256 collateralValue;
        uint16 advanceRateBps;
        uint16 maxLtvBps;
        Structure structure;
        /// @dev `aprBps` for FIXED_RATE, `shareBps` (of gross revenue) for REVENUE_SHARE.
        uint16 rateBps;
        uint64 tenor;
        /// @dev Where the Reserve sends the principal when funding.
        address payoutWallet;
    }

    struct Deal {
        DealTerms terms;
        Status status;
        bool marginCall;
        uint64 start;
        uint64 maturity;
        uint256 principal;
        uint256 outstandingPrincipal;
        uint256 carryingValue;
        uint256 principalRepaid;
        uint256 incomeReceived;
        uint64 lastMarkedAt;
    }

    event DealProposed(uint256 indexed dealId, bytes32 indexed borrowerId, address indexed originator, DealTerms terms);
    event DealCancelled(uint256 indexed dealId);
    event DealActivated(uint256 indexed dealId, uint256 principal, uint64 start, uint64 maturity);
    event NavMarked(uint256 indexed dealId, uint256 collateralValue, uint256 ltvBps, address indexed reporter);
    event MarginCall(uint256 indexed dealId, uint256 ltvBps, uint256 maxLtvBps);
    event MarginCallCleared(uint256 indexed dealId, uint256 ltvBps);
    event DealLate(uint256 indexed dealId);
    event DealCured(uint256 indexed dealId);
    event RepaymentRecorded(uint256 indexed dealId, uint256 principal, uint256 income, uint256 outstandingPrincipal);
    event DealRepaid(uint256 indexed dealId);
    event DealDefaulted(uint256 indexed dealId, uint256 carryingValueBefore, uint256 recoveryValue, uint256 loss);
    event DealLiquidated(uint256 indexed dealId, uint256 proceeds, uint256 carryingValueBefore);
    event NavFeedSet(address indexed feed, uint256 maxAge);
    event TermBoundsSet(uint256 maxAdvanceRateBps, uint64 minTenor, uint64 maxTenor);

    error ZeroAddress();
    error ZeroAmount();
    error DealNotFound(uint256 dealId);
    error InvalidStatus(uint256 dealId, Status status);
    error InvalidTerms(string reason);
    /// @notice Funding would exceed `collateralValue × advanceRateBps`.
    error AdvanceRateExceeded(uint256 principal, uint256 maxPrincipal);
    error RepaymentExceedsOutstanding(uint256 principal, uint256 outstanding);
    error RecoveryExceedsCarryingValue(uint256 recovery, uint256 carryingValue);
    error StaleNav(uint256 updatedAt, uint256 maxAge);
    error InvalidNav(int256 answer);
    error ParameterOutOfBounds(uint256 value, uint256 min, uint256 max);

    /// @notice Records a new deal in `Proposed`. Only ORIGINATOR.
    function propose(DealTerms calldata terms) external returns (uint256 dealId);

    /// @notice Drops a `Proposed` deal. Only ORIGINATOR.
    function cancel(uint256 dealId) external;

    /// @notice `Proposed → Active` with `principal` funded; mints the position to the Reserve. Only RESERVE.
    /// Reverts unless `principal ≤ collateralValue × advanceRateBps / 10_000`.
    function activate(uint256 dealId, uint256 principal) external;

    /// @notice Re-marks collateral at `collateralValue`. Only NAV_REPORTER. Emits `MarginCall` when LTV crosses
    /// above `maxLtvBps`, `MarginCallCleared` when it comes back under.
    function markNav(uint256 dealId, uint256 collateralValue) external;

    /// @notice Re-marks collateral from the GPU-NAV feed: `navUnits × price`. Permissionless (the feed is trusted).
    function markNavFromFeed(uint256 dealId) external;

    /// @notice `Active → Late`. Only SERVICER.
    function markLate(uint256 dealId) external;

    /// @notice `Late → Active`. Only SERVICER.
    function cure(uint256 dealId) external;

    /// @notice Books a repayment; `Repaid` when outstanding reaches 0. Only RESERVE. Returns the outstanding after.
    function recordRepayment(uint256 dealId, uint256 principal, uint256 income) external returns (uint256);

    /// @notice `Active|Late → Defaulted`, carrying value set to `recoveryValue`. Only RESERVE. Returns the loss.
    function writeDown(uint256 dealId, uint256 recoveryValue) external returns (uint256 loss);

    /// @notice `Defaulted → Liquidated` after the collateral was sold for `proceeds`. Only RESERVE. Returns the
    /// carrying value before closing (the Reserve compares it to the proceeds).
    function closeLiquidated(uint256 dealId, uint256 proceeds) external returns (uint256 carryingValueBefore);

    function getDeal(uint256 dealId) external view returns (Deal memory);
    function ltvBps(uint256 dealId) external view returns (uint256);
    function dealCount() external view returns (uint256);
    /// @notice Σ outstanding principal of Active/Late deals (what the protocol fee accrues on).
    function totalOutstandingPrincipal() external view returns (uint256);
    /// @notice Σ carrying value of Active/Late/Defaulted deals (what counts in the Reserve's backing).
    function totalCarryingValue() external view returns (uint256);
}
