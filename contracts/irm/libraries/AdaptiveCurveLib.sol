// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title AdaptiveCurveLib
/// @notice Pure maths of the adaptive-curve interest rate model, in signed WAD fixed point.
/// @dev Every multiplication and division truncates towards zero (Solidity's signed division), which is what the
/// published model specifies and what the Morpho SDK (blue-sdk `AdaptiveCurveIrmLib`, BigInt division) does: the
/// on-chain accrual and the SDK's prediction are therefore bit-identical. Do not "improve" a rounding here.
library AdaptiveCurveLib {
    int256 internal constant WAD = 1e18;
    int256 internal constant SECONDS_PER_YEAR = 365 days;

    /// @notice Utilisation the model steers to (90%).
    int256 internal constant TARGET_UTILIZATION = 0.9e18;
    /// @notice Ratio between the rate at 100% utilisation and the rate at target (and between the rate at target
    /// and the rate at 0% utilisation).
    int256 internal constant CURVE_STEEPNESS = 4e18;
    /// @notice Speed of the rate-at-target adaptation per second at `err = 1` (50 per year).
    int256 internal constant ADJUSTMENT_SPEED = 50e18 / SECONDS_PER_YEAR;
    /// @notice Rate at target of a new market (4% per year, per second).
    int256 internal constant INITIAL_RATE_AT_TARGET = 0.04e18 / SECONDS_PER_YEAR;
    /// @notice Lower bound of the rate at target (0.1% per year, per second).
    int256 internal constant MIN_RATE_AT_TARGET = 0.001e18 / SECONDS_PER_YEAR;
    /// @notice Upper bound of the rate at target (200% per year, per second).
    int256 internal constant MAX_RATE_AT_TARGET = 2e18 / SECONDS_PER_YEAR;

    /// @dev ln(2) in WAD, truncated.
    int256 internal constant LN_2 = 0.693147180559945309e18;
    /// @dev ln(1e-18) in WAD: below it exp(x) rounds to 0 wei.
    int256 internal constant LN_WEI = -41.446531673892822312e18;
    /// @dev Largest exponent accepted before clipping: ln(type(int256).max / 1e36) in WAD, floored, so that the
    /// result can still be multiplied by a WAD quantity without overflow.
    int256 internal constant EXP_INPUT_CAP = 93.859467695000404319e18;
    /// @dev The value returned for every input ≥ `EXP_INPUT_CAP` (e^EXP_INPUT_CAP).
    int256 internal constant EXP_OUTPUT_CAP =
        57_716_089_161_558_943_949_701_069_502_944_508_345_128.422502756744429568e18;

    /// @notice Borrow rates of a market over the `elapsed` seconds since its last accrual.
    /// @param utilization Utilisation at the last accrual (WAD, `totalBorrowAssets / totalSupplyAssets` rounded
    /// down).
    /// @param startRateAtTarget Rate at target stored at the last accrual (0 for a market not yet initialised).
    /// @param elapsed Seconds since the last accrual.
    /// @return avgBorrowRate Average borrow rate per second over the period (what Morpho accrues with).
    /// @return endBorrowRate Borrow rate per second at the end of the period.
    /// @return endRateAtTarget Rate at target at the end of the period (what the IRM stores).
    function borrowRates(uint256 utilization, int256 startRateAtTarget, uint256 elapsed)
        internal
        pure
        returns (uint256 avgBorrowRate, uint256 endBorrowRate, int256 endRateAtTarget)
    {
        int256 err = utilizationError(utilization);

        int256 avgRateAtTarget;
        if (startRateAtTarget == 0) {
            // Market creation: Morpho calls the IRM once from `createMarket`, which seeds the rate at target.
            avgRateAtTarget = INITIAL_RATE_AT_TARGET;
            endRateAtTarget = INITIAL_RATE_AT_TARGET;
        } else {
            // The adaptation speed is taken as constant over the period; utilisation actually creeps up with the
            // interest, so the adaptation is slightly underestimated (as in the published model).
            int256 linearAdaptation = _mulWad(ADJUSTMENT_SPEED, err) * SafeCast.toInt256(elapsed);
            if (linearAdaptation == 0) {
                avgRateAtTarget = startRateAtTarget;
                endRateAtTarget = startRateAtTarget;
            } else {
                // avg = (1/T)∫₀ᵀ curve(start·e^(speed·t)) dt. `curve` is affine in the rate at target, so the
                // average of the curve is the curve of the average rate at target, which the trapezoid rule with two
                // intervals gives as (f(0) + 2·f(T/2) + f(T)) / 4.
                endRateAtTarget = adaptedRateAtTarget(startRateAtTarget, linearAdaptation);
                int256 midRateAtTarget = adaptedRateAtTarget(startRateAtTarget, linearAdaptation / 2);
                avgRateAtTarget = (startRateAtTarget + endRateAtTarget + 2 * midRateAtTarget) / 4;
            }
        }
        // Both are non-negative: the rates at target are ≥ MIN_RATE_AT_TARGET > 0 and the curve factor is ≥ 1/4.
        avgBorrowRate = uint256(curve(avgRateAtTarget, err));
        endBorrowRate = uint256(curve(endRateAtTarget, err));
    }

    /// @notice Normalised distance of `utilization` to the target: (u − target) / target below the target,
    /// (u − target) / (1 − target) above it; so −1 at 0%, 0 at the target, +1 at 100%.
    function utilizationError(uint256 utilization) internal pure returns (int256) {
        // A utilisation reported by Morpho is ≤ 1 WAD (borrows never exceed supply).
        int256 u = SafeCast.toInt256(utilization);
        int256 norm = u > TARGET_UTILIZATION ? WAD - TARGET_UTILIZATION : TARGET_UTILIZATION;
        return _divWad(u - TARGET_UTILIZATION, norm);
    }

    /// @notice Borrow rate for a rate at target and a utilisation error: linear from `rateAtTarget / 4` (err = −1)
    /// through `rateAtTarget` (err = 0) to `4 × rateAtTarget` (err = +1).
    function curve(int256 rateAtTarget, int256 err) internal pure returns (int256) {
        // Slope below the target is 1 − 1/steepness, above it steepness − 1.
        int256 slope = err < 0 ? WAD - _divWad(WAD, CURVE_STEEPNESS) : CURVE_STEEPNESS - WAD;
        return _mulWad(_mulWad(slope, err) + WAD, rateAtTarget);
    }

    /// @notice `start × e^linearAdaptation`, clamped to [MIN_RATE_AT_TARGET, MAX_RATE_AT_TARGET].
    function adaptedRateAtTarget(int256 start, int256 linearAdaptation) internal pure returns (int256 rate) {
        rate = _mulWad(start, wExp(linearAdaptation));
        if (rate < MIN_RATE_AT_TARGET) rate = MIN_RATE_AT_TARGET;
        else if (rate > MAX_RATE_AT_TARGET) rate = MAX_RATE_AT_TARGET;
    }

    /// @notice Approximation of e^x in WAD used by the model: x = q·ln2 + r with |r| ≤ ln2/2, e^r by its
    /// second-order Taylor polynomial, then scaled by 2^q with a shift. Relative error below 1% on all inputs;
    /// returns 0 below ln(1e-18) and clips above `EXP_INPUT_CAP`.
    function wExp(int256 x) internal pure returns (int256) {
        if (x < LN_WEI) return 0;
        if (x > EXP_INPUT_CAP - 1) return EXP_OUTPUT_CAP;
        // q = x / ln2 rounded half away from zero, so the remainder r is centred on 0.
        int256 half = x < 0 ? -(LN_2 / 2) : LN_2 / 2;
        int256 q = (x + half) / LN_2;
        int256 r = x - q * LN_2;
        int256 expR = WAD + r + r * r / WAD / 2;
        // expR > 0 (r ≥ −ln2/2), so the right shift is an exact floor division by 2^−q; |q| ≤ 135 here, so the
        // casts of q and −q (both non-negative in their branch) are exact.
        // forge-lint: disable-next-line(unsafe-typecast)
        return q < 0 ? expR >> uint256(-q) : expR << uint256(q);
    }

    /// @dev x·y / WAD, truncated towards zero.
    function _mulWad(int256 x, int256 y) private pure returns (int256) {
        return x * y / WAD;
    }

    /// @dev x·WAD / y, truncated towards zero.
    function _divWad(int256 x, int256 y) private pure returns (int256) {
        return x * WAD / y;
    }
}
