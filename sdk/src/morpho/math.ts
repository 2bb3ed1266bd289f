// The exact limits of a blue-sdk `AccrualPosition` (see ./core.ts for the maths). blue-sdk's `isHealthy`,
// `healthFactor`, `maxBorrowAssets` and `seizableCollateral` follow Morpho to the wei; its `liquidationPrice` and
// `withdrawableCollateral` multiply in another order and can be off by some wei (at blue-sdk's liquidation price
// Morpho may already liquidate; withdrawing blue-sdk's withdrawable collateral may revert), and its
// `maxBorrowableAssets` ignores the market's liquidity. These return the exact boundaries (tested one wei either side
// against Morpho on anvil, and against a re-implementation of Morpho's checks over random states).
import type { AccrualPosition } from "@morpho-org/blue-sdk";
import {
  type MorphoPositionSummary,
  exactLiquidationPrice,
  exactMaxBorrowable,
  exactWithdrawableCollateral,
  summarize,
} from "./core.js";

/**
 * The exact liquidation price of a position: Morpho considers it healthy at any oracle price `≥` this value and
 * lets it be liquidated at any price `<` it (1e36-scaled, like the oracle). `null` without debt; `2^256 − 1` with debt
 * and no collateral.
 *
 * @example
 * ```ts
 * const p = getExactLiquidationPrice(position) // position.market.price < p ⇔ liquidatable
 * ```
 */
export function getExactLiquidationPrice(position: AccrualPosition): bigint | null {
  return exactLiquidationPrice(position.collateral, position.borrowAssets, position.market.params.lltv);
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
  const { price, params } = position.market;
  if (price === undefined) return undefined;
  return exactWithdrawableCollateral(position.collateral, position.borrowAssets, price, params.lltv);
}

/**
 * The most loan assets the position can borrow now, exactly as Morpho's `borrow(assets)` checks it (new shares
 * rounded up, healthy with the totals after the borrow, `totalBorrow ≤ totalSupply`): `borrow` of one more unit
 * reverts ("insufficient collateral" or "insufficient liquidity"). `undefined` without a price.
 *
 * @example
 * ```ts
 * const max = getExactMaxBorrowable(position) // borrow(max) passes, borrow(max + 1n) reverts
 * ```
 */
export function getExactMaxBorrowable(position: AccrualPosition): bigint | undefined {
  const { price, params } = position.market;
  if (price === undefined) return undefined;
  return exactMaxBorrowable(position, position.market, price, params.lltv);
}

/**
 * Summarises an `AccrualPosition` as plain bigints (its market accrued as it is): the same values as blue-sdk's
 * getters where they follow Morpho to the wei, the exact limits where they do not.
 *
 * @example
 * ```ts
 * const { healthFactor, liquidationPrice } = summarizePosition(position)
 * ```
 */
export function summarizePosition(position: AccrualPosition): MorphoPositionSummary {
  return summarize(position, position.market, position.market.params.lltv, position.market.price);
}
