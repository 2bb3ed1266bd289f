// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IReserve} from "../interfaces/IReserve.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title ReserveStorage
/// @notice State, constants and shared helpers of the Reserve. Inherited by `Reserve` (user entry points, views)
/// and by `ReserveOperations` (deal flows and admin setters), which the Reserve runs by `delegatecall`, so both
/// contracts share one storage layout by construction. The split keeps `Reserve` under the EIP-170 code-size limit.
// solhint-disable-next-line max-states-count
abstract contract ReserveStorage is RoleManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ---------------------------------------------------------------- roles and bounds

    /// @notice Moves buffer liquidity into deals (`fundDeal`).
    bytes32 public constant ALLOCATOR_ROLE = keccak256("ALLOCATOR_ROLE");
    /// @notice Records repayments, write-downs and liquidation proceeds.
    bytes32 public constant SERVICER_ROLE = keccak256("SERVICER_ROLE");
    /// @notice Pauses and unpauses minting and redemption; moves no funds.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @notice Delay before a scheduled transfer of the admin role can be accepted.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;
    uint256 public constant BPS = 10_000;
    uint256 public constant MAX_MINT_FEE_BPS = 100;
    uint256 public constant MAX_REDEEM_FEE_BPS = 100;
    uint256 public constant MAX_PERFORMANCE_FEE_BPS = 3000;
    uint256 public constant MAX_PROTOCOL_FEE_BPS = 100;
    uint256 public constant MAX_INSURANCE_CUT_BPS = 10_000;
    uint256 public constant MAX_REDEEM_DELAY = 30 days;
    uint256 public constant MIN_STABLE_PRICE_FLOOR = 0.9e18;
    uint256 public constant MAX_STABLE_PRICE_FLOOR = 1e18;
    uint256 public constant MIN_FEED_AGE = 1 minutes;
    uint256 public constant MAX_FEED_AGE = 3 days;
    /// @notice Upper bound of every cap (1 trillion AID).
    uint256 public constant MAX_CAP = 1e30;
    /// @notice Largest single queue request, so a request fits in three storage slots (≈ 79 billion AID).
    uint256 public constant MAX_REQUEST = type(uint96).max;

    // ---------------------------------------------------------------- storage

    /// @dev A queued request packed into three slots (the `IReserve.RedeemRequest` view struct is its unpacked form).
    struct Request {
        address owner;
        uint64 requestedAt;
        IReserve.RequestStatus status;
        address receiver;
        uint96 aidAmount;
        address stable;
        uint96 payout;
    }

    /// @dev Per-stable buffer: `liquid` held (incl. reserved), `reserved` for claimable requests. One slot.
    struct Liquidity {
        uint128 liquid;
        uint128 reserved;
    }

    /// @dev Usage of a cap in its current window (block number or UTC day). One slot.
    struct Window {
        uint64 id;
        uint192 used;
    }

    address internal immutable _aid;

    // Slot: treasury + pause flags + fees + delay packed together (read on every mint/redeem).
    address internal _treasury;
    bool internal _mintPaused;
    bool internal _redeemPaused;
    uint16 internal _mintFeeBps;
    uint16 internal _redeemFeeBps;
    uint16 internal _performanceFeeBps = 1500;
    uint16 internal _protocolFeeBps = 25;
    uint16 internal _insuranceCutBps;

    // Slot: depeg floor + queue delay.
    uint64 internal _minStablePrice = 0.99e18;
    uint32 internal _redeemDelay = 7 days;

    uint128 internal _maxMintPerBlock;
    uint128 internal _maxMintPerDay;
    uint256 internal _maxInstantRedeemPerDay;

    Window internal _mintBlock;
    Window internal _mintDay;
    Window internal _redeemDay;

    address internal _dealBook;
    address internal _insuranceFund;
    address internal _yieldDistributor;
    address internal _stakedAid;

    mapping(address stable => IReserve.StableConfig) internal _stables;
    mapping(address stable => Liquidity) internal _liquidity;
    uint256 internal _totalLiquid18;

    mapping(uint256 requestId => Request) internal _requests;
    uint256 internal _queueHead = 1;
    uint256 internal _nextRequestId = 1;
    /// @dev AID escrowed by Pending / Claimable requests; `totalEscrowed` is their sum by construction.
    uint128 internal _totalPending;
    uint128 internal _totalClaimable;

    uint256 internal _uncoveredLoss;
    uint256 internal _protocolFeeAccrued;
    uint256 internal _lastFeeAccrual;

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE`.
    /// @param aid_ The AID token (an immutable: each contract of the pair stores its own copy).
    constructor(address admin, address aid_) RoleManaged(ADMIN_TRANSFER_DELAY, admin) {
        if (aid_ == address(0)) revert IReserve.ZeroAddress();
        _aid = aid_;
        _lastFeeAccrual = block.timestamp;
    }

    // ---------------------------------------------------------------- shared internals

    /// @dev Transfers `amount` in and returns what actually arrived.
    function _pull(address token, address from, uint256 amount) internal returns (uint256 received) {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(from, address(this), amount);
        received = IERC20(token).balanceOf(address(this)) - before;
    }

    function _setMintCaps(uint256 perBlock, uint256 perDay) internal {
        if (perDay > MAX_CAP) revert IReserve.ParameterOutOfBounds(perDay, 0, MAX_CAP);
        if (perBlock > perDay) revert IReserve.ParameterOutOfBounds(perBlock, 0, perDay);
        _maxMintPerBlock = uint128(perBlock);
        _maxMintPerDay = uint128(perDay);
        emit IReserve.MintCapsSet(perBlock, perDay);
    }

    function _setMaxInstantRedeemPerDay(uint256 amount) internal {
        if (amount > MAX_CAP) revert IReserve.ParameterOutOfBounds(amount, 0, MAX_CAP);
        _maxInstantRedeemPerDay = amount;
        emit IReserve.MaxInstantRedeemPerDaySet(amount);
    }

    function _toUint128(uint256 x) internal pure returns (uint128) {
        if (x > type(uint128).max) revert IReserve.ParameterOutOfBounds(x, 0, type(uint128).max);
        return uint128(x);
    }

    /// @dev `x × y / d` rounded up. Operands here are bounded far below overflow (amounts < 2^128 × 1e18, bps and
    /// seconds small); a plain product keeps the Reserve under the EIP-170 code-size limit where OZ's 512-bit
    /// `mulDiv` would not.
    function _mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        uint256 p = x * y;
        return p == 0 ? 0 : (p - 1) / d + 1;
    }
}
