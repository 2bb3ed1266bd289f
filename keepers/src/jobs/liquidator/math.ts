/**
 * Morpho Blue's health and liquidation arithmetic, bit-exact (bigint, the same roundings as `Morpho.sol`,
 * `SharesMathLib` and `MathLib`), plus a per-block precomputation so that re-checking one position costs a couple of
 * float operations, and a handful of bigint operations only when the float screen cannot decide.
 *
 * Rounding (research §5.3): borrowed = toAssetsUp(shares), maxBorrow = wMulDown(mulDivDown(collateral, price, 1e36),
 * lltv), healthy ⇔ maxBorrow ≥ borrowed. Seize-exact sizing: seized = min(collateral, mulDivDown(wMulDown(
 * toAssetsDown(shares), LIF), 1e36, price)); Morpho then ceil-derives repaidShares ≤ shares from the same state.
 */

export const WAD = 10n ** 18n;
export const ORACLE_PRICE_SCALE = 10n ** 36n;
export const VIRTUAL_SHARES = 10n ** 6n;
export const VIRTUAL_ASSETS = 1n;
export const LIQUIDATION_CURSOR = 3n * 10n ** 17n;
export const MAX_LIQUIDATION_INCENTIVE_FACTOR = 115n * 10n ** 16n;

export const mulDivDown = (x: bigint, y: bigint, d: bigint): bigint => (x * y) / d;
export const mulDivUp = (x: bigint, y: bigint, d: bigint): bigint => (x * y + (d - 1n)) / d;
export const wMulDown = (x: bigint, y: bigint): bigint => (x * y) / WAD;
export const wDivDown = (x: bigint, y: bigint): bigint => (x * WAD) / y;
export const wDivUp = (x: bigint, y: bigint): bigint => (x * WAD + (y - 1n)) / y;

export const toAssetsUp = (shares: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
export const toAssetsDown = (shares: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivDown(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
export const toSharesUp = (assets: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);

/** Morpho's liquidation incentive factor: min(1.15, 1 / (1 − 0.3·(1 − lltv))), WAD. */
export function liquidationIncentiveFactor(lltv: bigint): bigint {
  const lif = wDivDown(WAD, WAD - wMulDown(LIQUIDATION_CURSOR, WAD - lltv));
  return lif < MAX_LIQUIDATION_INCENTIVE_FACTOR ? lif : MAX_LIQUIDATION_INCENTIVE_FACTOR;
}

/** A market's state accrued to the evaluation timestamp, with its oracle price, ready for position checks. */
export type MarketFactors = {
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  price: bigint;
  lltv: bigint;
  lif: bigint;
  /** (TBA + 1) / (TBS + 1e6) as a float: debt per share. */
  debtPerShareF: number;
  /** price · lltv / 1e54 as a float: borrowing power per collateral unit. */
  powerPerCollateralF: number;
};

export function marketFactors(m: {
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  price: bigint;
  lltv: bigint;
}): MarketFactors {
  return {
    totalBorrowAssets: m.totalBorrowAssets,
    totalBorrowShares: m.totalBorrowShares,
    price: m.price,
    lltv: m.lltv,
    lif: liquidationIncentiveFactor(m.lltv),
    debtPerShareF: Number(m.totalBorrowAssets + VIRTUAL_ASSETS) / Number(m.totalBorrowShares + VIRTUAL_SHARES),
    powerPerCollateralF: (Number(m.price) / 1e36) * (Number(m.lltv) / 1e18),
  };
}

/** Debt of `borrowShares` rounded up, as Morpho's `_isHealthy`. */
export const borrowedAssets = (f: MarketFactors, borrowShares: bigint): bigint =>
  toAssetsUp(borrowShares, f.totalBorrowAssets, f.totalBorrowShares);

/** Borrowing capacity of `collateral`, rounded down twice, as Morpho's `_isHealthy`. */
export const maxBorrowAssets = (f: MarketFactors, collateral: bigint): bigint =>
  wMulDown(mulDivDown(collateral, f.price, ORACLE_PRICE_SCALE), f.lltv);

/** Exactly Morpho's `_isHealthy(marketParams, id, borrower, price)` on the accrued state. */
export function isHealthyExact(f: MarketFactors, borrowShares: bigint, collateral: bigint): boolean {
  if (borrowShares === 0n) return true;
  return maxBorrowAssets(f, collateral) >= borrowedAssets(f, borrowShares);
}

/**
 * Same verdict as {@link isHealthyExact}, decided in floats when the margin is far larger than every rounding and
 * float error (each side is within ±2 units plus a relative 1e-12 of its float estimate), in bigint otherwise.
 * `sharesF`/`collateralF` are `Number(borrowShares)`/`Number(collateral)`, cached by the caller.
 */
export function isHealthy(
  f: MarketFactors,
  borrowShares: bigint,
  collateral: bigint,
  sharesF: number,
  collateralF: number,
): boolean {
  if (borrowShares === 0n) return true;
  const debt = sharesF * f.debtPerShareF;
  const power = collateralF * f.powerPerCollateralF;
  const slack = 4 + 1e-12 * (debt + power);
  if (power - debt > slack) return true;
  if (debt - power > slack) return false;
  return isHealthyExact(f, borrowShares, collateral);
}

/** A liquidation sized seize-exact on the accrued state. */
export type Seizure = {
  seizedAssets: bigint;
  /** What Morpho will compute for `seizedAssets` (toSharesUp(wDivUp(mulDivUp(seized, price, 1e36), LIF))). */
  repaidShares: bigint;
  /** toAssetsUp(repaidShares): loan token Morpho pulls. */
  repaidAssets: bigint;
  /** All collateral is seized: Morpho writes the remaining debt off against suppliers. */
  badDebt: boolean;
  /** Collateral value at the oracle price, in loan units (rounded down). */
  oracleValue: bigint;
};

/**
 * The largest seizure Morpho accepts (research §1.3 "double floor"): repaidShares ≤ borrowShares is guaranteed on the
 * same state. `bufferBps` shrinks the debt-bound seizure (not the swap: Morpho's public bot applies its buffer to the
 * swap only) so that a slightly different state at inclusion — another liquidation in the same market moving the
 * share price by a rounding, a repay — cannot make Morpho underflow on the borrower's shares. When the collateral
 * cannot cover debt × LIF, every unit of collateral is seized (bad debt). Undefined for a healthy position or one with
 * nothing to seize.
 */
export function sizeSeizure(
  f: MarketFactors,
  borrowShares: bigint,
  collateral: bigint,
  bufferBps = 0n,
): Seizure | undefined {
  if (isHealthyExact(f, borrowShares, collateral) || collateral === 0n || f.price === 0n) return undefined;
  const exact = mulDivDown(
    wMulDown(toAssetsDown(borrowShares, f.totalBorrowAssets, f.totalBorrowShares), f.lif),
    ORACLE_PRICE_SCALE,
    f.price,
  );
  const byDebt = exact - (exact * bufferBps + 9_999n) / 10_000n;
  const seizedAssets = byDebt < collateral ? byDebt : collateral;
  if (seizedAssets === 0n) return undefined;
  const repaidShares = repaidSharesForSeized(f, seizedAssets);
  return {
    seizedAssets,
    repaidShares,
    repaidAssets: toAssetsUp(repaidShares, f.totalBorrowAssets, f.totalBorrowShares),
    badDebt: seizedAssets === collateral,
    oracleValue: mulDivDown(seizedAssets, f.price, ORACLE_PRICE_SCALE),
  };
}

/** Morpho's `liquidate` for a seize-exact call: repaidShares = toSharesUp(wDivUp(mulDivUp(seized, price), LIF)). */
export const repaidSharesForSeized = (f: MarketFactors, seizedAssets: bigint): bigint =>
  toSharesUp(
    wDivUp(mulDivUp(seizedAssets, f.price, ORACLE_PRICE_SCALE), f.lif),
    f.totalBorrowAssets,
    f.totalBorrowShares,
  );
