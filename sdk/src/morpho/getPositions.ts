import { AccrualPosition, type MarketId } from "@morpho-org/blue-sdk";
import type { Address, Chain, Client, Transport } from "viem";
import type { Deployment, DeploymentMarketName } from "../deployment.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { assertAddress, assertNonNegativeAmount } from "../utils/validate.js";
import type { MorphoPositionSummary } from "./core.js";
import { type MorphoMarketEntry, marketEntry } from "./getMarkets.js";
import {
  type MarketInput,
  POSITION_CALLS_PER_MARKET,
  type ResolvedMarket,
  positionCalls,
  positionValues,
  resolveMarkets,
} from "./markets.js";
import { summarizePosition } from "./math.js";

/** Parameters of {@link getPositions}. */
export type GetPositionsParameters = ReadOptions & {
  deployment: Deployment;
  /** The position owner. */
  user: Address;
  /** Markets to read, by name or id (default: every market of the deployment). */
  markets?: readonly MarketInput[] | undefined;
  /** Accrue interest to this timestamp (default: the block's); e.g. `now + 12n` to size a borrow for the next block. */
  timestamp?: bigint | undefined;
};

/** One position of {@link GetPositionsReturnType}. */
export type MorphoPositionEntry = {
  name: DeploymentMarketName;
  id: MarketId;
  /** blue-sdk `AccrualPosition` on the accrued market (`position.market`): every blue-sdk getter works on it. */
  position: AccrualPosition;
  /** The position's figures as plain bigints, exact at Morpho's rounding (see `summarizePosition`). */
  summary: MorphoPositionSummary;
  /** The user's ERC-20 allowances to Morpho (what `supplyCollateral` and `repay` pull). */
  allowances: { loanToken: bigint; collateralToken: bigint };
  /** The market entry (as `getMarkets` returns it). */
  market: MorphoMarketEntry;
};

/** Return type of {@link getPositions}. */
export type GetPositionsReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  accruedTo: bigint;
  user: Address;
  positions: MorphoPositionEntry[];
};

/**
 * Reads a user's Morpho Blue positions on the deployment's markets in ONE RPC round trip, as blue-sdk
 * `AccrualPosition`s (health factor, LTV, liquidation price, max borrowable, seizable collateral …) on markets
 * accrued to the block's timestamp (or `timestamp`), plus a plain summary whose limits are exact at Morpho's
 * rounding. Validates the inputs before any RPC.
 *
 * @example
 * ```ts
 * const { positions } = await getPositions(client, { deployment, user })
 * for (const { name, summary } of positions) console.log(name, summary.healthFactor, summary.liquidationPrice)
 * ```
 */
export async function getPositions(
  client: Client<Transport, Chain | undefined>,
  parameters: GetPositionsParameters,
): Promise<GetPositionsReturnType> {
  const { deployment, user } = parameters;
  assertAddress(user, "user");
  const resolved = resolveMarkets(deployment, parameters.markets);
  if (parameters.timestamp !== undefined) assertNonNegativeAmount(parameters.timestamp, "timestamp");
  const { results, timestamp, blockNumber } = await readAllSettled(
    client,
    positionCalls(deployment, resolved, user),
    parameters,
  );
  const accruedTo = parameters.timestamp ?? timestamp;
  return { blockNumber, timestamp, accruedTo, user, positions: positionEntries(deployment, resolved, user, results, accruedTo) };
}

/** Builds the entries from the settled results of `positionCalls`, in order. */
export function positionEntries(
  deployment: Deployment,
  resolved: readonly ResolvedMarket[],
  user: Address,
  results: readonly unknown[],
  accruedTo: bigint,
): MorphoPositionEntry[] {
  return resolved.map((entry, i) => {
    const chunk = results.slice(POSITION_CALLS_PER_MARKET * i, POSITION_CALLS_PER_MARKET * (i + 1));
    const values = positionValues(deployment, entry, chunk);
    const market = marketEntry(deployment, entry, values.market, accruedTo);
    const position = new AccrualPosition({ user, ...values.position }, market.market);
    return {
      name: entry.name,
      id: market.id,
      position,
      summary: summarizePosition(position),
      allowances: values.allowances,
      market,
    };
  });
}
