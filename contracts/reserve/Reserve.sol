// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAID} from "../interfaces/IAID.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IDealBook} from "../interfaces/IDealBook.sol";
import {IReserve} from "../interfaces/IReserve.sol";
import {ReserveOperations} from "./ReserveOperations.sol";
import {ReserveStorage} from "./ReserveStorage.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title Reserve
/// @notice The AID minter, redemption desk and deal treasury (see `IReserve` and docs/DESIGN.md § Reserve).
/// @dev Accounting is internal: `liquidBalance[stable]` moves only through mint, redeem, claim, deal funding,
/// repayments and liquidation proceeds, so tokens sent directly to the Reserve (donations) change nothing.
/// Every money path rounds in favour of the protocol: fees round up, payouts round down.
///
/// Code layout: user entry points (mint, redeem, queue), pauses and views live here; the deal flows and admin
/// setters live in `ReserveOperations`, deployed by this constructor and run by `delegatecall` on the same storage
/// (`ReserveStorage`), because the whole contract would exceed the EIP-170 code-size limit. Callers see one contract:
/// same address, same `IReserve` ABI, same events, errors and roles.
///
/// Deployment: the constructor takes the admin, the AID token, the treasury and the three caps. The deal book,
/// insurance fund, yield distributor and sAID vault are wired afterwards through their admin setters (the deploy
/// script does it), and the Reserve needs `MINTER_ROLE` on AID, `RESERVE` on the deal book and insurance fund and
/// `LOSS_REPORTER` on sAID.
contract Reserve is IReserve, ReserveStorage {
    using SafeERC20 for IERC20;

    /// @notice The `ReserveOperations` code this Reserve delegates deal flows and admin setters to.
    address public immutable operations;

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
    ) ReserveStorage(admin, aid_) {
        if (treasury_ == address(0)) revert ZeroAddress();
        operations = address(new ReserveOperations(aid_));
        _treasury = treasury_;
        _redeemFeeBps = 10;
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
        if (_mintPaused) revert MintIsPaused();
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
        uint256 fee = _mulDivUp(normalised, _mintFeeBps, BPS);
        aidOut = normalised - fee;
        if (aidOut < minAidOut) revert Slippage(aidOut, minAidOut);

        _consumeMintCaps(normalised);
        Liquidity storage liq = _liquidity[stable];
        liq.liquid += _toUint128(received);
        _totalLiquid18 += normalised;

        emit Minted(msg.sender, receiver, stable, received, aidOut, fee);

        IAID(_aid).mint(receiver, aidOut);
        if (fee != 0) IAID(_aid).mint(_treasury, fee);
    }

    /// @inheritdoc IReserve
    function redeem(address stable, uint256 aidIn, uint256 minAmountOut, address receiver)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        if (_redeemPaused) revert RedeemIsPaused();
        if (aidIn == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        StableConfig memory cfg = _stables[stable];
        if (!cfg.enabled) revert StableNotEnabled(stable);

        uint256 scale = 10 ** (18 - cfg.decimals);
        uint256 fee = _mulDivUp(aidIn, _redeemFeeBps, BPS);
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
        _totalLiquid18 -= amountOut * scale;

        emit Redeemed(msg.sender, receiver, stable, aidIn, amountOut, fee);

        if (fee != 0) IERC20(_aid).safeTransferFrom(msg.sender, _treasury, fee);
        IAID(_aid).burn(msg.sender, burned);
        IERC20(stable).safeTransfer(receiver, amountOut);
    }

    // ---------------------------------------------------------------- queue

    /// @inheritdoc IReserve
    function requestRedeem(address stable, uint256 aidAmount, address receiver)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        if (_redeemPaused) revert RedeemIsPaused();
        if (receiver == address(0)) revert ZeroAddress();
        StableConfig memory cfg = _stables[stable];
        if (!cfg.enabled) revert StableNotEnabled(stable);
        // A request must be worth at least one unit of the stable (or it could never pay anything).
        if (aidAmount / 10 ** (18 - cfg.decimals) == 0) revert ZeroAmount();
        if (aidAmount > MAX_REQUEST) revert ParameterOutOfBounds(aidAmount, 1, MAX_REQUEST);

        requestId = _nextRequestId;
        _nextRequestId = requestId + 1;
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

        IERC20(_aid).safeTransferFrom(msg.sender, address(this), aidAmount);
    }

    /// @inheritdoc IReserve
    /// @dev Walks at most `maxCount` requests from the head (cancelled ones count as steps, so gas stays bounded).
    function processQueue(uint256 maxCount) external nonReentrant returns (uint256 processed) {
        uint256 head = _queueHead;
        uint256 end = _nextRequestId;
        uint256 delay = _redeemDelay;
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
        _queueHead = head;
        if (movedAid != 0) {
            _totalPending -= uint128(movedAid);
            _totalClaimable += uint128(movedAid);
        }
    }

    /// @inheritdoc IReserve
    function claim(uint256 requestId) external nonReentrant returns (uint256 payout) {
        if (_redeemPaused) revert RedeemIsPaused();
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
        _totalLiquid18 -= payout * 10 ** (18 - _stables[stable].decimals);
        _totalClaimable -= uint128(aidAmount);

        emit RedeemClaimed(requestId, receiver, aidAmount, payout);

        IAID(_aid).burn(address(this), aidAmount);
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

        IERC20(_aid).safeTransfer(msg.sender, aidAmount);
    }

    // ---------------------------------------------------------------- deals

    // ---------------------------------------------------------------- guardian

    /// @inheritdoc IReserve
    function setMintPaused(bool paused) external {
        _checkGuardianOrAdmin();
        _mintPaused = paused;
        emit MintPaused(paused);
    }

    /// @inheritdoc IReserve
    function setRedeemPaused(bool paused) external {
        _checkGuardianOrAdmin();
        _redeemPaused = paused;
        emit RedeemPaused(paused);
    }

    // ---------------------------------------------------------------- admin

    // ---------------------------------------------------------------- views

    /// @inheritdoc IReserve
    function previewMint(address stable, uint256 amountIn) external view returns (uint256 aidOut, uint256 fee) {
        StableConfig memory cfg = _stables[stable];
        if (cfg.feed == address(0)) revert StableNotEnabled(stable);
        uint256 normalised = amountIn * 10 ** (18 - cfg.decimals);
        fee = _mulDivUp(normalised, _mintFeeBps, BPS);
        aidOut = normalised - fee;
    }

    /// @inheritdoc IReserve
    function previewRedeem(address stable, uint256 aidIn) external view returns (uint256 amountOut, uint256 fee) {
        StableConfig memory cfg = _stables[stable];
        if (cfg.feed == address(0)) revert StableNotEnabled(stable);
        fee = _mulDivUp(aidIn, _redeemFeeBps, BPS);
        amountOut = (aidIn - fee) / 10 ** (18 - cfg.decimals);
    }

    /// @inheritdoc IReserve
    function collateralRatio() external view returns (uint256) {
        uint256 supply = IERC20(_aid).totalSupply();
        if (supply == 0) return type(uint256).max;
        return backing() * 1e18 / supply;
    }

    /// @inheritdoc IReserve
    function backing() public view returns (uint256) {
        address book = _dealBook;
        return _totalLiquid18 + (book == address(0) ? 0 : IDealBook(book).totalCarryingValue());
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
        perBlock = _remaining(_mintBlock, block.number, _maxMintPerBlock);
        perDay = _remaining(_mintDay, block.timestamp / 1 days, _maxMintPerDay);
    }

    /// @inheritdoc IReserve
    function instantRedeemCapacity() external view returns (uint256) {
        return _remaining(_redeemDay, block.timestamp / 1 days, _maxInstantRedeemPerDay);
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

    // ---------------------------------------------------------------- deals and admin (ReserveOperations)

    /// @inheritdoc IReserve
    function fundDeal(uint256, address, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function recordRepayment(uint256, address, uint256, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function writeDownDeal(uint256, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function recordLiquidation(uint256, address, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function configureStable(address, bool, address, uint32) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setMintCaps(uint256, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setMaxInstantRedeemPerDay(uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setFees(uint256, uint256, uint256, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setRedeemDelay(uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setMinStablePrice(uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setTreasury(address) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setInsurance(address, uint256) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setYieldDistributor(address) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setStakedAid(address) external {
        _delegate();
    }

    /// @inheritdoc IReserve
    function setDealBook(address) external {
        _delegate();
    }

    // ---------------------------------------------------------------- parameter getters

    /// @inheritdoc IReserve
    function aid() external view returns (address) {
        return _aid;
    }

    /// @inheritdoc IReserve
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IReserve
    function dealBook() external view returns (address) {
        return _dealBook;
    }

    /// @inheritdoc IReserve
    function insuranceFund() external view returns (address) {
        return _insuranceFund;
    }

    /// @inheritdoc IReserve
    function yieldDistributor() external view returns (address) {
        return _yieldDistributor;
    }

    /// @inheritdoc IReserve
    function stakedAid() external view returns (address) {
        return _stakedAid;
    }

    /// @inheritdoc IReserve
    function mintPaused() external view returns (bool) {
        return _mintPaused;
    }

    /// @inheritdoc IReserve
    function redeemPaused() external view returns (bool) {
        return _redeemPaused;
    }

    /// @inheritdoc IReserve
    function mintFeeBps() external view returns (uint16) {
        return _mintFeeBps;
    }

    /// @inheritdoc IReserve
    function redeemFeeBps() external view returns (uint16) {
        return _redeemFeeBps;
    }

    /// @inheritdoc IReserve
    function performanceFeeBps() external view returns (uint16) {
        return _performanceFeeBps;
    }

    /// @inheritdoc IReserve
    function protocolFeeBps() external view returns (uint16) {
        return _protocolFeeBps;
    }

    /// @inheritdoc IReserve
    function insuranceCutBps() external view returns (uint16) {
        return _insuranceCutBps;
    }

    /// @inheritdoc IReserve
    function redeemDelay() external view returns (uint32) {
        return _redeemDelay;
    }

    /// @inheritdoc IReserve
    function minStablePrice() external view returns (uint64) {
        return _minStablePrice;
    }

    /// @inheritdoc IReserve
    function maxMintPerBlock() external view returns (uint128) {
        return _maxMintPerBlock;
    }

    /// @inheritdoc IReserve
    function maxMintPerDay() external view returns (uint128) {
        return _maxMintPerDay;
    }

    /// @inheritdoc IReserve
    function maxInstantRedeemPerDay() external view returns (uint256) {
        return _maxInstantRedeemPerDay;
    }

    /// @inheritdoc IReserve
    function totalLiquid18() external view returns (uint256) {
        return _totalLiquid18;
    }

    /// @inheritdoc IReserve
    function queueHead() external view returns (uint256) {
        return _queueHead;
    }

    /// @inheritdoc IReserve
    function nextRequestId() external view returns (uint256) {
        return _nextRequestId;
    }

    /// @inheritdoc IReserve
    function uncoveredLoss() external view returns (uint256) {
        return _uncoveredLoss;
    }

    /// @inheritdoc IReserve
    function protocolFeeAccrued() external view returns (uint256) {
        return _protocolFeeAccrued;
    }

    /// @inheritdoc IReserve
    function lastFeeAccrual() external view returns (uint256) {
        return _lastFeeAccrual;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Depeg guard: the stable's feed must be fresh and at or above `minStablePrice`.
    function _checkPeg(address stable, StableConfig memory cfg) internal view {
        (, int256 answer,, uint256 updatedAt,) = IAggregatorV3(cfg.feed).latestRoundData();
        if (answer < 1) revert StableDepegged(stable, 0, _minStablePrice);
        // A timestamp in the future is treated as age 0 (never as stale-by-underflow).
        if (updatedAt < block.timestamp && block.timestamp - updatedAt > cfg.maxFeedAge) {
            revert StaleStableFeed(stable, updatedAt, cfg.maxFeedAge);
        }
        uint256 price = uint256(answer) * 10 ** (18 - cfg.feedDecimals);
        uint256 floor = _minStablePrice;
        if (price < floor) revert StableDepegged(stable, price, floor);
    }

    function _consumeMintCaps(uint256 amount) internal {
        _consume(_mintBlock, block.number, _maxMintPerBlock, amount, true);
        _consume(_mintDay, block.timestamp / 1 days, _maxMintPerDay, amount, true);
    }

    function _consumeInstantRedeem(uint256 amount) internal {
        _consume(_redeemDay, block.timestamp / 1 days, _maxInstantRedeemPerDay, amount, false);
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

    function _checkGuardianOrAdmin() internal view {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
    }

    /// @dev Runs the current call's calldata on `operations` in this contract's context and returns or reverts with
    /// its result unchanged (roles, `nonReentrant`, events and errors all act on the Reserve).
    function _delegate() internal {
        address target = operations;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
