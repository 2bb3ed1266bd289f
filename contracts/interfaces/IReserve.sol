// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IReserve
/// @notice The AID minter, redemption desk and deal treasury.
///
/// - Mint: whitelisted stablecoin in, AID out = amount normalised to 18 decimals minus `mintFeeBps` (the fee is
///   minted to the treasury, so `aidOut + fee == normalised in` and never more). Per-block and per-day caps are
///   enforced; a depeg guard rejects a stablecoin whose push feed is below `minStablePrice` or older than its
///   `maxFeedAge`.
/// - Instant redeem: AID in, stablecoin out from the liquid buffer, up to `maxInstantRedeemPerDay` AID per day, fee
///   `redeemFeeBps` (paid in AID to the treasury).
/// - Queue: `requestRedeem` escrows AID in a FIFO queue; `processQueue` (anyone, bounded by `maxCount`) walks from the
///   head and sets aside stablecoins for each request older than `redeemDelay` while the buffer can pay it, stopping
///   at the first one that is not ready; `claim` burns the escrow and pays; `cancel` returns the escrow of an
///   unprocessed request. Conservation: `totalEscrowed == totalPending + totalClaimable`.
/// - Deals: ALLOCATOR funds a DealBook deal from the buffer; SERVICER records repayments (principal back to the
///   buffer; income minted as AID: performance fee + accrued protocol fee to the treasury/insurance, the rest to the
///   yield distributor) and write-downs (loss absorbed by the insurance fund, then sAID through `reportLoss`, the AID
///   taken from both is burned).
/// - Backing = liquid stablecoins (normalised, internal accounting: donations are ignored) + DealBook carrying value.
///
/// Roles: DEFAULT_ADMIN (parameters, two-step transfer), ALLOCATOR, SERVICER, GUARDIAN (pause only).
interface IReserve {
    /// @notice Per-stablecoin configuration.
    struct StableConfig {
        bool enabled;
        uint8 decimals;
        /// @dev The stablecoin's USD push feed (AggregatorV3).
        address feed;
        /// @dev Max age of the feed's last update, seconds.
        uint32 maxFeedAge;
        /// @dev `decimals()` of the feed, cached by `configureStable` (at most 18).
        uint8 feedDecimals;
    }

    /// @notice A queued redemption.
    struct RedeemRequest {
        address owner;
        address receiver;
        address stable;
        uint64 requestedAt;
        /// @dev AID escrowed.
        uint256 aidAmount;
        /// @dev Stablecoin set aside when processed (0 before).
        uint256 payout;
        RequestStatus status;
    }

    enum RequestStatus {
        None,
        Pending,
        Claimable,
        Claimed,
        Cancelled
    }

    event Minted(
        address indexed caller,
        address indexed receiver,
        address indexed stable,
        uint256 amountIn,
        uint256 aidOut,
        uint256 fee
    );
    event Redeemed(
        address indexed caller,
        address indexed receiver,
        address indexed stable,
        uint256 aidIn,
        uint256 amountOut,
        uint256 fee
    );
    event RedeemRequested(
        uint256 indexed requestId, address indexed owner, address indexed receiver, address stable, uint256 aidAmount
    );
    event RedeemProcessed(uint256 indexed requestId, uint256 payout);
    event RedeemClaimed(uint256 indexed requestId, address indexed receiver, uint256 aidBurned, uint256 payout);
    event RedeemCancelled(uint256 indexed requestId, address indexed owner, uint256 aidReturned);
    event DealFunded(uint256 indexed dealId, address indexed stable, uint256 amount, address indexed payoutWallet);
    event RepaymentReceived(
        uint256 indexed dealId,
        address indexed stable,
        uint256 principal,
        uint256 income,
        uint256 performanceFee,
        uint256 protocolFee,
        uint256 netYield
    );
    event LossAbsorbed(
        uint256 indexed dealId, uint256 loss, uint256 insuranceCovered, uint256 stakersCovered, uint256 uncovered
    );
    event LiquidationProceeds(uint256 indexed dealId, address indexed stable, uint256 proceeds, uint256 carryingValue);
    event ProtocolFeeAccrued(uint256 amount, uint256 totalAccrued);
    event StableConfigured(address indexed stable, bool enabled, address feed, uint32 maxFeedAge);
    event MintPaused(bool paused);
    event RedeemPaused(bool paused);
    event MintCapsSet(uint256 maxMintPerBlock, uint256 maxMintPerDay);
    event MaxInstantRedeemPerDaySet(uint256 amount);
    event FeesSet(uint256 mintFeeBps, uint256 redeemFeeBps, uint256 performanceFeeBps, uint256 protocolFeeBps);
    event RedeemDelaySet(uint256 redeemDelay);
    event MinStablePriceSet(uint256 minStablePrice);
    event TreasurySet(address indexed treasury);
    event InsuranceSet(address indexed insuranceFund, uint256 insuranceCutBps);
    event YieldDistributorSet(address indexed yieldDistributor);
    event StakedAIDSet(address indexed stakedAid);
    event DealBookSet(address indexed dealBook);

    error ZeroAddress();
    error ZeroAmount();
    error MintIsPaused();
    error RedeemIsPaused();
    error StableNotEnabled(address stable);
    error StableDepegged(address stable, uint256 price, uint256 minPrice);
    error StaleStableFeed(address stable, uint256 updatedAt, uint256 maxAge);
    error Slippage(uint256 out, uint256 minOut);
    error MintCapExceeded(uint256 amount, uint256 remaining);
    error InstantRedeemLimitExceeded(uint256 amount, uint256 remaining);
    error InsufficientLiquidity(address stable, uint256 needed, uint256 available);
    error RequestNotFound(uint256 requestId);
    error InvalidRequestStatus(uint256 requestId, RequestStatus status);
    error NotRequestOwner(uint256 requestId, address caller);
    error ParameterOutOfBounds(uint256 value, uint256 min, uint256 max);
    error NotReceived(uint256 expected, uint256 received);
    /// @notice A module that must be wired (deal book, yield distributor, insurance fund) is not set yet.
    error ModuleNotSet();
    /// @notice The deal book can be set once: moving deals to another book would drop their carrying value.
    error DealBookAlreadySet(address dealBook);

    /// @notice Pulls `amountIn` of `stable` (credits what arrived) and mints `aidOut` AID to `receiver`; the fee is
    /// minted to the treasury. Reverts when paused, above a cap, on a depegged or stale feed, or below `minAidOut`.
    function mint(address stable, uint256 amountIn, uint256 minAidOut, address receiver)
        external
        returns (uint256 aidOut);
    /// @notice Takes `aidIn` AID from the caller (fee to the treasury, the rest burned; needs an allowance) and pays
    /// `amountOut` of `stable` (rounded down) to `receiver` from the available buffer, within the daily limit.
    function redeem(address stable, uint256 aidIn, uint256 minAmountOut, address receiver)
        external
        returns (uint256 amountOut);
    /// @notice Escrows `aidAmount` AID (≥ one unit of `stable`, ≤ `MAX_REQUEST`) at the tail of the FIFO queue.
    function requestRedeem(address stable, uint256 aidAmount, address receiver) external returns (uint256 requestId);
    /// @notice Sets aside the payout of up to `maxCount` requests from the head (permissionless). Returns how many
    /// became claimable.
    function processQueue(uint256 maxCount) external returns (uint256 processed);
    /// @notice Burns the escrow of a Claimable request and pays its receiver (anyone may call).
    function claim(uint256 requestId) external returns (uint256 payout);
    /// @notice Returns the escrow of the caller's Pending request.
    function cancel(uint256 requestId) external;

    /// @notice Activates deal `dealId` with `amount` of `stable` (own units) sent to its payout wallet. ALLOCATOR.
    function fundDeal(uint256 dealId, address stable, uint256 amount) external;
    /// @notice Pulls `principal + income` of `stable` (own units) from the caller, books them and mints the income
    /// as AID (fees and net yield). SERVICER.
    function recordRepayment(uint256 dealId, address stable, uint256 principal, uint256 income) external;
    /// @notice Defaults a deal to `recoveryValue` (18-dec USD) and absorbs the loss. SERVICER.
    function writeDownDeal(uint256 dealId, uint256 recoveryValue) external;
    /// @notice Pulls the liquidation `proceeds` of `stable` (own units) and closes the defaulted deal; a shortfall
    /// against its carrying value is absorbed as a loss, a surplus reduces `uncoveredLoss`. SERVICER.
    function recordLiquidation(uint256 dealId, address stable, uint256 proceeds) external;

    /// @notice What `mint` would give now (ignores caps, pause and the depeg guard).
    function previewMint(address stable, uint256 amountIn) external view returns (uint256 aidOut, uint256 fee);
    /// @notice What `redeem` would pay now (ignores limit, liquidity and pause).
    function previewRedeem(address stable, uint256 aidIn) external view returns (uint256 amountOut, uint256 fee);
    /// @notice Backing / AID supply, 1e18 = 100%. `type(uint256).max` when no AID exists.
    function collateralRatio() external view returns (uint256);
    /// @notice Liquid stablecoins (18-dec) + DealBook carrying value.
    function backing() external view returns (uint256);
    /// @notice Liquid buffer of `stable` in its own units, excluding what is set aside for claimable requests.
    function availableLiquidity(address stable) external view returns (uint256);
    /// @notice AID still mintable in this block and this UTC day.
    function mintCapacity() external view returns (uint256 perBlock, uint256 perDay);
    /// @notice AID still redeemable instantly this UTC day.
    function instantRedeemCapacity() external view returns (uint256);
    /// @notice A queued request (status `None` if it does not exist).
    function getRequest(uint256 requestId) external view returns (RedeemRequest memory);
    /// @notice Id of the first request `processQueue` looks at.
    function queueHead() external view returns (uint256);
    /// @notice Id the next request gets (ids start at 1).
    function nextRequestId() external view returns (uint256);
    /// @notice AID held for Pending and Claimable requests.
    function totalEscrowed() external view returns (uint256);
    /// @notice AID escrowed by Pending requests.
    function totalPending() external view returns (uint256);
    /// @notice AID escrowed by Claimable requests.
    function totalClaimable() external view returns (uint256);
    /// @notice Loss not absorbed by insurance and sAID (AID supply above backing by this much).
    function uncoveredLoss() external view returns (uint256);
    /// @notice Protocol fee (18-dec USD) accrued and not yet settled from income.
    function protocolFeeAccrued() external view returns (uint256);

    /// @notice Whitelists (or disables) `stable`, reading its decimals (≤ 18) and caching its USD `feed`'s decimals
    /// (≤ 18); `maxFeedAge` in `[MIN_FEED_AGE, MAX_FEED_AGE]`. Only admin. A disabled stable cannot be minted
    /// with or redeemed into (instantly or through a new request); existing requests are still processed and paid.
    function configureStable(address stable, bool enabled, address feed, uint32 maxFeedAge) external;
    /// @notice Pauses/unpauses minting. GUARDIAN or admin.
    function setMintPaused(bool paused) external;
    /// @notice Pauses/unpauses `redeem`, `requestRedeem` and `claim` (not `cancel`, not `processQueue`).
    /// GUARDIAN or admin.
    function setRedeemPaused(bool paused) external;

    // ---------------------------------------------------------------- admin setters (DEFAULT_ADMIN_ROLE)

    /// @notice Sets the mint caps in AID (fee included): `perBlock ≤ perDay ≤ MAX_CAP`. Emits `MintCapsSet`.
    function setMintCaps(uint256 perBlock, uint256 perDay) external;
    /// @notice Sets the instant-redeem limit in AID per UTC day (`≤ MAX_CAP`). Emits `MaxInstantRedeemPerDaySet`.
    function setMaxInstantRedeemPerDay(uint256 amount) external;
    /// @notice Sets every fee (bps; bounds `MAX_MINT_FEE_BPS`, `MAX_REDEEM_FEE_BPS`, `MAX_PERFORMANCE_FEE_BPS`,
    /// `MAX_PROTOCOL_FEE_BPS`). The protocol fee is accrued at the old rate first. Emits `FeesSet`.
    function setFees(uint256 mintFeeBps, uint256 redeemFeeBps, uint256 performanceFeeBps, uint256 protocolFeeBps)
        external;
    /// @notice Sets the queue delay (`≤ MAX_REDEEM_DELAY`). Applies to requests already queued. Emits
    /// `RedeemDelaySet`.
    function setRedeemDelay(uint256 redeemDelay) external;
    /// @notice Sets the depeg floor (1e18 = 1 USD; bounds `[MIN_STABLE_PRICE_FLOOR, 1e18]`). Emits
    /// `MinStablePriceSet`.
    function setMinStablePrice(uint256 minStablePrice) external;
    /// @notice Sets the fee recipient. Emits `TreasurySet`.
    function setTreasury(address treasury) external;
    /// @notice Sets the insurance fund and its cut of the performance fee (bps, `≤ 10_000`). Emits `InsuranceSet`.
    function setInsurance(address insuranceFund, uint256 insuranceCutBps) external;
    /// @notice Sets the recipient of net deal income. Emits `YieldDistributorSet`.
    function setYieldDistributor(address yieldDistributor) external;
    /// @notice Sets the sAID vault that absorbs losses after the insurance fund. Emits `StakedAIDSet`.
    function setStakedAid(address stakedAid) external;
    /// @notice Sets the deal book, once. Emits `DealBookSet`.
    function setDealBook(address dealBook) external;

    // ---------------------------------------------------------------- parameters and wiring

    function aid() external view returns (address);
    function treasury() external view returns (address);
    function dealBook() external view returns (address);
    function insuranceFund() external view returns (address);
    function yieldDistributor() external view returns (address);
    function stakedAid() external view returns (address);
    function getStableConfig(address stable) external view returns (StableConfig memory);
    function mintPaused() external view returns (bool);
    function redeemPaused() external view returns (bool);
    function mintFeeBps() external view returns (uint16);
    function redeemFeeBps() external view returns (uint16);
    function performanceFeeBps() external view returns (uint16);
    function protocolFeeBps() external view returns (uint16);
    function insuranceCutBps() external view returns (uint16);
    function redeemDelay() external view returns (uint32);
    function minStablePrice() external view returns (uint64);
    function maxMintPerBlock() external view returns (uint128);
    function maxMintPerDay() external view returns (uint128);
    function maxInstantRedeemPerDay() external view returns (uint256);
    /// @notice Stable held in the buffer (own units), including what is reserved for claimable requests.
    function liquidBalance(address stable) external view returns (uint256);
    /// @notice Stable set aside for claimable requests (own units).
    function reservedBalance(address stable) external view returns (uint256);
    /// @notice Σ `liquidBalance` normalised to 18 decimals.
    function totalLiquid18() external view returns (uint256);
    /// @notice Timestamp up to which the protocol fee has been accrued.
    function lastFeeAccrual() external view returns (uint256);
}
