// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAID} from "../interfaces/IAID.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IDealBook} from "../interfaces/IDealBook.sol";
import {IInsuranceFund} from "../interfaces/IInsuranceFund.sol";
import {IReserve} from "../interfaces/IReserve.sol";
import {IStakedAID} from "../interfaces/IStakedAID.sol";
import {ReserveStorage} from "./ReserveStorage.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title ReserveOperations
/// @notice Deal flows (fund, repayment, write-down, liquidation) and admin setters of the Reserve. Deployed by the
/// Reserve's constructor and only ever run through the Reserve's `delegatecall`: every function here reads and writes
/// the Reserve's storage, checks the Reserve's roles and emits the Reserve's `IReserve` events. Called directly, it
/// acts on its own empty storage where nobody holds a role, so every function reverts.
contract ReserveOperations is ReserveStorage {
    using SafeERC20 for IERC20;

    /// @param aid_ The AID token (immutables are not shared through `delegatecall`).
    constructor(address aid_) ReserveStorage(msg.sender, aid_) {}

    /// @notice `IReserve.fundDeal`, run in the Reserve's storage context (delegatecall).
    function fundDeal(uint256 dealId, address stable, uint256 amount) external onlyRole(ALLOCATOR_ROLE) nonReentrant {
        IDealBook book = _book();
        if (amount == 0) revert IReserve.ZeroAmount();
        uint256 scale = _configuredScale(stable);
        Liquidity storage liq = _liquidity[stable];
        uint256 available = liq.liquid - liq.reserved;
        if (amount > available) revert IReserve.InsufficientLiquidity(stable, amount, available);
        address payoutWallet = _payoutWallet(book, dealId);

        _accrueProtocolFee(book);
        uint256 amount18 = amount * scale;
        liq.liquid -= uint128(amount);
        _totalLiquid18 -= amount18;

        emit IReserve.DealFunded(dealId, stable, amount, payoutWallet);

        // The deal book checks the status and the advance rate; it is trusted (admin-set, once).
        book.activate(dealId, amount18);
        IERC20(stable).safeTransfer(payoutWallet, amount);
    }

    /// @notice `IReserve.recordRepayment`, run in the Reserve's storage context (delegatecall).
    /// @dev `principal` and `income` are in units of `stable`; the deal book books them in 18 decimals.
    function recordRepayment(uint256 dealId, address stable, uint256 principal, uint256 income)
        external
        onlyRole(SERVICER_ROLE)
        nonReentrant
    {
        IDealBook book = _book();
        uint256 total = principal + income;
        if (total == 0) revert IReserve.ZeroAmount();
        uint256 scale = _configuredScale(stable);
        uint256 income18 = income * scale;

        _accrueProtocolFee(book);
        (uint256 perf, uint256 protocol, uint256 net) = _splitIncome(income18);

        Liquidity storage liq = _liquidity[stable];
        liq.liquid += _toUint128(total);
        _totalLiquid18 += total * scale;

        emit IReserve.RepaymentReceived(dealId, stable, principal, income, perf, protocol, net);

        book.recordRepayment(dealId, principal * scale, income18);
        uint256 received = _pull(stable, msg.sender, total);
        if (received != total) revert IReserve.NotReceived(total, received);
        uint256 insuranceCut = perf * _insuranceCutBps / BPS;
        _mintIfAny(_insuranceFund, insuranceCut);
        _mintIfAny(_treasury, perf - insuranceCut + protocol);
        _mintIfAny(_yieldDistributor, net);
    }

    /// @notice `IReserve.writeDownDeal`, run in the Reserve's storage context (delegatecall).
    function writeDownDeal(uint256 dealId, uint256 recoveryValue) external onlyRole(SERVICER_ROLE) nonReentrant {
        IDealBook book = _book();
        _accrueProtocolFee(book);
        uint256 loss = book.writeDown(dealId, recoveryValue);
        _absorbLoss(dealId, loss);
    }

    /// @notice `IReserve.recordLiquidation`, run in the Reserve's storage context (delegatecall).
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
        _totalLiquid18 += proceeds18;

        uint256 carrying = book.closeLiquidated(dealId, proceeds18);
        emit IReserve.LiquidationProceeds(dealId, stable, proceeds, carrying);
        if (proceeds != 0) {
            uint256 received = _pull(stable, msg.sender, proceeds);
            if (received != proceeds) revert IReserve.NotReceived(proceeds, received);
        }

        if (proceeds18 < carrying) {
            _absorbLoss(dealId, carrying - proceeds18);
        } else if (proceeds18 > carrying) {
            // A surplus restores backing that an earlier uncovered loss took away.
            uint256 surplus = proceeds18 - carrying;
            uint256 uncovered = _uncoveredLoss;
            _uncoveredLoss = uncovered > surplus ? uncovered - surplus : 0;
        }
    }

    /// @notice `IReserve.configureStable`, run in the Reserve's storage context (delegatecall).
    function configureStable(address stable, bool enabled, address feed, uint32 maxFeedAge)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (stable == address(0) || feed == address(0)) revert IReserve.ZeroAddress();
        if (maxFeedAge < MIN_FEED_AGE || maxFeedAge > MAX_FEED_AGE) {
            revert IReserve.ParameterOutOfBounds(maxFeedAge, MIN_FEED_AGE, MAX_FEED_AGE);
        }
        uint8 decimals = IERC20Metadata(stable).decimals();
        if (decimals > 18) revert IReserve.ParameterOutOfBounds(decimals, 0, 18);
        uint8 feedDecimals = IAggregatorV3(feed).decimals();
        if (feedDecimals > 18) revert IReserve.ParameterOutOfBounds(feedDecimals, 0, 18);
        _stables[stable] = IReserve.StableConfig({
            enabled: enabled, decimals: decimals, feed: feed, maxFeedAge: maxFeedAge, feedDecimals: feedDecimals
        });
        emit IReserve.StableConfigured(stable, enabled, feed, maxFeedAge);
    }

    /// @notice `IReserve.setMintCaps`, run in the Reserve's storage context (delegatecall).
    function setMintCaps(uint256 perBlock, uint256 perDay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMintCaps(perBlock, perDay);
    }

    /// @notice `IReserve.setMaxInstantRedeemPerDay`, run in the Reserve's storage context (delegatecall).
    function setMaxInstantRedeemPerDay(uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxInstantRedeemPerDay(amount);
    }

    /// @notice `IReserve.setFees`, run in the Reserve's storage context (delegatecall).
    function setFees(uint256 mintFeeBps_, uint256 redeemFeeBps_, uint256 performanceFeeBps_, uint256 protocolFeeBps_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (mintFeeBps_ > MAX_MINT_FEE_BPS) revert IReserve.ParameterOutOfBounds(mintFeeBps_, 0, MAX_MINT_FEE_BPS);
        if (redeemFeeBps_ > MAX_REDEEM_FEE_BPS) {
            revert IReserve.ParameterOutOfBounds(redeemFeeBps_, 0, MAX_REDEEM_FEE_BPS);
        }
        if (performanceFeeBps_ > MAX_PERFORMANCE_FEE_BPS) {
            revert IReserve.ParameterOutOfBounds(performanceFeeBps_, 0, MAX_PERFORMANCE_FEE_BPS);
        }
        if (protocolFeeBps_ > MAX_PROTOCOL_FEE_BPS) {
            revert IReserve.ParameterOutOfBounds(protocolFeeBps_, 0, MAX_PROTOCOL_FEE_BPS);
        }
        // What accrued so far accrued at the old rate.
        _accrueProtocolFee(IDealBook(_dealBook));
        _mintFeeBps = uint16(mintFeeBps_);
        _redeemFeeBps = uint16(redeemFeeBps_);
        _performanceFeeBps = uint16(performanceFeeBps_);
        _protocolFeeBps = uint16(protocolFeeBps_);
        emit IReserve.FeesSet(mintFeeBps_, redeemFeeBps_, performanceFeeBps_, protocolFeeBps_);
    }

    /// @notice `IReserve.setRedeemDelay`, run in the Reserve's storage context (delegatecall).
    function setRedeemDelay(uint256 redeemDelay_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (redeemDelay_ > MAX_REDEEM_DELAY) revert IReserve.ParameterOutOfBounds(redeemDelay_, 0, MAX_REDEEM_DELAY);
        _redeemDelay = uint32(redeemDelay_);
        emit IReserve.RedeemDelaySet(redeemDelay_);
    }

    /// @notice `IReserve.setMinStablePrice`, run in the Reserve's storage context (delegatecall).
    function setMinStablePrice(uint256 minStablePrice_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (minStablePrice_ < MIN_STABLE_PRICE_FLOOR || minStablePrice_ > MAX_STABLE_PRICE_FLOOR) {
            revert IReserve.ParameterOutOfBounds(minStablePrice_, MIN_STABLE_PRICE_FLOOR, MAX_STABLE_PRICE_FLOOR);
        }
        _minStablePrice = uint64(minStablePrice_);
        emit IReserve.MinStablePriceSet(minStablePrice_);
    }

    /// @notice `IReserve.setTreasury`, run in the Reserve's storage context (delegatecall).
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert IReserve.ZeroAddress();
        _treasury = treasury_;
        emit IReserve.TreasurySet(treasury_);
    }

    /// @notice `IReserve.setInsurance`, run in the Reserve's storage context (delegatecall).
    function setInsurance(address insuranceFund_, uint256 insuranceCutBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (insuranceFund_ == address(0)) revert IReserve.ZeroAddress();
        if (insuranceCutBps_ > MAX_INSURANCE_CUT_BPS) {
            revert IReserve.ParameterOutOfBounds(insuranceCutBps_, 0, MAX_INSURANCE_CUT_BPS);
        }
        _insuranceFund = insuranceFund_;
        _insuranceCutBps = uint16(insuranceCutBps_);
        emit IReserve.InsuranceSet(insuranceFund_, insuranceCutBps_);
    }

    /// @notice `IReserve.setYieldDistributor`, run in the Reserve's storage context (delegatecall).
    function setYieldDistributor(address yieldDistributor_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (yieldDistributor_ == address(0)) revert IReserve.ZeroAddress();
        _yieldDistributor = yieldDistributor_;
        emit IReserve.YieldDistributorSet(yieldDistributor_);
    }

    /// @notice `IReserve.setStakedAid`, run in the Reserve's storage context (delegatecall).
    function setStakedAid(address stakedAid_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (stakedAid_ == address(0)) revert IReserve.ZeroAddress();
        _stakedAid = stakedAid_;
        emit IReserve.StakedAIDSet(stakedAid_);
    }

    /// @notice `IReserve.setDealBook`, run in the Reserve's storage context (delegatecall).
    function setDealBook(address dealBook_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (dealBook_ == address(0)) revert IReserve.ZeroAddress();
        if (_dealBook != address(0)) revert IReserve.DealBookAlreadySet(_dealBook);
        _dealBook = dealBook_;
        // No principal was outstanding before: the protocol fee starts accruing now.
        _lastFeeAccrual = block.timestamp;
        emit IReserve.DealBookSet(dealBook_);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Accrues the protocol fee on the outstanding principal since the last accrual (rounded up: it is owed
    /// to the protocol). Called before every change of outstanding principal and of the fee rate.
    function _accrueProtocolFee(IDealBook book) internal {
        uint256 last = _lastFeeAccrual;
        if (last == block.timestamp) return;
        _lastFeeAccrual = block.timestamp;
        if (address(book) == address(0)) return;
        uint256 outstanding = book.totalOutstandingPrincipal();
        if (outstanding == 0) return;
        uint256 fee = _mulDivUp(outstanding * _protocolFeeBps, block.timestamp - last, BPS * 365 days);
        if (fee == 0) return;
        uint256 total = _protocolFeeAccrued + fee;
        _protocolFeeAccrued = total;
        emit IReserve.ProtocolFeeAccrued(fee, total);
    }

    /// @dev Splits `income18` into the performance fee (rounded up), the protocol fee settled from what accrued
    /// (never more than what is left of the income) and the net yield; consumes the settled protocol fee.
    function _splitIncome(uint256 income18) internal returns (uint256 perf, uint256 protocol, uint256 net) {
        perf = _mulDivUp(income18, _performanceFeeBps, BPS);
        uint256 accrued = _protocolFeeAccrued;
        protocol = _min(accrued, income18 - perf);
        net = income18 - perf - protocol;
        if (protocol != 0) _protocolFeeAccrued = accrued - protocol;
    }

    /// @dev Loss waterfall: insurance fund, then sAID holders; the AID received from both is burned (it was
    /// backing the lost principal); the rest is recorded as `uncoveredLoss`. Amounts are measured by AID balance
    /// delta, so escrowed queue AID is never touched.
    function _absorbLoss(uint256 dealId, uint256 loss) internal {
        IERC20 token = IERC20(_aid);
        uint256 startBalance = token.balanceOf(address(this));
        uint256 covered;
        uint256 staked;
        if (loss != 0) {
            address fund = _insuranceFund;
            if (fund != address(0)) {
                IInsuranceFund(fund).cover(loss);
                covered = _min(token.balanceOf(address(this)) - startBalance, loss);
            }
            address vault = _stakedAid;
            if (covered < loss && vault != address(0)) {
                // Unvested yield is stakers' money too: `reportLoss` cancels it first, so it counts in the cap.
                uint256 toStakers =
                    _min(loss - covered, IStakedAID(vault).totalAssets() + IStakedAID(vault).unvestedYield());
                if (toStakers != 0) {
                    uint256 beforeVault = token.balanceOf(address(this));
                    IStakedAID(vault).reportLoss(toStakers);
                    staked = _min(token.balanceOf(address(this)) - beforeVault, toStakers);
                }
            }
        }
        uint256 uncovered = loss - covered - staked;
        _uncoveredLoss += uncovered;
        emit IReserve.LossAbsorbed(dealId, loss, covered, staked, uncovered);
        uint256 received = token.balanceOf(address(this)) - startBalance;
        if (received != 0) IAID(_aid).burn(address(this), received);
    }

    /// @dev Mints `amount` to a wired module; reverts `ModuleNotSet` if it is not wired (income would be lost).
    function _mintIfAny(address to, uint256 amount) internal {
        if (amount == 0) return;
        if (to == address(0)) revert IReserve.ModuleNotSet();
        IAID(_aid).mint(to, amount);
    }

    function _book() internal view returns (IDealBook book) {
        book = IDealBook(_dealBook);
        if (address(book) == address(0)) revert IReserve.ModuleNotSet();
    }

    /// @dev 10^(18 − decimals) of a configured stable (enabled or not: deal flows may use a disabled one).
    function _configuredScale(address stable) internal view returns (uint256) {
        IReserve.StableConfig memory cfg = _stables[stable];
        if (cfg.feed == address(0)) revert IReserve.StableNotEnabled(stable);
        return 10 ** (18 - cfg.decimals);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @dev `getDeal(dealId).terms.payoutWallet` without decoding the whole `Deal`: `Deal` is a static struct whose
    /// first member `terms` is encoded inline, and `payoutWallet` is its 13th word. (Decoding the full 24-word
    /// struct costs ~1.5 KB of bytecode.) Reverts of the deal book (e.g. `DealNotFound`) bubble up unchanged.
    function _payoutWallet(IDealBook book, uint256 dealId) internal view returns (address wallet) {
        (bool ok, bytes memory ret) = address(book).staticcall(abi.encodeCall(IDealBook.getDeal, (dealId)));
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
        (, wallet) = abi.decode(ret, (bytes32[12], address));
    }
}
