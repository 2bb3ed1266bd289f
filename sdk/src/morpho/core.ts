// Morpho Blue's maths in plain bigints, with no dependency (so the account overview stays small: any import of
// blue-sdk brings its ~30 kB gzipped address registry): share conversions (SharesMathLib), interest accrual
// (Morpho `_accrueInterest` + our adaptive-curve IRM, contracts/irm/libraries/AdaptiveCurveLib.sol, ported operation
// for operation) and a position's limits at Morpho's exact rounding. blue-sdk's entities (getMarkets/getPositions)
// are checked against these and against the chain in the tests.

/** 1e18. */
export const WAD = 10n ** 18n;
/** Morpho's oracle price scale, 1e36. */
export const ORACLE_PRICE_SCALE = 10n ** 36n;
const VIRTUAL_SHARES = 10n ** 6n;
const VIRTUAL_ASSETS = 1n;
const MAX_UINT_256 = 2n ** 256n - 1n;

const mulDivDown = (x: bigint, y: bigint, d: bigint) => (x * y) / d;
const mulDivUp = (x: bigint, y: bigint, d: bigint) => (x * y + (d - 1n)) / d;
const wMulDown = (x: bigint, y: bigint) => mulDivDown(x, y, WAD);
const wDivDown = (x: bigint, y: bigint) => mulDivDown(x, WAD, y);
const wDivUp = (x: bigint, y: bigint) => mulDivUp(x, WAD, y);
const zeroFloorSub = (x: bigint, y: bigint) => (x > y ? x - y : 0n);
const min = (x: bigint, y: bigint) => (x < y ? x : y);

/** SharesMathLib `toAssetsDown` / `toAssetsUp`. */
export function toAssets(shares: bigint, totalAssets: bigint, totalShares: bigint, rounding: "Down" | "Up"): bigint {
  return (rounding === "Up" ? mulDivUp : mulDivDown)(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
}

/** SharesMathLib `toSharesDown` / `toSharesUp`. */
export function toShares(assets: bigint, totalAssets: bigint, totalShares: bigint, rounding: "Down" | "Up"): bigint {
  return (rounding === "Up" ? mulDivUp : mulDivDown)(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
}

/** A market's stored state (`Morpho.market(id)`). */
export type MarketStateValues = {
  totalSupplyAssets: bigint;
  totalSupplyShares: bigint;
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  lastUpdate: bigint;
  fee: bigint;
};

// AdaptiveCurveLib constants (int256 in Solidity; BigInt division truncates towards zero like Solidity's).
const YEAR = 365n * 86_400n;
const TARGET_UTILIZATION = 9n * 10n ** 17n;
const CURVE_STEEPNESS = 4n * WAD;
const ADJUSTMENT_SPEED = (50n * WAD) / YEAR;
const INITIAL_RATE_AT_TARGET = (4n * 10n ** 16n) / YEAR;
const MIN_RATE_AT_TARGET = 10n ** 15n / YEAR;
const MAX_RATE_AT_TARGET = (2n * WAD) / YEAR;
const LN_2 = 693_147_180_559_945_309n;
const LN_WEI = -41_446_531_673_892_822_312n;
const EXP_INPUT_CAP = 93_859_467_695_000_404_319n;
const EXP_OUTPUT_CAP = 57_716_089_161_558_943_949_701_069_502_944_508_345_128_422_502_756_744_429_568n;

const mulWad = (x: bigint, y: bigint) => (x * y) / WAD;
const divWad = (x: bigint, y: bigint) => (x * WAD) / y;

function wExp(x: bigint): bigint {
  if (x < LN_WEI) return 0n;
  if (x > EXP_INPUT_CAP - 1n) return EXP_OUTPUT_CAP;
  const half = x < 0n ? -(LN_2 / 2n) : LN_2 / 2n;
  const q = (x + half) / LN_2;
  const r = x - q * LN_2;
  const expR = WAD + r + (r * r) / WAD / 2n;
  return q < 0n ? expR >> -q : expR << q;
}

function curve(rateAtTarget: bigint, err: bigint): bigint {
  const slope = err < 0n ? WAD - divWad(WAD, CURVE_STEEPNESS) : CURVE_STEEPNESS - WAD;
  return mulWad(mulWad(slope, err) + WAD, rateAtTarget);
}

function adaptedRateAtTarget(start: bigint, linearAdaptation: bigint): bigint {
  const rate = mulWad(start, wExp(linearAdaptation));
  return rate < MIN_RATE_AT_TARGET ? MIN_RATE_AT_TARGET : rate > MAX_RATE_AT_TARGET ? MAX_RATE_AT_TARGET : rate;
}

/** AdaptiveCurveLib.borrowRates: average and end borrow rate per second over `elapsed`, and the end rate at target. */
export function adaptiveCurveBorrowRates(
  utilization: bigint,
  startRateAtTarget: bigint,
  elapsed: bigint,
): { avgBorrowRate: bigint; endBorrowRate: bigint; endRateAtTarget: bigint } {
  const norm = utilization > TARGET_UTILIZATION ? WAD - TARGET_UTILIZATION : TARGET_UTILIZATION;
  const err = divWad(utilization - TARGET_UTILIZATION, norm);
  let avgRateAtTarget: bigint;
  let endRateAtTarget: bigint;
  if (startRateAtTarget === 0n) {
    avgRateAtTarget = INITIAL_RATE_AT_TARGET;
    endRateAtTarget = INITIAL_RATE_AT_TARGET;
  } else {
    const linearAdaptation = mulWad(ADJUSTMENT_SPEED, err) * elapsed;
    if (linearAdaptation === 0n) {
      avgRateAtTarget = startRateAtTarget;
      endRateAtTarget = startRateAtTarget;
    } else {
      endRateAtTarget = adaptedRateAtTarget(startRateAtTarget, linearAdaptation);
      const midRateAtTarget = adaptedRateAtTarget(startRateAtTarget, linearAdaptation / 2n);
      avgRateAtTarget = (startRateAtTarget + endRateAtTarget + 2n * midRateAtTarget) / 4n;
    }
  }
  return { avgBorrowRate: curve(avgRateAtTarget, err), endBorrowRate: curve(endRateAtTarget, err), endRateAtTarget };
}

/**
 * Morpho's `_accrueInterest` at `timestamp` with the adaptive-curve IRM (`rateAtTarget` = the IRM's stored value):
 * the state and rate at target Morpho and the IRM will hold after an accrual at that time. Nothing accrues when
 * `timestamp ≤ lastUpdate`.
 */
export function accrueMarketState(
  state: MarketStateValues,
  rateAtTarget: bigint,
  timestamp: bigint,
): { state: MarketStateValues; rateAtTarget: bigint } {
  const elapsed = timestamp - state.lastUpdate;
  if (elapsed <= 0n) return { state, rateAtTarget };
  const utilization = state.totalSupplyAssets === 0n ? 0n : (state.totalBorrowAssets * WAD) / state.totalSupplyAssets;
  const { avgBorrowRate, endRateAtTarget } = adaptiveCurveBorrowRates(utilization, rateAtTarget, elapsed);
  const firstTerm = avgBorrowRate * elapsed;
  const secondTerm = mulDivDown(firstTerm, firstTerm, 2n * WAD);
  const thirdTerm = mulDivDown(secondTerm, firstTerm, 3n * WAD);
  const interest = wMulDown(state.totalBorrowAssets, firstTerm + secondTerm + thirdTerm);
  const totalSupplyAssets = state.totalSupplyAssets + interest;
  let feeShares = 0n;
  if (state.fee !== 0n) {
    const feeAmount = wMulDown(interest, state.fee);
    feeShares = toShares(feeAmount, totalSupplyAssets - feeAmount, state.totalSupplyShares, "Down");
  }
  return {
    state: {
      totalSupplyAssets,
      totalSupplyShares: state.totalSupplyShares + feeShares,
      totalBorrowAssets: state.totalBorrowAssets + interest,
      totalBorrowShares: state.totalBorrowShares,
      lastUpdate: timestamp,
      fee: state.fee,
    },
    rateAtTarget: endRateAtTarget,
  };
}

/** A position's figures as plain bigints (loan units unless said otherwise; WAD = 1e18 ratios). */
export type MorphoPositionSummary = {
  supplyShares: bigint;
  /** Supplied loan assets (rounded down, what a full withdrawal would give). */
  supplyAssets: bigint;
  borrowShares: bigint;
  /** Debt in loan assets (rounded up, what a full repayment costs). */
  borrowAssets: bigint;
  /** Collateral in collateral-token units. */
  collateral: bigint;
  /** Oracle price (1e36-scaled), `undefined` when the oracle reverted. */
  price: bigint | undefined;
  lltv: bigint;
  /** Collateral value in loan assets (`undefined` without a price). */
  collateralValue: bigint | undefined;
  /** Debt limit: collateral value × LLTV, rounded down like Morpho. */
  maxBorrowAssets: bigint | undefined;
  /** Exact extra debt Morpho's `borrow` accepts now (one unit more reverts); capped by the market's liquidity. */
  maxBorrowable: bigint | undefined;
  /** Exact collateral `withdrawCollateral` accepts now (one unit more reverts). */
  withdrawableCollateral: bigint | undefined;
  /** Health factor (WAD): maxBorrowAssets / borrowAssets; `2^256 − 1` without debt. Healthy ⇔ ≥ 1e18. */
  healthFactor: bigint | undefined;
  /** Loan-to-value (WAD, rounded up); `null` without debt. */
  ltv: bigint | null | undefined;
  /** Exact liquidation price: healthy at any price ≥ it, liquidatable below; `null` without debt. */
  liquidationPrice: bigint | null;
  /** Morpho's `_isHealthy` (`undefined` without a price). */
  isHealthy: boolean | undefined;
  /** Collateral a liquidator can seize now for the whole debt (0 when healthy), sized as blue-sdk does. */
  seizableCollateral: bigint | undefined;
};

/** A position's raw values (`Morpho.position(id, user)`). */
export type PositionValues = { supplyShares: bigint; borrowShares: bigint; collateral: bigint };

function ceilDiv(x: bigint, y: bigint): bigint {
  return (x + y - 1n) / y;
}

/** Morpho's `_isHealthy` for `collateral` and a debt of `borrowAssets` (already rounded up) at `price`. */
function healthy(collateral: bigint, borrowAssets: bigint, price: bigint, lltv: bigint): boolean {
  return wMulDown(mulDivDown(collateral, price, ORACLE_PRICE_SCALE), lltv) >= borrowAssets;
}

/**
 * The least healthy price: Morpho's healthy ⇔ ⌊⌊collateral × price / 1e36⌋ × LLTV / 1e18⌋ ≥ debt ⇔ price ≥
 * ⌈⌈debt × 1e18 / LLTV⌉ × 1e36 / collateral⌉.
 */
export function exactLiquidationPrice(collateral: bigint, borrowAssets: bigint, lltv: bigint): bigint | null {
  if (borrowAssets === 0n) return null;
  if (collateral === 0n) return MAX_UINT_256;
  return ceilDiv(ceilDiv(borrowAssets * WAD, lltv) * ORACLE_PRICE_SCALE, collateral);
}

/** The most collateral withdrawable at `price` with Morpho's rounding. */
export function exactWithdrawableCollateral(collateral: bigint, borrowAssets: bigint, price: bigint, lltv: bigint): bigint {
  if (borrowAssets === 0n) return collateral;
  if (price === 0n) return 0n;
  return zeroFloorSub(collateral, ceilDiv(ceilDiv(borrowAssets * WAD, lltv) * ORACLE_PRICE_SCALE, price));
}

/**
 * The most `borrow(assets)` accepts: new shares rounded up, healthy with the totals after the borrow, and
 * `totalBorrow ≤ totalSupply`.
 */
export function exactMaxBorrowable(position: PositionValues, state: MarketStateValues, price: bigint, lltv: bigint): bigint {
  const { totalBorrowAssets: tba, totalBorrowShares: tbs } = state;
  const liquidity = zeroFloorSub(state.totalSupplyAssets, tba);
  const accepts = (assets: bigint): boolean => {
    if (assets > liquidity) return false;
    const shares = toShares(assets, tba, tbs, "Up");
    return healthy(position.collateral, toAssets(position.borrowShares + shares, tba + assets, tbs + shares, "Up"), price, lltv);
  };
  // The bound without share rounding is the answer in every state tested, but it is checked against Morpho's
  // rounding of the new shares, with a binary search over [0, bound + 2] if the check ever fails (the debt after a
  // borrow grows with the amount, so the accepted amounts are an interval [0, max]).
  const debt = toAssets(position.borrowShares, tba, tbs, "Up");
  const estimate = min(zeroFloorSub(wMulDown(mulDivDown(position.collateral, price, ORACLE_PRICE_SCALE), lltv), debt), liquidity);
  if (accepts(estimate) && !accepts(estimate + 1n)) return estimate;
  if (!accepts(0n)) return 0n;
  let low = 0n;
  let high = estimate + 2n;
  while (high - low > 1n) {
    const mid = (low + high) / 2n;
    if (accepts(mid)) low = mid;
    else high = mid;
  }
  return accepts(high) ? high : low;
}

/** Morpho's liquidation incentive factor: min(1.15, 1 / (1 − 0.3 × (1 − LLTV))). */
function liquidationIncentiveFactor(lltv: bigint): bigint {
  return min((115n * WAD) / 100n, wDivDown(WAD, WAD - wMulDown((3n * WAD) / 10n, WAD - lltv)));
}

/**
 * A position's summary at `price` on the market `state` (accrue it first: {@link accrueMarketState}). blue-sdk's
 * getters give the same `healthFactor`, `ltv`, `maxBorrowAssets`, `isHealthy`, `seizableCollateral` (tested); the
 * three limits are exact where blue-sdk's `liquidationPrice`/`withdrawableCollateral` are not.
 */
export function summarize(
  position: PositionValues,
  state: MarketStateValues,
  lltv: bigint,
  price: bigint | undefined,
): MorphoPositionSummary {
  const { supplyShares, borrowShares, collateral } = position;
  const borrowAssets = toAssets(borrowShares, state.totalBorrowAssets, state.totalBorrowShares, "Up");
  const base = {
    supplyShares,
    supplyAssets: toAssets(supplyShares, state.totalSupplyAssets, state.totalSupplyShares, "Down"),
    borrowShares,
    borrowAssets,
    collateral,
    price,
    lltv,
    liquidationPrice: exactLiquidationPrice(collateral, borrowAssets, lltv),
  };
  if (price === undefined)
    return {
      ...base,
      collateralValue: undefined,
      maxBorrowAssets: undefined,
      maxBorrowable: undefined,
      withdrawableCollateral: undefined,
      healthFactor: borrowAssets === 0n ? MAX_UINT_256 : undefined,
      ltv: borrowShares === 0n || state.totalBorrowShares === 0n ? null : undefined,
      isHealthy: undefined,
      seizableCollateral: undefined,
    };
  const collateralValue = mulDivDown(collateral, price, ORACLE_PRICE_SCALE);
  const maxBorrowAssets = wMulDown(collateralValue, lltv);
  const isHealthy = maxBorrowAssets >= borrowAssets;
  const seized = wMulDown(
    toAssets(borrowShares, state.totalBorrowAssets, state.totalBorrowShares, "Down"),
    liquidationIncentiveFactor(lltv),
  );
  return {
    ...base,
    collateralValue,
    maxBorrowAssets,
    maxBorrowable: exactMaxBorrowable(position, state, price, lltv),
    withdrawableCollateral: exactWithdrawableCollateral(collateral, borrowAssets, price, lltv),
    healthFactor: borrowAssets === 0n ? MAX_UINT_256 : wDivDown(maxBorrowAssets, borrowAssets),
    ltv:
      borrowShares === 0n || state.totalBorrowShares === 0n
        ? null
        : collateralValue === 0n
          ? MAX_UINT_256
          : wDivUp(borrowAssets, collateralValue),
    isHealthy,
    seizableCollateral:
      price === 0n || isHealthy ? 0n : min(collateral, mulDivDown(seized, ORACLE_PRICE_SCALE, price)),
  };
}
