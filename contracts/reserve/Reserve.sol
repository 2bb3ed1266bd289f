// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IAID} from "../interfaces/IAID.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IDealBook} from "../interfaces/IDealBook.sol";
import {IInsuranceFund} from "../interfaces/IInsuranceFund.sol";
import {IReserve} from "../interfaces/IReserve.sol";
import {IStakedAID} from "../interfaces/IStakedAID.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Reserve
/// @notice The AID minter, redemption desk and deal treasury (see `IReserve` and docs/DESIGN.md § Reserve).
/// @dev Accounting is internal: `liquidBalance[stable]` moves only through mint, redeem, claim, deal funding,
/// repayments and liquidation proceeds, so tokens sent directly to the Reserve (donations) change nothing.
/// Every money path rounds in favour of the protocol: fees round up, payouts round down.
///
/// Deployment: the constructor takes the admin, the AID token, the treasury and the three caps. The deal book,
/// insurance fund, yield distributor and sAID vault are wired afterwards through their admin setters (the deploy
/// script does it), and the Reserve needs `MINTER_ROLE` on AID, `RESERVE` on the deal book and insurance fund and
/// `LOSS_REPORTER` on sAID.
// solhint-disable-next-line max-states-count
contract Reserve is IReserve, RoleManaged, ReentrancyGuardTransient {
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

    /// @dev A queued request packed into three slots (the `RedeemRequest` view struct is its unpacked form).
    struct Request {
        address owner;
        uint64 requestedAt;
        RequestStatus status;
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

    /// @inheritdoc IReserve
    address public immutable aid;

    // Slot: treasury + pause flags + fees + delay packed together (read on every mint/redeem).
    /// @inheritdoc IReserve
    address public treasury;
    /// @inheritdoc IReserve
    bool public mintPaused;
    /// @inheritdoc IReserve
    bool public redeemPaused;
    /// @inheritdoc IReserve
    uint16 public mintFeeBps;
    /// @inheritdoc IReserve
    uint16 public redeemFeeBps;
    /// @inheritdoc IReserve
    uint16 public performanceFeeBps = 1500;
    /// @inheritdoc IReserve
    uint16 public protocolFeeBps = 25;
    /// @inheritdoc IReserve
    uint16 public insuranceCutBps;

    // Slot: depeg floor + queue delay.
    /// @inheritdoc IReserve
    uint64 public minStablePrice = 0.99e18;
    /// @inheritdoc IReserve
    uint32 public redeemDelay = 7 days;

    /// @inheritdoc IReserve
    uint128 public maxMintPerBlock;
    /// @inheritdoc IReserve
    uint128 public maxMintPerDay;
    /// @inheritdoc IReserve
    uint256 public maxInstantRedeemPerDay;

    Window internal _mintBlock;
    Window internal _mintDay;
    Window internal _redeemDay;

    /// @inheritdoc IReserve
    address public dealBook;
    /// @inheritdoc IReserve
    address public insuranceFund;
    /// @inheritdoc IReserve
    address public yieldDistributor;
    /// @inheritdoc IReserve
    address public stakedAid;

    mapping(address stable => StableConfig) internal _stables;
    mapping(address stable => Liquidity) internal _liquidity;
    /// @inheritdoc IReserve
    uint256 public totalLiquid18;

    mapping(uint256 requestId => Request) internal _requests;
    /// @inheritdoc IReserve
    uint256 public queueHead = 1;
    /// @inheritdoc IReserve
    uint256 public nextRequestId = 1;
    /// @dev AID escrowed by Pending / Claimable requests; `totalEscrowed` is their sum by construction.
    uint128 internal _totalPending;
    uint128 internal _totalClaimable;

    /// @inheritdoc IReserve
    uint256 public uncoveredLoss;
    /// @inheritdoc IReserve
    uint256 public protocolFeeAccrued;
    /// @inheritdoc IReserve
    uint256 public lastFeeAccrual;

    // ---------------------------------------------------------------- construction

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE` (a timelock in production).
    /// @param aid_ The AID token (the Reserve must be granted its `MINTER_ROLE`).
    /// @param treasury_ Recipient of mint/redeem fees, the performance fee (minus the insurance cut) and the
    /// protocol fee.
    /// @param maxMintPerBlock_ AID (fee included) mintable per block.
    /// @param maxMintPerDay_ AID (fee included) mintable per UTC day; `maxMintPerBlock_ ≤ maxMintPerDay_ ≤ MAX_CAP`.
    /// @param maxInstantRedeemPerDay_ AID redeemable instantly per UTC day (`≤ MAX_CAP`).
    constructor(
        address admin,
        address aid_,
        address treasury_,
        uint256 maxMintPerBlock_,
        uint256 maxMintPerDay_,
        uint256 maxInstantRedeemPerDay_
    ) RoleManaged(ADMIN_TRANSFER_DELAY, admin) {
        if (aid_ == address(0) || treasury_ == address(0)) revert ZeroAddress();
        aid = aid_;
        treasury = treasury_;
        redeemFeeBps = 10;
        lastFeeAccrual = block.timestamp;
        _setMintCaps(maxMintPerBlock_, maxMintPerDay_);
        _setMaxInstantRedeemPerDay(maxInstantRedeemPerDay_);
        emit TreasurySet(treasury_);
        emit FeesSet(0, 10, 1500, 25);
        emit RedeemDelaySet(7 days);
        emit MinStablePriceSet(0.99e18);
    }

    // ---------------------------------------------------------------- mint / redeem

    /// @inheritdoc IReserve
    function mint(address stable, uint256 amountIn, uint256 minAidOut, address receiver)
        external
        nonReentrant
        returns (uint256 aidOut)
    {
        if (mintPaused) revert MintIsPaused();
        if (amountIn == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        StableConfig memory cfg = _stables[stable];
        if (!cfg.enabled) revert StableNotEnabled(stable);
        _checkPeg(stable, cfg);

        // Pull first: the credit is what actually arrived (fee-on-transfer tokens deliver less than asked).
        uint256 received = _pull(stable, msg.sender, amountIn);
        if (received == 0) revert NotReceived(amountIn, 0);
        uint256 scale = 10 ** (18 - cfg.decimals);
        uint256 normalised = received * scale;
        uint256 fee = Math.mulDiv(normalised, mintFeeBps, BPS, Math.Rounding.Ceil);
        aidOut = normalised - fee;
        if (aidOut < minAidOut) revert Slippage(aidOut, minAidOut);

        _consumeMintCaps(normalised);
        Liquidity storage liq = _liquidity[stable];
        liq.liquid += _toUint128(received);
        totalLiquid18 += normalised;

        emit Minted(msg.sender, receiver, stable, received, aidOut, fee);

        IAID(aid).mint(receiver, aidOut);
        if (fee != 0) IAID(aid).mint(treasury, fee);
    }

    /// @inheritdoc IReserve
    function redeem(address stable, uint256 aidIn, uint256 minAmountOut, address receiver)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        if (redeemPaused) revert RedeemIsPaused();
        if (aidIn == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        StableConfig memory cfg = _stables[stable];
        if (!cfg.enabled) revert StableNotEnabled(stable);

        uint256 scale = 10 ** (18 - cfg.decimals);
        uint256 fee = Math.mulDiv(aidIn, redeemFeeBps, BPS, Math.Rounding.Ceil);
        uint256 burned = aidIn - fee;
        // Round down: the sub-unit dust of `burned` is burned without payout (it stays in backing).
        amountOut = burned / scale;
        if (amountOut == 0) revert ZeroAmount();
        if (amountOut < minAmountOut) revert Slippage(amountOut, minAmountOut);

        _consumeInstantRedeem(aidIn);
        Liquidity storage liq = _liquidity[stable];
        uint256 available = liq.liquid - liq.reserved;
        if (amountOut > available) revert InsufficientLiquidity(stable, amountOut, available);
        liq.liquid -= uint128(amountOut);
        totalLiquid18 -= amountOut * scale;

        emit Redeemed(msg.sender, receiver, stable, aidIn, amountOut, fee);

        if (fee != 0) IERC20(aid).safeTransferFrom(msg.sender, treasury, fee);
        IAID(aid).burn(msg.sender, burned);
        IERC20(stable).safeTransfer(receiver, amountOut);
    }

    // ---------------------------------------------------------------- queue

    /// @inheritdoc IReserve
    function requestRedeem(address stable, uint256 aidAmount, address receiver)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        if (redeemPaused) revert RedeemIsPaused();
        if (receiver == address(0)) revert ZeroAddress();
        StableConfig memory cfg = _stables[stable];
        if (!cfg.enabled) revert StableNotEnabled(stable);
        // A request must be worth at least one unit of the stable (or it could never pay anything).
        if (aidAmount / 10 ** (18 - cfg.decimals) == 0) revert ZeroAmount();
        if (aidAmount > MAX_REQUEST) revert ParameterOutOfBounds(aidAmount, 1, MAX_REQUEST);

        requestId = nextRequestId;
        nextRequestId = requestId + 1;
        _requests[requestId] = Request({
            owner: msg.sender,
            requestedAt: uint64(block.timestamp),
            status: RequestStatus.Pending,
            receiver: receiver,
            aidAmount: uint96(aidAmount),
            stable: stable,
            payout: 0
        });
        _totalPending += uint128(aidAmount);

        emit RedeemRequested(requestId, msg.sender, receiver, stable, aidAmount);

        IERC20(aid).safeTransferFrom(msg.sender, address(this), aidAmount);
    }

    /// @inheritdoc IReserve
    /// @dev Walks at most `maxCount` requests from the head (cancelled ones count as steps, so gas stays bounded).
    function processQueue(uint256 maxCount) external nonReentrant returns (uint256 processed) {
        uint256 head = queueHead;
        uint256 end = nextRequestId;
        uint256 delay = redeemDelay;
        uint256 steps;
        uint256 movedAid;
        for (; steps < maxCount && head < end; ++steps) {
            Request storage r = _requests[head];
            RequestStatus status = r.status;
            if (status == RequestStatus.Cancelled) {
                ++head;
                continue;
            }
            // FIFO: stop at the first request that is too young or cannot be paid; nobody overtakes it.
            if (block.timestamp < uint256(r.requestedAt) + delay) break;
            address stable = r.stable;
            uint256 aidAmount = r.aidAmount;
            uint256 payout = aidAmount / 10 ** (18 - _stables[stable].decimals);
            Liquidity storage liq = _liquidity[stable];
            if (payout > liq.liquid - liq.reserved) break;

            liq.reserved += uint128(payout);
            r.payout = uint96(payout);
            r.status = RequestStatus.Claimable;
            movedAid += aidAmount;
            ++processed;
            ++head;
            emit RedeemProcessed(head - 1, payout);
        }
        queueHead = head;
        if (movedAid != 0) {
            _totalPending -= uint128(movedAid);
            _totalClaimable += uint128(movedAid);
        }
    }

    /// @inheritdoc IReserve
    function claim(uint256 requestId) external nonReentrant returns (uint256 payout) {
        if (redeemPaused) revert RedeemIsPaused();
        Request storage r = _requests[requestId];
        RequestStatus status = r.status;
        if (status == RequestStatus.None) revert RequestNotFound(requestId);
        if (status != RequestStatus.Claimable) revert InvalidRequestStatus(requestId, status);

        address stable = r.stable;
        address receiver = r.receiver;
        uint256 aidAmount = r.aidAmount;
        payout = r.payout;
        r.status = RequestStatus.Claimed;
        Liquidity storage liq = _liquidity[stable];
        liq.reserved -= uint128(payout);
        liq.liquid -= uint128(payout);
        totalLiquid18 -= payout * 10 ** (18 - _stables[stable].decimals);
        _totalClaimable -= uint128(aidAmount);

        emit RedeemClaimed(requestId, receiver, aidAmount, payout);

        IAID(aid).burn(address(this), aidAmount);
        IERC20(stable).safeTransfer(receiver, payout);
    }

    /// @inheritdoc IReserve
    function cancel(uint256 requestId) external nonReentrant {
        Request storage r = _requests[requestId];
        RequestStatus status = r.status;
        if (status == RequestStatus.None) revert RequestNotFound(requestId);
        if (r.owner != msg.sender) revert NotRequestOwner(requestId, msg.sender);
        if (status != RequestStatus.Pending) revert InvalidRequestStatus(requestId, status);

        uint256 aidAmount = r.aidAmount;
        r.status = RequestStatus.Cancelled;
        _totalPending -= uint128(aidAmount);

        emit RedeemCancelled(requestId, msg.sender, aidAmount);

        IERC20(aid).safeTransfer(msg.sender, aidAmount);
    }

    // ---------------------------------------------------------------- deals

    /// @inheritdoc IReserve
    function fundDeal(uint256 dealId, address stable, uint256 amount) external onlyRole(ALLOCATOR_ROLE) nonReentrant {
        IDealBook book = _book();
        if (amount == 0) revert ZeroAmount();
        uint256 scale = _configuredScale(stable);
        Liquidity storage liq = _liquidity[stable];
        uint256 available = liq.liquid - liq.reserved;
        if (amount > available) revert InsufficientLiquidity(stable, amount, available);
        address payoutWallet = book.getDeal(dealId).terms.payoutWallet;

        _accrueProtocolFee(book);
        uint256 amount18 = amount * scale;
        liq.liquid -= uint128(amount);
        totalLiquid18 -= amount18;

        emit DealFunded(dealId, stable, amount, payoutWallet);

        // The deal book checks the status and the advance rate; it is trusted (admin-set, once).
        book.activate(dealId, amount18);
        IERC20(stable).safeTransfer(payoutWallet, amount);
    }

    /// @inheritdoc IReserve
    /// @dev `principal` and `income` are in units of `stable`; the deal book books them in 18 decimals.
    function recordRepayment(uint256 dealId, address stable, uint256 principal, uint256 income)
        external
        onlyRole(SERVICER_ROLE)
        nonReentrant
    {
        IDealBook book = _book();
        uint256 total = principal + income;
        if (total == 0) revert ZeroAmount();
        uint256 scale = _configuredScale(stable);
        uint256 income18 = income * scale;

        _accrueProtocolFee(book);
        (uint256 perf, uint256 protocol, uint256 net) = _splitIncome(income18);

        Liquidity storage liq = _liquidity[stable];
        liq.liquid += _toUint128(total);
        totalLiquid18 += total * scale;

        emit RepaymentReceived(dealId, stable, principal, income, perf, protocol, net);

        book.recordRepayment(dealId, principal * scale, income18);
        uint256 received = _pull(stable, msg.sender, total);
        if (received != total) revert NotReceived(total, received);
        uint256 insuranceCut = Math.mulDiv(perf, insuranceCutBps, BPS);
        _mintIfAny(insuranceFund, insuranceCut);
        _mintIfAny(treasury, perf - insuranceCut + protocol);
        _mintIfAny(yieldDistributor, net);
    }

    /// @inheritdoc IReserve
    function writeDownDeal(uint256 dealId, uint256 recoveryValue) external onlyRole(SERVICER_ROLE) nonReentrant {
        IDealBook book = _book();
        _accrueProtocolFee(book);
        uint256 loss = book.writeDown(dealId, recoveryValue);
        _absorbLoss(dealId, loss);
    }

    /// @inheritdoc IReserve
    /// @dev `proceeds` is in units of `stable` (0 when the collateral fetched nothing).
    function recordLiquidation(uint256 dealId, address stable, uint256 proceeds)
        external
        onlyRole(SERVICER_ROLE)
        nonReentrant
    {
        IDealBook book = _book();
        uint256 scale = _configuredScale(stable);
        uint256 proceeds18 = proceeds * scale;
        _accrueProtocolFee(book);

        Liquidity storage liq = _liquidity[stable];
        liq.liquid += _toUint128(proceeds);
        totalLiquid18 += proceeds18;

        uint256 carrying = book.closeLiquidated(dealId, proceeds18);
        emit LiquidationProceeds(dealId, stable, proceeds, carrying);
        if (proceeds != 0) {
            uint256 received = _pull(stable, msg.sender, proceeds);
            if (received != proceeds) revert NotReceived(proceeds, received);
        }

        if (proceeds18 < carrying) {
            _absorbLoss(dealId, carrying - proceeds18);
        } else if (proceeds18 > carrying) {
            // A surplus restores backing that an earlier uncovered loss took away.
            uint256 surplus = proceeds18 - carrying;
            uint256 uncovered = uncoveredLoss;
            uncoveredLoss = uncovered > surplus ? uncovered - surplus : 0;
        }
    }

    // ---------------------------------------------------------------- guardian

    /// @inheritdoc IReserve
    function setMintPaused(bool paused) external {
        _checkGuardianOrAdmin();
        mintPaused = paused;
        emit MintPaused(paused);
    }

    /// @inheritdoc IReserve
    function setRedeemPaused(bool paused) external {
        _checkGuardianOrAdmin();
        redeemPaused = paused;
        emit RedeemPaused(paused);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IReserve
    function configureStable(address stable, bool enabled, address feed, uint32 maxFeedAge)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (stable == address(0) || feed == address(0)) revert ZeroAddress();
        if (maxFeedAge < MIN_FEED_AGE || maxFeedAge > MAX_FEED_AGE) {
            revert ParameterOutOfBounds(maxFeedAge, MIN_FEED_AGE, MAX_FEED_AGE);
        }
        uint8 decimals = IERC20Metadata(stable).decimals();
        if (decimals > 18) revert ParameterOutOfBounds(decimals, 0, 18);
        uint8 feedDecimals = IAggregatorV3(feed).decimals();
        if (feedDecimals > 18) revert ParameterOutOfBounds(feedDecimals, 0, 18);
        _stables[stable] = StableConfig({
            enabled: enabled, decimals: decimals, feed: feed, maxFeedAge: maxFeedAge, feedDecimals: feedDecimals
        });
        emit StableConfigured(stable, enabled, feed, maxFeedAge);
    }

    /// @inheritdoc IReserve
    function setMintCaps(uint256 perBlock, uint256 perDay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMintCaps(perBlock, perDay);
    }

    /// @inheritdoc IReserve
    function setMaxInstantRedeemPerDay(uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxInstantRedeemPerDay(amount);
    }

    /// @inheritdoc IReserve
    function setFees(uint256 mintFeeBps_, uint256 redeemFeeBps_, uint256 performanceFeeBps_, uint256 protocolFeeBps_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (mintFeeBps_ > MAX_MINT_FEE_BPS) revert ParameterOutOfBounds(mintFeeBps_, 0, MAX_MINT_FEE_BPS);
        if (redeemFeeBps_ > MAX_REDEEM_FEE_BPS) revert ParameterOutOfBounds(redeemFeeBps_, 0, MAX_REDEEM_FEE_BPS);
        if (performanceFeeBps_ > MAX_PERFORMANCE_FEE_BPS) {
            revert ParameterOutOfBounds(performanceFeeBps_, 0, MAX_PERFORMANCE_FEE_BPS);
        }
        if (protocolFeeBps_ > MAX_PROTOCOL_FEE_BPS) {
            revert ParameterOutOfBounds(protocolFeeBps_, 0, MAX_PROTOCOL_FEE_BPS);
        }
        // What accrued so far accrued at the old rate.
        _accrueProtocolFee(IDealBook(dealBook));
        mintFeeBps = uint16(mintFeeBps_);
        redeemFeeBps = uint16(redeemFeeBps_);
        performanceFeeBps = uint16(performanceFeeBps_);
        protocolFeeBps = uint16(protocolFeeBps_);
        emit FeesSet(mintFeeBps_, redeemFeeBps_, performanceFeeBps_, protocolFeeBps_);
    }

    /// @inheritdoc IReserve
    function setRedeemDelay(uint256 redeemDelay_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (redeemDelay_ > MAX_REDEEM_DELAY) revert ParameterOutOfBounds(redeemDelay_, 0, MAX_REDEEM_DELAY);
        redeemDelay = uint32(redeemDelay_);
        emit RedeemDelaySet(redeemDelay_);
    }

    /// @inheritdoc IReserve
    function setMinStablePrice(uint256 minStablePrice_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (minStablePrice_ < MIN_STABLE_PRICE_FLOOR || minStablePrice_ > MAX_STABLE_PRICE_FLOOR) {
            revert ParameterOutOfBounds(minStablePrice_, MIN_STABLE_PRICE_FLOOR, MAX_STABLE_PRICE_FLOOR);
        }
        minStablePrice = uint64(minStablePrice_);
        emit MinStablePriceSet(minStablePrice_);
    }

    /// @inheritdoc IReserve
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    /// @inheritdoc IReserve
    function setInsurance(address insuranceFund_, uint256 insuranceCutBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (insuranceFund_ == address(0)) revert ZeroAddress();
        if (insuranceCutBps_ > MAX_INSURANCE_CUT_BPS) {
            revert ParameterOutOfBounds(insuranceCutBps_, 0, MAX_INSURANCE_CUT_BPS);
        }
        insuranceFund = insuranceFund_;
        insuranceCutBps = uint16(insuranceCutBps_);
        emit InsuranceSet(insuranceFund_, insuranceCutBps_);
    }

    /// @inheritdoc IReserve
    function setYieldDistributor(address yieldDistributor_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (yieldDistributor_ == address(0)) revert ZeroAddress();
        yieldDistributor = yieldDistributor_;
        emit YieldDistributorSet(yieldDistributor_);
    }

    /// @inheritdoc IReserve
    function setStakedAid(address stakedAid_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (stakedAid_ == address(0)) revert ZeroAddress();
        stakedAid = stakedAid_;
        emit StakedAIDSet(stakedAid_);
    }

    /// @inheritdoc IReserve
    function setDealBook(address dealBook_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (dealBook_ == address(0)) revert ZeroAddress();
        if (dealBook != address(0)) revert DealBookAlreadySet(dealBook);
        dealBook = dealBook_;
        // No principal was outstanding before: the protocol fee starts accruing now.
        lastFeeAccrual = block.timestamp;
        emit DealBookSet(dealBook_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IReserve
    function previewMint(address stable, uint256 amountIn) external view returns (uint256 aidOut, uint256 fee) {
        StableConfig memory cfg = _stables[stable];
        if (cfg.feed == address(0)) revert StableNotEnabled(stable);
        uint256 normalised = amountIn * 10 ** (18 - cfg.decimals);
        fee = Math.mulDiv(normalised, mintFeeBps, BPS, Math.Rounding.Ceil);
        aidOut = normalised - fee;
    }

    /// @inheritdoc IReserve
    function previewRedeem(address stable, uint256 aidIn) external view returns (uint256 amountOut, uint256 fee) {
        StableConfig memory cfg = _stables[stable];
        if (cfg.feed == address(0)) revert StableNotEnabled(stable);
        fee = Math.mulDiv(aidIn, redeemFeeBps, BPS, Math.Rounding.Ceil);
        amountOut = (aidIn - fee) / 10 ** (18 - cfg.decimals);
    }

    /// @inheritdoc IReserve
    function collateralRatio() external view returns (uint256) {
        uint256 supply = IERC20(aid).totalSupply();
        if (supply == 0) return type(uint256).max;
        return Math.mulDiv(backing(), 1e18, supply);
    }

    /// @inheritdoc IReserve
    function backing() public view returns (uint256) {
        address book = dealBook;
        return totalLiquid18 + (book == address(0) ? 0 : IDealBook(book).totalCarryingValue());
    }

    /// @inheritdoc IReserve
    function availableLiquidity(address stable) external view returns (uint256) {
        Liquidity memory liq = _liquidity[stable];
        return liq.liquid - liq.reserved;
    }

    /// @inheritdoc IReserve
    function liquidBalance(address stable) external view returns (uint256) {
        return _liquidity[stable].liquid;
    }

    /// @inheritdoc IReserve
    function reservedBalance(address stable) external view returns (uint256) {
        return _liquidity[stable].reserved;
    }

    /// @inheritdoc IReserve
    function mintCapacity() external view returns (uint256 perBlock, uint256 perDay) {
        perBlock = _remaining(_mintBlock, block.number, maxMintPerBlock);
        perDay = _remaining(_mintDay, block.timestamp / 1 days, maxMintPerDay);
    }

    /// @inheritdoc IReserve
    function instantRedeemCapacity() external view returns (uint256) {
        return _remaining(_redeemDay, block.timestamp / 1 days, maxInstantRedeemPerDay);
    }

    /// @inheritdoc IReserve
    function getRequest(uint256 requestId) external view returns (RedeemRequest memory) {
        Request memory r = _requests[requestId];
        return RedeemRequest({
            owner: r.owner,
            receiver: r.receiver,
            stable: r.stable,
            requestedAt: r.requestedAt,
            aidAmount: r.aidAmount,
            payout: r.payout,
            status: r.status
        });
    }

    /// @inheritdoc IReserve
    function totalEscrowed() external view returns (uint256) {
        return uint256(_totalPending) + _totalClaimable;
    }

    /// @inheritdoc IReserve
    function totalPending() external view returns (uint256) {
        return _totalPending;
    }

    /// @inheritdoc IReserve
    function totalClaimable() external view returns (uint256) {
        return _totalClaimable;
    }

    /// @inheritdoc IReserve
    function getStableConfig(address stable) external view returns (StableConfig memory) {
        return _stables[stable];
    }

    // ---------------------------------------------------------------- internals

    /// @dev Depeg guard: the stable's feed must be fresh and at or above `minStablePrice`.
    function _checkPeg(address stable, StableConfig memory cfg) internal view {
        (, int256 answer,, uint256 updatedAt,) = IAggregatorV3(cfg.feed).latestRoundData();
        if (answer < 1) revert StableDepegged(stable, 0, minStablePrice);
        // A timestamp in the future is treated as age 0 (never as stale-by-underflow).
        if (updatedAt < block.timestamp && block.timestamp - updatedAt > cfg.maxFeedAge) {
            revert StaleStableFeed(stable, updatedAt, cfg.maxFeedAge);
        }
        uint256 price = uint256(answer) * 10 ** (18 - cfg.feedDecimals);
        uint256 floor = minStablePrice;
        if (price < floor) revert StableDepegged(stable, price, floor);
    }

    /// @dev Transfers `amount` in and returns what actually arrived.
    function _pull(address token, address from, uint256 amount) internal returns (uint256 received) {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(from, address(this), amount);
        received = IERC20(token).balanceOf(address(this)) - before;
    }

    function _consumeMintCaps(uint256 amount) internal {
        _consume(_mintBlock, block.number, maxMintPerBlock, amount, true);
        _consume(_mintDay, block.timestamp / 1 days, maxMintPerDay, amount, true);
    }

    function _consumeInstantRedeem(uint256 amount) internal {
        _consume(_redeemDay, block.timestamp / 1 days, maxInstantRedeemPerDay, amount, false);
    }

    /// @dev Adds `amount` to the window `id` (resetting it when a new window starts); reverts above `cap`.
    function _consume(Window storage w, uint256 id, uint256 cap, uint256 amount, bool isMint) internal {
        Window memory cur = w;
        uint256 used = cur.id == id ? cur.used : 0;
        uint256 remaining = cap > used ? cap - used : 0;
        if (amount > remaining) {
            if (isMint) revert MintCapExceeded(amount, remaining);
            revert InstantRedeemLimitExceeded(amount, remaining);
        }
        // Caps are ≤ MAX_CAP < 2^192, so `used + amount` fits.
        w.id = uint64(id);
        w.used = uint192(used + amount);
    }

    function _remaining(Window storage w, uint256 id, uint256 cap) internal view returns (uint256) {
        uint256 used = w.id == id ? w.used : 0;
        return cap > used ? cap - used : 0;
    }

    /// @dev Accrues the protocol fee on the outstanding principal since the last accrual (rounded up: it is owed
    /// to the protocol). Called before every change of outstanding principal and of the fee rate.
    function _accrueProtocolFee(IDealBook book) internal {
        uint256 last = lastFeeAccrual;
        if (last == block.timestamp) return;
        lastFeeAccrual = block.timestamp;
        if (address(book) == address(0)) return;
        uint256 outstanding = book.totalOutstandingPrincipal();
        if (outstanding == 0) return;
        uint256 fee =
            Math.mulDiv(outstanding * protocolFeeBps, block.timestamp - last, BPS * 365 days, Math.Rounding.Ceil);
        if (fee == 0) return;
        uint256 total = protocolFeeAccrued + fee;
        protocolFeeAccrued = total;
        emit ProtocolFeeAccrued(fee, total);
    }

    /// @dev Splits `income18` into the performance fee (rounded up), the protocol fee settled from what accrued
    /// (never more than what is left of the income) and the net yield; consumes the settled protocol fee.
    function _splitIncome(uint256 income18) internal returns (uint256 perf, uint256 protocol, uint256 net) {
        perf = Math.mulDiv(income18, performanceFeeBps, BPS, Math.Rounding.Ceil);
        uint256 accrued = protocolFeeAccrued;
        protocol = Math.min(accrued, income18 - perf);
        net = income18 - perf - protocol;
        if (protocol != 0) protocolFeeAccrued = accrued - protocol;
    }

    /// @dev Loss waterfall: insurance fund, then sAID holders; the AID received from both is burned (it was
    /// backing the lost principal); the rest is recorded as `uncoveredLoss`. Amounts are measured by AID balance
    /// delta, so escrowed queue AID is never touched.
    function _absorbLoss(uint256 dealId, uint256 loss) internal {
        IERC20 token = IERC20(aid);
        uint256 startBalance = token.balanceOf(address(this));
        uint256 covered;
        uint256 staked;
        if (loss != 0) {
            address fund = insuranceFund;
            if (fund != address(0)) {
                IInsuranceFund(fund).cover(loss);
                covered = Math.min(token.balanceOf(address(this)) - startBalance, loss);
            }
            address vault = stakedAid;
            if (covered < loss && vault != address(0)) {
                uint256 toStakers = Math.min(loss - covered, IStakedAID(vault).totalAssets());
                if (toStakers != 0) {
                    uint256 beforeVault = token.balanceOf(address(this));
                    IStakedAID(vault).reportLoss(toStakers);
                    staked = Math.min(token.balanceOf(address(this)) - beforeVault, toStakers);
                }
            }
        }
        uint256 uncovered = loss - covered - staked;
        uncoveredLoss += uncovered;
        emit LossAbsorbed(dealId, loss, covered, staked, uncovered);
        uint256 received = token.balanceOf(address(this)) - startBalance;
        if (received != 0) IAID(aid).burn(address(this), received);
    }

    /// @dev Mints `amount` to a wired module; reverts `ModuleNotSet` if it is not wired (income would be lost).
    function _mintIfAny(address to, uint256 amount) internal {
        if (amount == 0) return;
        if (to == address(0)) revert ModuleNotSet();
        IAID(aid).mint(to, amount);
    }

    function _book() internal view returns (IDealBook book) {
        book = IDealBook(dealBook);
        if (address(book) == address(0)) revert ModuleNotSet();
    }

    /// @dev 10^(18 − decimals) of a configured stable (enabled or not: deal flows may use a disabled one).
    function _configuredScale(address stable) internal view returns (uint256) {
        StableConfig memory cfg = _stables[stable];
        if (cfg.feed == address(0)) revert StableNotEnabled(stable);
        return 10 ** (18 - cfg.decimals);
    }

    function _checkGuardianOrAdmin() internal view {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
    }

    function _setMintCaps(uint256 perBlock, uint256 perDay) internal {
        if (perDay > MAX_CAP) revert ParameterOutOfBounds(perDay, 0, MAX_CAP);
        if (perBlock > perDay) revert ParameterOutOfBounds(perBlock, 0, perDay);
        maxMintPerBlock = uint128(perBlock);
        maxMintPerDay = uint128(perDay);
        emit MintCapsSet(perBlock, perDay);
    }

    function _setMaxInstantRedeemPerDay(uint256 amount) internal {
        if (amount > MAX_CAP) revert ParameterOutOfBounds(amount, 0, MAX_CAP);
        maxInstantRedeemPerDay = amount;
        emit MaxInstantRedeemPerDaySet(amount);
    }

    function _toUint128(uint256 x) internal pure returns (uint128) {
        if (x > type(uint128).max) revert ParameterOutOfBounds(x, 0, type(uint128).max);
        return uint128(x);
    }
}
