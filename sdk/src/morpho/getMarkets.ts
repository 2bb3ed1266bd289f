import { Market, type MarketId, MarketParams, MarketUtils, MathLib } from "@morpho-org/blue-sdk";
import type { Chain, Client, Transport } from "viem";
import type { Deployment, DeploymentMarketName } from "../deployment.js";
import { InvalidAmountError } from "../errors/validation.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { assertNonNegativeAmount } from "../utils/validate.js";
import { type MarketInput, type MarketValues, type ResolvedMarket, marketCalls, marketValues, resolveMarkets } from "./markets.js";

/** Parameters of {@link getMarkets}. */
export type GetMarketsParameters = ReadOptions & {
  deployment: Deployment;
  /** Markets to read, by name or id (default: every market of the deployment). */
  markets?: readonly MarketInput[] | undefined;
  /**
   * Accrue interest to this timestamp (seconds; default: the timestamp of the block read). Before a market's last
   * update it throws `InvalidAmountError` (`parameter: "timestamp"`).
   */
  timestamp?: bigint | undefined;
};

/** One market of {@link GetMarketsReturnType}. */
export type MorphoMarketEntry = {
  name: DeploymentMarketName;
  id: MarketId;
  /**
   * blue-sdk `Market` accrued to `accruedTo` (params, totals, fee, oracle `price`, IRM `rateAtTarget`): what Morpho
   * would hold after `accrueInterest` at that time. Its rate getters default to the LOCAL clock
   * (`market.borrowApy` …): prefer `getBorrowApy(accruedTo)` or this entry's `borrowApy`/`supplyApy`.
   */
  market: Market;
  /** The same market as stored on chain at the block read (not accrued; `lastUpdate` is the last accrual). */
  stored: Market;
  /** Instantaneous borrow rate per second (WAD) of the accrued market (0 without an adaptive-curve IRM). */
  borrowRate: bigint;
  /** Instantaneous supply rate per second (WAD): borrow rate × utilisation × (1 − fee), rounded like blue-sdk. */
  supplyRate: bigint;
  /** Borrow APY of `borrowRate` (e^(rate × year) − 1), a float for display only (blue-sdk's `rateToApy`). */
  borrowApy: number;
  /** Supply APY of `supplyRate`, a float for display only. */
  supplyApy: number;
  /** Why the oracle's `price()` reverted (then `market.price` is `undefined`), e.g. a decoded `StalePrice`. */
  priceError: Error | undefined;
};

/** Return type of {@link getMarkets}. */
export type GetMarketsReturnType = {
  blockNumber: bigint;
  /** Timestamp of the block read. */
  timestamp: bigint;
  /** Timestamp the markets are accrued to. */
  accruedTo: bigint;
  markets: MorphoMarketEntry[];
};

/**
 * Reads the deployment's Morpho Blue markets as blue-sdk `Market` entities in ONE RPC round trip (Morpho's state,
 * each oracle's price, our adaptive-curve IRM's `rateAtTarget`, the block's clock), accrued to the block's timestamp
 * or to `timestamp`. An oracle that reverts (stale feed, paused) does not fail the view: that market has no `price`
 * and `priceError` says why. Validates the inputs before any RPC.
 *
 * @example
 * ```ts
 * const { markets } = await getMarkets(client, { deployment, markets: ["SAID_USDC"] })
 * const [{ market }] = markets
 * console.log(market.totalBorrowAssets, market.utilization, market.price)
 * ```
 */
export async function getMarkets(
  client: Client<Transport, Chain | undefined>,
  parameters: GetMarketsParameters,
): Promise<GetMarketsReturnType> {
  const { deployment } = parameters;
  const resolved = resolveMarkets(deployment, parameters.markets);
  if (parameters.timestamp !== undefined) assertNonNegativeAmount(parameters.timestamp, "timestamp");
  const { results, timestamp, blockNumber } = await readAllSettled(
    client,
    resolved.flatMap((market) => marketCalls(deployment, market)),
    parameters,
  );
  const accruedTo = parameters.timestamp ?? timestamp;
  return {
    blockNumber,
    timestamp,
    accruedTo,
    markets: marketEntries(deployment, resolved, results, accruedTo),
  };
}

/**
 * Builds the entries from the settled results of `marketCalls` for each market, in order (3 results per market).
 * Shared with `getPositions`, which reads the markets in the same batch.
 */
export function marketEntries(
  deployment: Deployment,
  resolved: readonly ResolvedMarket[],
  results: readonly unknown[],
  accruedTo: bigint,
): MorphoMarketEntry[] {
  return resolved.map((entry, i) => marketEntry(deployment, entry, marketValues(deployment, entry, results.slice(3 * i, 3 * i + 3)), accruedTo));
}

/** One entry: the blue-sdk `Market` built from the decoded reads, accrued to `accruedTo`. */
export function marketEntry(
  deployment: Deployment,
  resolved: ResolvedMarket,
  values: MarketValues,
  accruedTo: bigint,
): MorphoMarketEntry {
  const { state, price, priceError, rateAtTarget } = values;
  if (accruedTo < state.lastUpdate)
    throw new InvalidAmountError({
      parameter: "timestamp",
      value: accruedTo,
      reason: `is before the last update of market ${resolved.name} (${state.lastUpdate}): interest cannot be un-accrued`,
    });
  // rateAtTarget is set only for the deployment's adaptive-curve IRM: blue-sdk then accrues exactly like it (with
  // any other IRM it would accrue nothing, so it is left out rather than predicting wrong).
  const stored = new Market({
    params: new MarketParams(resolved.params),
    ...state,
    ...(price === undefined ? {} : { price }),
    ...(rateAtTarget === undefined ? {} : { rateAtTarget }),
  });
  const market = stored.accrueInterest(accruedTo);
  const borrowRate = market.getEndBorrowRate(accruedTo);
  const supplyRate = MathLib.wMulUp(MathLib.wMulDown(borrowRate, market.utilization), MathLib.WAD - market.fee);
  return {
    name: resolved.name,
    id: resolved.id as MarketId,
    market,
    stored,
    borrowRate,
    supplyRate,
    borrowApy: MarketUtils.rateToApy(borrowRate),
    supplyApy: MarketUtils.rateToApy(supplyRate),
    priceError,
  };
}
