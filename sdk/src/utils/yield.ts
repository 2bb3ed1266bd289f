// sAID yield and exit maths, in bigint fixed point (WAD = 1e18 = 100%). Every rounding is toward zero (floor) unless
// stated, and every formula that mirrors StakedAID.sol names the line it mirrors.
import { convertToAssets } from "../actions/getAccountOverview.js";

/** 1e18: fixed-point one (100% for rates). */
export const WAD = 10n ** 18n;
/** Seconds per year used for annualisation: 365 days, the same `_YEAR` as `StakedAID.maxYield`. */
export const SECONDS_PER_YEAR = 365n * 24n * 60n * 60n;
/** Basis points per one (`StakedAID.BPS`). */
export const BPS = 10_000n;

/**
 * Annual percentage rate (simple, not compounded; WAD: `1e17` = 10%) implied by the vesting schedule running at
 * `timestamp`:
 *
 * `apr = unvested × SECONDS_PER_YEAR × WAD / ((vestingEnd − timestamp) × totalAssets)`, floored;
 * `0` when nothing is vesting (`timestamp ≥ vestingEnd`, `unvested = 0`) or `totalAssets = 0`.
 *
 * Why this is the schedule's rate: StakedAID vests `amount` linearly from `vestingStart` to `vestingEnd`, and
 * `unvested(t) = ⌈amount × (vestingEnd − t) / (vestingEnd − vestingStart)⌉`, so `unvested / (vestingEnd − t)` is
 * the schedule's speed `amount / (vestingEnd − vestingStart)` in AID per second (up to the one-wei ceiling; it also
 * stays right after a `reportLoss` restarted the schedule). The vault's rate grows by that speed divided by
 * `totalAssets` per second while the schedule runs; annualised without compounding that is `apr`. It is what sAID
 * earns IF the current speed lasted a year (the next distribution may differ); it ignores exits and new deposits.
 */
export function vestingApr({
  unvested,
  vestingEnd,
  timestamp,
  totalAssets,
}: {
  unvested: bigint;
  vestingEnd: bigint;
  timestamp: bigint;
  totalAssets: bigint;
}): bigint {
  if (timestamp >= vestingEnd || unvested === 0n || totalAssets === 0n) return 0n;
  return (unvested * SECONDS_PER_YEAR * WAD) / ((vestingEnd - timestamp) * totalAssets);
}

/**
 * Annual percentage yield (WAD) of `apr` compounded once per `periodSeconds` (the vault's `vestingPeriod`: each
 * distribution vests into `totalAssets`, so the next one earns on it):
 *
 * `n = ⌊SECONDS_PER_YEAR / periodSeconds⌋`, `g = ⌊apr × periodSeconds / SECONDS_PER_YEAR⌋`,
 * `apy = (WAD + g)ⁿ / WADⁿ⁻¹ − WAD`, by square-and-multiply with every product floored (so it errs low by at most a
 * few wei per multiplication). A year that is not a whole number of periods drops the last partial period.
 * `periodSeconds = 0` or `≥ 1 year` returns `apr` (no compounding within the year).
 */
export function compoundApr(apr: bigint, periodSeconds: bigint): bigint {
  if (periodSeconds <= 0n || periodSeconds >= SECONDS_PER_YEAR) return apr;
  const n = SECONDS_PER_YEAR / periodSeconds;
  const g = (apr * periodSeconds) / SECONDS_PER_YEAR;
  return wadPow(WAD + g, n) - WAD;
}

/** `base^exponent` in WAD fixed point (`base` and the result scaled by 1e18), floored at every multiplication. */
export function wadPow(base: bigint, exponent: bigint): bigint {
  let result = WAD;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) / WAD;
    e >>= 1n;
    if (e > 0n) b = (b * b) / WAD;
  }
  return result;
}

/**
 * Simple annualised growth (WAD) of the sAID rate between two observations:
 * `apr = (rate1 − rate0) × WAD × SECONDS_PER_YEAR / (rate0 × (t1 − t0))`, floored toward zero (negative after a
 * loss). `0` when `t1 ≤ t0` or `rate0 = 0`.
 */
export function rateGrowthApr(rate0: bigint, t0: bigint, rate1: bigint, t1: bigint): bigint {
  if (t1 <= t0 || rate0 === 0n) return 0n;
  return ((rate1 - rate0) * WAD * SECONDS_PER_YEAR) / (rate0 * (t1 - t0));
}

/** OpenZeppelin ERC-4626 `_convertToShares` rounded down: `assets × (totalSupply + 10^offset) / (totalAssets + 1)`. */
export function convertToSharesDown(
  assets: bigint,
  { totalAssets, totalSupply, decimalsOffset }: { totalAssets: bigint; totalSupply: bigint; decimalsOffset: number },
): bigint {
  return (assets * (totalSupply + 10n ** BigInt(decimalsOffset))) / (totalAssets + 1n);
}

/** What `StakedAID.settleEpoch` would fill if it ran in the state read. */
export type EpochFill = {
  /** Shares queued for exit (`totalPendingShares`: new and carried requests). */
  queuedShares: bigint;
  /** Their value at the current rate (`convertToAssets(queuedShares)`, floor). */
  queuedAssets: bigint;
  /** Liquid assets the epoch may pay out: `totalAssets × maxEpochExitBps / 10 000` (floor). */
  capAssets: bigint;
  /** Shares that would be filled: `min(queuedShares, convertToShares(capAssets))`. */
  fillShares: bigint;
  /** Assets set aside for them: `convertToAssets(fillShares)` (floor). */
  fillAssets: bigint;
  /**
   * `fillShares × WAD / queuedShares` (floor): the fraction of every pending request that would be filled
   * (`WAD` = fully). `WAD` when nothing is queued (a request up to `capAssets` would be filled entirely).
   */
  fillRatio: bigint;
};

/**
 * Replays `StakedAID.settleEpoch`'s fill rule on values read in one block:
 * `capAssets = mulDiv(totalAssets, maxEpochExitBps, BPS)`, `fillShares = min(queued, _convertToShares(capAssets,
 * Floor))`, `fillAssets = _convertToAssets(fillShares, Floor)`. Exact for a settlement in that block; a later
 * settlement sees more vested yield (a larger cap) and possibly more requests.
 */
export function epochFill({
  totalAssets,
  totalSupply,
  decimalsOffset,
  queuedShares,
  maxEpochExitBps,
}: {
  totalAssets: bigint;
  totalSupply: bigint;
  decimalsOffset: number;
  queuedShares: bigint;
  maxEpochExitBps: bigint;
}): EpochFill {
  const state = { totalAssets, totalSupply, decimalsOffset };
  const capAssets = (totalAssets * maxEpochExitBps) / BPS;
  const capShares = convertToSharesDown(capAssets, state);
  const fillShares = queuedShares < capShares ? queuedShares : capShares;
  const fillAssets = queuedShares === 0n ? 0n : convertToAssets(fillShares, state);
  return {
    queuedShares,
    queuedAssets: convertToAssets(queuedShares, state),
    capAssets,
    fillShares,
    fillAssets,
    fillRatio: queuedShares === 0n ? WAD : (fillShares * WAD) / queuedShares,
  };
}

