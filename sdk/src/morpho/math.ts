// Exact position limits with Morpho Blue's own rounding. blue-sdk's `isHealthy`, `healthFactor`, `maxBorrowAssets`
// and `seizableCollateral` follow Morpho to the wei; its `liquidationPrice` and `withdrawableCollateral` multiply in
// another order and can be off by some wei (at blue-sdk's liquidation price Morpho may already liquidate; withdrawing
// blue-sdk's withdrawable collateral may revert), and its `maxBorrowableAssets` ignores the market's liquidity. These
// functions return the exact boundary (tested one wei either side against Morpho on anvil, and against a
// re-implementation of Morpho's checks over random states).
import { type AccrualPosition, MathLib, ORACLE_PRICE_SCALE, SharesMath } from "@morpho-org/blue-sdk";

const WAD = MathLib.WAD;

function ceilDiv(x: bigint, y: bigint): bigint {
  return (x + y - 1n) / y;
}

/** Morpho's `_isHealthy` for `collateral` and a debt of `borrowAssets` (already rounded up) at `price`. */
function healthy(collateral: bigint, borrowAssets: bigint, price: bigint, lltv: bigint): boolean {
  return MathLib.wMulDown(MathLib.mulDivDown(collateral, price, ORACLE_PRICE_SCALE), lltv) >= borrowAssets;
}

/** The least collateral value (loan units) that keeps a debt of `borrowAssets` healthy: ⌈debt × 1e18 / LLTV⌉. */
function minCollateralValue(borrowAssets: bigint, lltv: bigint): bigint {
  return ceilDiv(borrowAssets * WAD, lltv);
}

/**
 * The exact liquidation price of a position: Morpho considers it healthy at any oracle price `≥` this value and
 * lets it be liquidated at any price `<` it (1e36-scaled, like the oracle). `null` without debt; `2^256 − 1` with debt
 * and no collateral.
 *
 * Morpho: healthy ⇔ ⌊⌊collateral × price / 1e36⌋ × LLTV / 1e18⌋ ≥ debt, so the least healthy price is
 * ⌈⌈debt × 1e18 / LLTV⌉ × 1e36 / collateral⌉ (debt = the borrow shares in assets, rounded up).
 *
 * @example
 * ```ts
 * const p = getExactLiquidationPrice(position) // position.market.price < p ⇔ liquidatable
 * ```
 */
export function getExactLiquidationPrice(position: AccrualPosition): bigint | null {
  const debt = position.borrowAssets;
  if (debt === 0n) return null;
  if (position.collateral === 0n) return MathLib.MAX_UINT_256;
  return ceilDiv(minCollateralValue(debt, position.market.params.lltv) * ORACLE_PRICE_SCALE, position.collateral);
}

/**
 * The most collateral Morpho lets the position withdraw at the market's price (`withdrawCollateral` of one more unit
 * reverts "insufficient collateral"). `undefined` without a price.
 *
 * @example
 * ```ts
 * const max = getExactWithdrawableCollateral(position)
 * ```
 */
export function getExactWithdrawableCollateral(position: AccrualPosition): bigint | undefined {
  const { price } = position.market;
  if (price === undefined) return undefined;
  const debt = position.borrowAssets;
  if (debt === 0n) return position.collateral;
  if (price === 0n) return 0n;
  const minCollateral = ceilDiv(minCollateralValue(debt, position.market.params.lltv) * ORACLE_PRICE_SCALE, price);
  return MathLib.zeroFloorSub(position.collateral, minCollateral);
}

/**
 * The most loan assets the position can borrow now, exactly as Morpho's `borrow(assets)` checks it: the new shares
 * are rounded up and the position must stay healthy with the market's totals after the borrow, and the market must
 * keep `totalBorrow ≤ totalSupply`. `borrow` of one more unit reverts ("insufficient collateral" or "insufficient
 * liquidity"). `undefined` without a price.
 *
 * @example
 * ```ts
 * const max = getExactMaxBorrowable(position) // borrow(max) passes, borrow(max + 1n) reverts
 * ```
 */
export function getExactMaxBorrowable(position: AccrualPosition): bigint | undefined {
  const { market, collateral, borrowShares } = position;
  const { price } = market;
  if (price === undefined) return undefined;
  const { totalBorrowAssets, totalBorrowShares } = market;
  const lltv = market.params.lltv;
  const liquidity = MathLib.zeroFloorSub(market.totalSupplyAssets, totalBorrowAssets);
  const accepts = (assets: bigint): boolean => {
    if (assets > liquidity) return false;
    const shares = SharesMath.toShares(assets, totalBorrowAssets, totalBorrowShares, "Up");
    const debt = SharesMath.toAssets(
      borrowShares + shares,
      totalBorrowAssets + assets,
      totalBorrowShares + shares,
      "Up",
    );
    return healthy(collateral, debt, price, lltv);
  };
  // The bound without share rounding: in every state tested it is the exact answer, but it is checked against
  // Morpho's rounding of the new shares, with a binary search over [0, bound + 2] if the check ever fails (the debt
  // after a borrow grows with the amount, so the accepted amounts are an interval [0, max]).
  const estimate = MathLib.min(
    MathLib.zeroFloorSub(
      MathLib.wMulDown(MathLib.mulDivDown(collateral, price, ORACLE_PRICE_SCALE), lltv),
      position.borrowAssets,
    ),
    liquidity,
  );
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
  /** Exact extra debt Morpho accepts now ({@link getExactMaxBorrowable}); limited by the market's liquidity. */
  maxBorrowable: bigint | undefined;
  /** Exact collateral withdrawable now ({@link getExactWithdrawableCollateral}). */
  withdrawableCollateral: bigint | undefined;
  /** Health factor (WAD): maxBorrowAssets / borrowAssets; `2^256 − 1` without debt. Healthy ⇔ ≥ 1e18. */
  healthFactor: bigint | undefined;
  /** Loan-to-value (WAD, rounded up); `null` without debt. */
  ltv: bigint | null | undefined;
  /** Exact liquidation price ({@link getExactLiquidationPrice}); `null` without debt. */
  liquidationPrice: bigint | null;
  /** Morpho's `_isHealthy` (`undefined` without a price). */
  isHealthy: boolean | undefined;
  /** Collateral a liquidator can seize now (0 when healthy). */
  seizableCollateral: bigint | undefined;
};

/**
 * Summarises an `AccrualPosition` as plain bigints: blue-sdk's getters where they follow Morpho to the wei, the exact
 * functions of this module where they do not.
 *
 * @example
 * ```ts
 * const { healthFactor, liquidationPrice } = summarizePosition(position)
 * ```
 */
export function summarizePosition(position: AccrualPosition): MorphoPositionSummary {
  return {
    supplyShares: position.supplyShares,
    supplyAssets: position.supplyAssets,
    borrowShares: position.borrowShares,
    borrowAssets: position.borrowAssets,
    collateral: position.collateral,
    price: position.market.price,
    lltv: position.market.params.lltv,
    collateralValue: position.collateralValue,
    maxBorrowAssets: position.maxBorrowAssets,
    maxBorrowable: getExactMaxBorrowable(position),
    withdrawableCollateral: getExactWithdrawableCollateral(position),
    healthFactor: position.healthFactor,
    ltv: position.ltv,
    liquidationPrice: getExactLiquidationPrice(position),
    isHealthy: position.isHealthy,
    seizableCollateral: position.seizableCollateral,
  };
}
