import { Market, MarketParams, type MarketId } from "@morpho-org/blue-sdk";
import type { Address, Hex } from "viem";
import { adaptiveCurveIrmAbi } from "../abis/adaptiveCurveIrm.js";
import { morphoAbi } from "../abis/morpho.js";
import { morphoOracleAdapterAbi } from "../abis/morphoOracleAdapter.js";
import {
  type Deployment,
  type DeploymentMarket,
  type DeploymentMarketName,
  deploymentMarketNames,
} from "../deployment.js";
import { decodeAidError } from "../errors/contract.js";
import { InvalidDeploymentError } from "../errors/validation.js";
import { UnknownMarketError } from "./errors.js";

/** A Morpho market of the deployment: its name (`"SAID_USDC"`) or its id (any case). */
export type MarketInput = DeploymentMarketName | Hex;

/** A market of the deployment, resolved and checked. */
export type ResolvedMarket = {
  name: DeploymentMarketName;
  id: MarketId;
  /** blue-sdk `MarketParams` (its `id` was checked against the deployment's). */
  params: MarketParams;
};

/**
 * Resolves a market name or id of the deployment; throws {@link UnknownMarketError} (before any RPC), or
 * `InvalidDeploymentError` when the deployment's id is not the hash of its params.
 */
export function resolveMarket(deployment: Deployment, market: unknown, parameter = "market"): ResolvedMarket {
  if (typeof market === "string") {
    for (const name of deploymentMarketNames) {
      const entry = deployment.markets[name];
      if (market === name || market.toLowerCase() === entry.id.toLowerCase()) return checked(name, entry);
    }
  }
  throw new UnknownMarketError({
    parameter,
    market,
    known: deploymentMarketNames.map((name) => `${name} (${deployment.markets[name].id})`),
  });
}

/** Resolves a list of markets (default: every market of the deployment, in deployment order). */
export function resolveMarkets(deployment: Deployment, markets: readonly unknown[] | undefined): ResolvedMarket[] {
  if (markets === undefined) return deploymentMarketNames.map((name) => resolveMarket(deployment, name));
  if (!Array.isArray(markets) || markets.length === 0)
    throw new UnknownMarketError({ parameter: "markets", market: markets, known: [...deploymentMarketNames] });
  return markets.map((market, i) => resolveMarket(deployment, market, `markets[${i}]`));
}

function checked(name: DeploymentMarketName, entry: DeploymentMarket): ResolvedMarket {
  const params = new MarketParams({
    loanToken: entry.loanToken,
    collateralToken: entry.collateralToken,
    oracle: entry.oracle,
    irm: entry.irm,
    lltv: entry.lltv,
  });
  if (params.id.toLowerCase() !== entry.id.toLowerCase())
    throw new InvalidDeploymentError({
      field: `markets.${name}.id`,
      reason: `is not the id of the market's params (${params.id})`,
      value: entry.id,
    });
  return { name, id: params.id, params };
}

/** Morpho's `MarketParams` tuple as the contract takes it. */
export function paramsTuple(params: MarketParams): {
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
} {
  const { loanToken, collateralToken, oracle, irm, lltv } = params;
  return { loanToken, collateralToken, oracle, irm, lltv };
}

/**
 * The three reads that make a market: Morpho's state, the oracle's price (may revert: stale feed, paused) and the
 * adaptive-curve IRM's `rateAtTarget`. Used inside a {@link readAllSettled} batch.
 */
export function marketCalls(deployment: Deployment, market: ResolvedMarket) {
  return [
    { address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "market", args: [market.id] },
    { address: market.params.oracle, abi: morphoOracleAdapterAbi, functionName: "price" },
    { address: market.params.irm, abi: adaptiveCurveIrmAbi, functionName: "rateAtTarget", args: [market.id] },
  ] as const;
}

/** A settled multicall result (`readAllSettled`). */
export type Settled<T> = { status: "success"; result: T; error?: undefined } | { status: "failure"; error: Error; result?: undefined };

/** Unwraps a settled result that must have succeeded (rethrows its error otherwise). */
export function must<T>(settled: Settled<T>): T {
  if (settled.status === "failure") throw settled.error;
  return settled.result;
}

/** `Morpho.market(id)`: total supply assets/shares, total borrow assets/shares, last update, fee. */
export type MarketState = readonly [bigint, bigint, bigint, bigint, bigint, bigint];

/** The market built from one market's {@link marketCalls} results, before accrual. */
export type BuiltMarket = {
  /** The state stored on chain at the block read (not accrued). */
  market: Market;
  /** Why the oracle's `price()` reverted (the market then has no `price`), or `undefined`. */
  priceError: Error | undefined;
};

/**
 * Builds a blue-sdk `Market` from raw reads. `rateAtTarget` is set only for markets whose IRM is the deployment's
 * adaptive-curve IRM (blue-sdk then accrues exactly like it; with any other IRM blue-sdk would accrue nothing, so
 * `rateAtTarget` is left out and the caller sees it).
 */
export function buildMarket(
  deployment: Deployment,
  resolved: ResolvedMarket,
  state: Settled<MarketState>,
  price: Settled<bigint>,
  rateAtTarget: Settled<bigint>,
): BuiltMarket {
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = must(state);
  const adaptive = resolved.params.irm.toLowerCase() === deployment.contracts.AdaptiveCurveIrm.toLowerCase();
  const market = new Market({
    params: resolved.params,
    totalSupplyAssets,
    totalSupplyShares,
    totalBorrowAssets,
    totalBorrowShares,
    lastUpdate,
    fee,
    ...(price.status === "success" ? { price: price.result } : {}),
    ...(adaptive ? { rateAtTarget: must(rateAtTarget) } : {}),
  });
  return { market, priceError: price.status === "failure" ? (decodeAidError(price.error) ?? price.error) : undefined };
}
