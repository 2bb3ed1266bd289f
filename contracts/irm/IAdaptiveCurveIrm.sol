// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IIrm} from "@morpho-blue/interfaces/IIrm.sol";
import {Id} from "@morpho-blue/interfaces/IMorpho.sol";

/// @title IAdaptiveCurveIrm
/// @notice Interest rate model of the AID lending markets on Morpho Blue: Morpho's published adaptive-curve model
/// (target utilisation 90%, curve steepness 4, adjustment speed 50/year, initial rate at target 4%/year, rate at
/// target bounded to [0.1%, 200%]/year).
///
/// The borrow rate is `curve(rateAtTarget, err)` where `err` is the normalised distance of the utilisation to the
/// target (−1 at 0% utilisation, 0 at 90%, +1 at 100%): the rate is `rateAtTarget / 4` at 0% utilisation,
/// `rateAtTarget` at the target and `4 × rateAtTarget` at 100%, linear in between. `rateAtTarget` drifts
/// exponentially towards higher rates while utilisation is above target and towards lower rates below it, at
/// `50 × err` per year. Between two interactions, Morpho accrues at the average rate over the elapsed time, which
/// the model approximates with a two-interval trapezoid rule.
///
/// The ABI (`MORPHO`, `rateAtTarget`, `borrowRate`, `borrowRateView`, `BorrowRateUpdate`) is the one
/// the Morpho SDK (blue-sdk-viem) reads for adaptive-curve markets, so the SDK can register this contract as its
/// `adaptiveCurveIrm` and predict accrual to the wei.
interface IAdaptiveCurveIrm is IIrm {
    /// @notice Emitted by `borrowRate` (i.e. at every interest accrual of market `id`).
    /// @param id Market id.
    /// @param avgBorrowRate Average borrow rate per second (WAD) applied by Morpho over the elapsed period.
    /// @param rateAtTarget New rate at target utilisation per second (WAD), stored for the market.
    event BorrowRateUpdate(Id indexed id, uint256 avgBorrowRate, uint256 rateAtTarget);

    /// @notice `borrowRate` was called by someone other than Morpho.
    error NotMorpho(address caller);
    /// @notice The Morpho address given to the constructor is zero.
    error ZeroAddress();

    /// @notice The Morpho Blue instance allowed to call `borrowRate`.
    function MORPHO() external view returns (address);

    /// @notice Rate at target utilisation per second (WAD) of market `id` after its last accrual; 0 before the
    /// market's creation.
    function rateAtTarget(Id id) external view returns (int256);
}
