// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAdaptiveCurveIrm} from "./IAdaptiveCurveIrm.sol";
import {AdaptiveCurveLib} from "./libraries/AdaptiveCurveLib.sol";
import {IIrm} from "@morpho-blue/interfaces/IIrm.sol";
import {Id, Market, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";

/// @title AdaptiveCurveIrm
/// @notice Adaptive-curve interest rate model for the AID markets on Morpho Blue (see `IAdaptiveCurveIrm`).
/// @dev Deliberately ownerless and parameterless (it does not extend `RoleManaged`): Morpho fixes a market's IRM
/// forever at creation, so any admin power over the model would be a power over every borrower's rate with no way
/// out. The only state is the per-market rate at target, written only by Morpho during interest accrual.
contract AdaptiveCurveIrm is IAdaptiveCurveIrm {
    using MarketParamsLib for MarketParams;

    /// @inheritdoc IAdaptiveCurveIrm
    address public immutable MORPHO;

    /// @inheritdoc IAdaptiveCurveIrm
    mapping(Id id => int256) public rateAtTarget;

    /// @param morpho The Morpho Blue instance that will call `borrowRate`.
    constructor(address morpho) {
        if (morpho == address(0)) revert ZeroAddress();
        MORPHO = morpho;
    }

    /// @inheritdoc IIrm
    /// @dev Morpho calls it from `createMarket` (which seeds the rate at target) and from every accrual with
    /// `elapsed > 0`. `market` is the state before accrual (totals and `lastUpdate` of the previous accrual).
    function borrowRate(MarketParams calldata marketParams, Market calldata market) external returns (uint256) {
        if (msg.sender != MORPHO) revert NotMorpho(msg.sender);
        Id id = marketParams.id();
        (uint256 avgBorrowRate,, int256 endRateAtTarget) = _borrowRates(id, market);
        rateAtTarget[id] = endRateAtTarget;
        // endRateAtTarget ≥ MIN_RATE_AT_TARGET > 0: the cast is exact.
        // forge-lint: disable-next-line(unsafe-typecast)
        emit BorrowRateUpdate(id, avgBorrowRate, uint256(endRateAtTarget));
        return avgBorrowRate;
    }

    /// @inheritdoc IIrm
    function borrowRateView(MarketParams calldata marketParams, Market calldata market)
        external
        view
        returns (uint256)
    {
        (uint256 avgBorrowRate,,) = _borrowRates(marketParams.id(), market);
        return avgBorrowRate;
    }

    /// @dev Rates of market `id` if it accrued now, from the state `market` of its last accrual.
    function _borrowRates(Id id, Market calldata market)
        private
        view
        returns (uint256 avgBorrowRate, uint256 endBorrowRate, int256 endRateAtTarget)
    {
        uint256 utilization = market.totalSupplyAssets == 0
            ? 0
            : uint256(market.totalBorrowAssets) * 1e18 / uint256(market.totalSupplyAssets);
        return AdaptiveCurveLib.borrowRates(utilization, rateAtTarget[id], block.timestamp - market.lastUpdate);
    }
}
