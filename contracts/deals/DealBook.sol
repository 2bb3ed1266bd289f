// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IDealBook} from "../interfaces/IDealBook.sol";
import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title DealBook
/// @notice The record of every GPU / robotics financing deal (PROTOCOL.md §3). Each funded deal is an ERC-721
/// position (token id = deal id) owned by the Reserve. The DealBook holds no money: it books the state the Reserve's
/// money movements imply and keeps the two aggregates the Reserve reads (`totalOutstandingPrincipal`,
/// `totalCarryingValue`) as running totals, so no call ever loops over deals.
/// @dev Status machine: `Proposed → Active ⇄ Late`, `Active|Late → Repaid` (outstanding reaches 0),
/// `Active|Late → Defaulted → Liquidated`; a `Proposed` deal can be cancelled (its record is deleted).
/// Aggregates: `totalOutstandingPrincipal = Σ outstandingPrincipal` over Active/Late deals;
/// `totalCarryingValue = Σ carryingValue` over Active/Late/Defaulted deals.
contract DealBook is IDealBook, ERC721, RoleManaged {
    /// @notice Proposes and cancels deals.
    bytes32 public constant ORIGINATOR_ROLE = keccak256("ORIGINATOR_ROLE");
    /// @notice Re-marks collateral value (`markNav`).
    bytes32 public constant NAV_REPORTER_ROLE = keccak256("NAV_REPORTER_ROLE");
    /// @notice Flags deals late and cures them.
    bytes32 public constant SERVICER_ROLE = keccak256("SERVICER_ROLE");
    /// @notice The Reserve: every transition that moves money.
    bytes32 public constant RESERVE_ROLE = keccak256("RESERVE_ROLE");

    /// @notice Hard cap of the advance rate: at most 80% of hardware value is financed (≥ 1.25× collateral).
    uint16 public constant MAX_ADVANCE_RATE_BPS = 8000;
    /// @notice Shortest tenor the bounds may allow (3 months).
    uint64 public constant MIN_TENOR = 90 days;
    /// @notice Longest tenor the bounds may allow (3 years).
    uint64 public constant MAX_TENOR = 3 * 365 days;
    /// @notice Highest FIXED_RATE APR accepted (50%/year).
    uint16 public constant MAX_FIXED_APR_BPS = 5000;
    /// @notice Highest REVENUE_SHARE share accepted (100% of gross revenue).
    uint16 public constant MAX_REVENUE_SHARE_BPS = 10_000;
    /// @notice Bounds of the NAV feed's max age.
    uint256 public constant MIN_NAV_MAX_AGE = 1 hours;
    uint256 public constant MAX_NAV_MAX_AGE = 7 days;
    /// @notice Delay of a two-step admin transfer.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;

    uint256 internal constant BPS = 10_000;

    /// @notice The GPU-NAV push feed (USD per H100-equivalent).
    IAggregatorV3 public navFeed;
    /// @notice Max age of the NAV feed's last update, seconds.
    uint256 public navMaxAge;
    /// @notice Current cap on `advanceRateBps` for new proposals (≤ `MAX_ADVANCE_RATE_BPS`).
    uint16 public maxAdvanceRateBps;
    /// @notice Current tenor bounds for new proposals (within `[MIN_TENOR, MAX_TENOR]`).
    uint64 public minTenor;
    uint64 public maxTenor;

    uint256 internal _dealCount;
    uint256 internal _totalOutstandingPrincipal;
    uint256 internal _totalCarryingValue;
    mapping(uint256 dealId => Deal) internal _deals;

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE`.
    /// @param navFeed_ The GPU-NAV feed.
    /// @param navMaxAge_ Max age of the feed's last update, in `[MIN_NAV_MAX_AGE, MAX_NAV_MAX_AGE]`.
    constructor(address admin, IAggregatorV3 navFeed_, uint256 navMaxAge_)
        ERC721("AID Deal Position", "AIDDEAL")
        RoleManaged(ADMIN_TRANSFER_DELAY, admin)
    {
        _setNavFeed(navFeed_, navMaxAge_);
        _setTermBounds(MAX_ADVANCE_RATE_BPS, MIN_TENOR, MAX_TENOR);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Lifecycle
    // ----------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDealBook
    function propose(DealTerms calldata terms) external onlyRole(ORIGINATOR_ROLE) returns (uint256 dealId) {
        _validateTerms(terms);

        dealId = ++_dealCount;
        Deal storage deal = _deals[dealId];
        deal.terms = terms;
        deal.status = Status.Proposed;

        emit DealProposed(dealId, terms.borrowerId, msg.sender, terms);
    }

    /// @inheritdoc IDealBook
    /// @dev The record is deleted: the id is never reused and `getDeal` reverts `DealNotFound` afterwards.
    function cancel(uint256 dealId) external onlyRole(ORIGINATOR_ROLE) {
        _requireStatus(dealId, Status.Proposed);

        delete _deals[dealId];

        emit DealCancelled(dealId);
    }

    /// @inheritdoc IDealBook
    /// @dev The position is minted to the caller (the Reserve) with `_mint`, not `_safeMint`: the Reserve need not
    /// implement `onERC721Received`, and no callback runs inside a money transition.
    function activate(uint256 dealId, uint256 principal) external onlyRole(RESERVE_ROLE) {
        Deal storage deal = _requireStatus(dealId, Status.Proposed);
        if (principal == 0) revert ZeroAmount();
        // Rounded down: the cap never lets a wei more than the advance rate through.
        uint256 maxPrincipal = Math.mulDiv(deal.terms.collateralValue, deal.terms.advanceRateBps, BPS);
        if (principal > maxPrincipal) revert AdvanceRateExceeded(principal, maxPrincipal);

        uint64 start = uint64(block.timestamp);
        uint64 maturity = start + deal.terms.tenor;
        deal.status = Status.Active;
        deal.start = start;
        deal.maturity = maturity;
        deal.principal = principal;
        deal.outstandingPrincipal = principal;
        deal.carryingValue = principal;
        _totalOutstandingPrincipal += principal;
        _totalCarryingValue += principal;

        emit DealActivated(dealId, principal, start, maturity);

        _mint(msg.sender, dealId);
    }

    /// @inheritdoc IDealBook
    /// @dev Allowed on Proposed (pre-funding re-mark), Active and Late deals. A zero mark is rejected: hardware
    /// written off entirely goes through a default (`writeDown`), not a NAV mark.
    function markNav(uint256 dealId, uint256 collateralValue) external onlyRole(NAV_REPORTER_ROLE) {
        _markNav(dealId, collateralValue);
    }

    /// @inheritdoc IDealBook
    /// @dev `collateralValue = navUnits × price / 1e18` with the price normalised to 18 decimals by the feed's
    /// `decimals()`; rounded down (a lower collateral value is the conservative side).
    function markNavFromFeed(uint256 dealId) external {
        Deal storage deal = _requireExists(dealId);
        uint256 navUnits = deal.terms.navUnits;
        if (navUnits == 0) revert ZeroAmount();
        uint256 price = _navPrice();
        _markNav(dealId, Math.mulDiv(navUnits, price, 1e18));
    }

    /// @inheritdoc IDealBook
    function markLate(uint256 dealId) external onlyRole(SERVICER_ROLE) {
        Deal storage deal = _requireStatus(dealId, Status.Active);
        deal.status = Status.Late;
        emit DealLate(dealId);
    }

    /// @inheritdoc IDealBook
    function cure(uint256 dealId) external onlyRole(SERVICER_ROLE) {
        Deal storage deal = _requireStatus(dealId, Status.Late);
        deal.status = Status.Active;
        emit DealCured(dealId);
    }

    /// @inheritdoc IDealBook
    /// @dev Active or Late deals. A repayment that brings LTV back under `maxLtvBps` clears the margin call.
    function recordRepayment(uint256 dealId, uint256 principal, uint256 income)
        external
        onlyRole(RESERVE_ROLE)
        returns (uint256)
    {
        Deal storage deal = _requirePerforming(dealId);
        if (principal == 0 && income == 0) revert ZeroAmount();
        uint256 outstanding = deal.outstandingPrincipal;
        if (principal > outstanding) revert RepaymentExceedsOutstanding(principal, outstanding);

        unchecked {
            // principal ≤ outstanding == carryingValue for a performing deal, and both are in the aggregates.
            outstanding -= principal;
            deal.carryingValue -= principal;
            _totalOutstandingPrincipal -= principal;
            _totalCarryingValue -= principal;
        }
        deal.outstandingPrincipal = outstanding;
        deal.principalRepaid += principal;
        deal.incomeReceived += income;

        emit RepaymentRecorded(dealId, principal, income, outstanding);

        if (outstanding == 0) {
            deal.status = Status.Repaid;
            deal.marginCall = false;
            emit DealRepaid(dealId);
        } else if (deal.marginCall) {
            uint256 ltv = _ltv(outstanding, deal.terms.collateralValue);
            if (ltv < uint256(deal.terms.maxLtvBps) + 1) {
                deal.marginCall = false;
                emit MarginCallCleared(dealId, ltv);
            }
        }
        return outstanding;
    }

    /// @inheritdoc IDealBook
    /// @dev The outstanding principal stays recorded as the claim on the borrower but leaves
    /// `totalOutstandingPrincipal` (no protocol fee accrues on a defaulted deal); the carrying value becomes
    /// `recoveryValue`. The margin-call flag (Active/Late only) is dropped.
    function writeDown(uint256 dealId, uint256 recoveryValue) external onlyRole(RESERVE_ROLE) returns (uint256 loss) {
        Deal storage deal = _requirePerforming(dealId);
        uint256 carryingBefore = deal.carryingValue;
        if (recoveryValue > carryingBefore) revert RecoveryExceedsCarryingValue(recoveryValue, carryingBefore);

        unchecked {
            loss = carryingBefore - recoveryValue;
            _totalOutstandingPrincipal -= deal.outstandingPrincipal;
            _totalCarryingValue -= loss;
        }
        deal.status = Status.Defaulted;
        deal.marginCall = false;
        deal.carryingValue = recoveryValue;

        emit DealDefaulted(dealId, carryingBefore, recoveryValue, loss);
    }

    /// @inheritdoc IDealBook
    function closeLiquidated(uint256 dealId, uint256 proceeds)
        external
        onlyRole(RESERVE_ROLE)
        returns (uint256 carryingValueBefore)
    {
        Deal storage deal = _requireStatus(dealId, Status.Defaulted);
        carryingValueBefore = deal.carryingValue;

        unchecked {
            _totalCarryingValue -= carryingValueBefore;
        }
        deal.status = Status.Liquidated;
        deal.carryingValue = 0;

        emit DealLiquidated(dealId, proceeds, carryingValueBefore);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Admin
    // ----------------------------------------------------------------------------------------------------------

    /// @notice Sets the GPU-NAV feed and its max age. Only admin.
    function setNavFeed(IAggregatorV3 newFeed, uint256 newMaxAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setNavFeed(newFeed, newMaxAge);
    }

    /// @notice Sets the bounds applied to new proposals. Only admin. Existing deals are not affected.
    function setTermBounds(uint16 newMaxAdvanceRateBps, uint64 newMinTenor, uint64 newMaxTenor)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _setTermBounds(newMaxAdvanceRateBps, newMinTenor, newMaxTenor);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDealBook
    function getDeal(uint256 dealId) external view returns (Deal memory) {
        return _requireExists(dealId);
    }

    /// @inheritdoc IDealBook
    /// @dev Rounded up. `type(uint256).max` for a deal with outstanding principal and zero collateral value.
    function ltvBps(uint256 dealId) external view returns (uint256) {
        Deal storage deal = _requireExists(dealId);
        return _ltv(deal.outstandingPrincipal, deal.terms.collateralValue);
    }

    /// @inheritdoc IDealBook
    function dealCount() external view returns (uint256) {
        return _dealCount;
    }

    /// @inheritdoc IDealBook
    function totalOutstandingPrincipal() external view returns (uint256) {
        return _totalOutstandingPrincipal;
    }

    /// @inheritdoc IDealBook
    function totalCarryingValue() external view returns (uint256) {
        return _totalCarryingValue;
    }

    /// @notice The GPU-NAV feed's latest price normalised to 18 decimals (USD per H100-equivalent).
    function navPrice() external view returns (uint256) {
        return _navPrice();
    }

    /// @inheritdoc ERC721
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, AccessControlDefaultAdminRules, IERC165)
        returns (bool)
    {
        return ERC721.supportsInterface(interfaceId) || AccessControlDefaultAdminRules.supportsInterface(interfaceId);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Internal
    // ----------------------------------------------------------------------------------------------------------

    function _markNav(uint256 dealId, uint256 collateralValue) internal {
        Deal storage deal = _requireExists(dealId);
        Status status = deal.status;
        if (status != Status.Proposed && status != Status.Active && status != Status.Late) {
            revert InvalidStatus(dealId, status);
        }
        if (collateralValue == 0) revert ZeroAmount();

        deal.terms.collateralValue = collateralValue;
        deal.lastMarkedAt = uint64(block.timestamp);
        uint256 ltv = _ltv(deal.outstandingPrincipal, collateralValue);
        uint256 maxLtv = deal.terms.maxLtvBps;

        emit NavMarked(dealId, collateralValue, ltv, msg.sender);

        if (status == Status.Proposed) return;
        if (ltv > maxLtv) {
            if (!deal.marginCall) {
                deal.marginCall = true;
                emit MarginCall(dealId, ltv, maxLtv);
            }
        } else if (deal.marginCall) {
            deal.marginCall = false;
            emit MarginCallCleared(dealId, ltv);
        }
    }

    function _navPrice() internal view returns (uint256) {
        IAggregatorV3 feed = navFeed;
        (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        if (answer < 1) revert InvalidNav(answer);
        uint256 maxAge = navMaxAge;
        if (updatedAt + maxAge < block.timestamp) revert StaleNav(updatedAt, maxAge);
        uint8 dec = feed.decimals();
        // forge-lint: disable-next-line(unsafe-typecast) answer > 0 checked above
        uint256 price = uint256(answer);
        if (dec < 18) return price * 10 ** (18 - dec);
        if (dec > 18) return price / 10 ** (dec - 18);
        return price;
    }

    function _validateTerms(DealTerms calldata terms) internal view {
        if (terms.payoutWallet == address(0)) revert ZeroAddress();
        if (terms.borrowerId == bytes32(0)) revert InvalidTerms("borrowerId");
        if (terms.hardwareCount == 0) revert InvalidTerms("hardwareCount");
        if (terms.collateralValue == 0) revert InvalidTerms("collateralValue");
        if (terms.advanceRateBps == 0 || terms.advanceRateBps > maxAdvanceRateBps) {
            revert InvalidTerms("advanceRate");
        }
        if (terms.maxLtvBps < terms.advanceRateBps + 1 || terms.maxLtvBps > BPS) revert InvalidTerms("maxLtv");
        uint16 maxRate = terms.structure == Structure.FIXED_RATE ? MAX_FIXED_APR_BPS : MAX_REVENUE_SHARE_BPS;
        if (terms.rateBps == 0 || terms.rateBps > maxRate) revert InvalidTerms("rate");
        if (terms.tenor < minTenor || terms.tenor > maxTenor) revert InvalidTerms("tenor");
    }

    function _setNavFeed(IAggregatorV3 newFeed, uint256 newMaxAge) internal {
        if (address(newFeed) == address(0)) revert ZeroAddress();
        if (newMaxAge < MIN_NAV_MAX_AGE || newMaxAge > MAX_NAV_MAX_AGE) {
            revert ParameterOutOfBounds(newMaxAge, MIN_NAV_MAX_AGE, MAX_NAV_MAX_AGE);
        }
        navFeed = newFeed;
        navMaxAge = newMaxAge;
        emit NavFeedSet(address(newFeed), newMaxAge);
    }

    function _setTermBounds(uint16 newMaxAdvanceRateBps, uint64 newMinTenor, uint64 newMaxTenor) internal {
        if (newMaxAdvanceRateBps == 0 || newMaxAdvanceRateBps > MAX_ADVANCE_RATE_BPS) {
            revert ParameterOutOfBounds(newMaxAdvanceRateBps, 1, MAX_ADVANCE_RATE_BPS);
        }
        if (newMinTenor < MIN_TENOR || newMinTenor > MAX_TENOR) {
            revert ParameterOutOfBounds(newMinTenor, MIN_TENOR, MAX_TENOR);
        }
        if (newMaxTenor < newMinTenor || newMaxTenor > MAX_TENOR) {
            revert ParameterOutOfBounds(newMaxTenor, newMinTenor, MAX_TENOR);
        }
        maxAdvanceRateBps = newMaxAdvanceRateBps;
        minTenor = newMinTenor;
        maxTenor = newMaxTenor;
        emit TermBoundsSet(newMaxAdvanceRateBps, newMinTenor, newMaxTenor);
    }

    function _requireExists(uint256 dealId) internal view returns (Deal storage deal) {
        deal = _deals[dealId];
        if (deal.status == Status.None) revert DealNotFound(dealId);
    }

    function _requireStatus(uint256 dealId, Status expected) internal view returns (Deal storage deal) {
        deal = _requireExists(dealId);
        if (deal.status != expected) revert InvalidStatus(dealId, deal.status);
    }

    function _requirePerforming(uint256 dealId) internal view returns (Deal storage deal) {
        deal = _requireExists(dealId);
        Status status = deal.status;
        if (status != Status.Active && status != Status.Late) revert InvalidStatus(dealId, status);
    }

    function _ltv(uint256 outstanding, uint256 collateralValue) internal pure returns (uint256) {
        if (outstanding == 0) return 0;
        if (collateralValue == 0) return type(uint256).max;
        return Math.mulDiv(outstanding, BPS, collateralValue, Math.Rounding.Ceil);
    }
}
