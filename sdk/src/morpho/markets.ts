// Market resolution and the raw reads of the Morpho views, with no blue-sdk import (the account overview uses them).
import { type Address, type Hex, encodeAbiParameters, erc20Abi, keccak256 } from "viem";
import { adaptiveCurveIrmAbi } from "../abis/adaptiveCurveIrm.js";
import { morphoAbi } from "../abis/morpho.js";
import { morphoOracleAdapterAbi } from "../abis/morphoOracleAdapter.js";
import { type Deployment, type DeploymentMarketName, deploymentMarketNames } from "../deployment.js";
import { decodeAidError } from "../errors/contract.js";
import { InvalidDeploymentError } from "../errors/validation.js";
import type { MarketStateValues, PositionValues } from "./core.js";
import { UnknownMarketError } from "./errors.js";

/** A Morpho market of the deployment: its name (`"SAID_USDC"`) or its id (any case). */
export type MarketInput = DeploymentMarketName | Hex;

/** Morpho's `MarketParams`. */
export type MorphoMarketParams = {
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
};

/** A market of the deployment, resolved and checked. */
export type ResolvedMarket = { name: DeploymentMarketName; id: Hex; params: MorphoMarketParams };

const MARKET_PARAMS_TYPES = [
  { type: "address" },
  { type: "address" },
  { type: "address" },
  { type: "address" },
  { type: "uint256" },
] as const;

/** Morpho's market id: keccak256 of the ABI-encoded params (MarketParamsLib.id). */
export function marketId(params: MorphoMarketParams): Hex {
  const { loanToken, collateralToken, oracle, irm, lltv } = params;
  return keccak256(encodeAbiParameters(MARKET_PARAMS_TYPES, [loanToken, collateralToken, oracle, irm, lltv]));
}

/**
 * Resolves a market name or id of the deployment; throws {@link UnknownMarketError} (before any RPC), or
 * `InvalidDeploymentError` when the deployment's id is not the hash of its params.
 */
export function resolveMarket(deployment: Deployment, market: unknown, parameter = "market"): ResolvedMarket {
  if (typeof market === "string") {
    for (const name of deploymentMarketNames) {
      const { id, loanToken, collateralToken, oracle, irm, lltv } = deployment.markets[name];
      if (market !== name && market.toLowerCase() !== id.toLowerCase()) continue;
      const params = { loanToken, collateralToken, oracle, irm, lltv };
      const computed = marketId(params);
      if (computed !== id.toLowerCase())
        throw new InvalidDeploymentError({
          field: `markets.${name}.id`,
          reason: `is not the id of the market's params (${computed})`,
          value: id,
        });
      return { name, id: computed, params };
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

/** Morpho's `MarketParams` tuple as the contract takes it. */
export function paramsTuple(params: MorphoMarketParams): MorphoMarketParams {
  const { loanToken, collateralToken, oracle, irm, lltv } = params;
  return { loanToken, collateralToken, oracle, irm, lltv };
}

/** A settled multicall result (`readAllSettled`). */
export type Settled<T> =
  | { status: "success"; result: T; error?: undefined }
  | { status: "failure"; error: Error; result?: undefined };

/** Unwraps a settled result that must have succeeded (rethrows its error otherwise). */
export function must<T>(settled: Settled<T>): T {
  if (settled.status === "failure") throw settled.error;
  return settled.result;
}

/**
 * The three reads that make a market: Morpho's state, the oracle's price (may revert: stale feed, paused) and the
 * adaptive-curve IRM's `rateAtTarget`. Used inside a `readAllSettled` batch.
 */
export function marketCalls(deployment: Deployment, market: ResolvedMarket) {
  return [
    { address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "market", args: [market.id] },
    { address: market.params.oracle, abi: morphoOracleAdapterAbi, functionName: "price" },
    { address: market.params.irm, abi: adaptiveCurveIrmAbi, functionName: "rateAtTarget", args: [market.id] },
  ] as const;
}

/** A market's raw reads, decoded. */
export type MarketValues = {
  state: MarketStateValues;
  /** Oracle price, `undefined` when `price()` reverted. */
  price: bigint | undefined;
  /** Why `price()` reverted (decoded `AidContractError` when it is one of ours), or `undefined`. */
  priceError: Error | undefined;
  /** The IRM's `rateAtTarget`; `undefined` when the market's IRM is not the deployment's adaptive-curve IRM. */
  rateAtTarget: bigint | undefined;
};

/** Decodes the settled results of {@link marketCalls} (3 results). */
export function marketValues(deployment: Deployment, market: ResolvedMarket, results: readonly unknown[]): MarketValues {
  const [stateResult, priceResult, rateResult] = results as [
    Settled<readonly [bigint, bigint, bigint, bigint, bigint, bigint]>,
    Settled<bigint>,
    Settled<bigint>,
  ];
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = must(stateResult);
  const adaptive = market.params.irm.toLowerCase() === deployment.contracts.AdaptiveCurveIrm.toLowerCase();
  return {
    state: { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee },
    price: priceResult.status === "success" ? priceResult.result : undefined,
    priceError: priceResult.status === "failure" ? (decodeAidError(priceResult.error) ?? priceResult.error) : undefined,
    rateAtTarget: adaptive ? must(rateResult) : undefined,
  };
}

/** Number of calls {@link positionCalls} makes per market. */
export const POSITION_CALLS_PER_MARKET = 6;

/** Per market: the market's three reads, the user's position and its two allowances to Morpho. */
export function positionCalls(deployment: Deployment, resolved: readonly ResolvedMarket[], user: Address) {
  const morpho = deployment.contracts.Morpho;
  return resolved.flatMap((market) => [
    ...marketCalls(deployment, market),
    { address: morpho, abi: morphoAbi, functionName: "position", args: [market.id, user] } as const,
    { address: market.params.loanToken, abi: erc20Abi, functionName: "allowance", args: [user, morpho] } as const,
    { address: market.params.collateralToken, abi: erc20Abi, functionName: "allowance", args: [user, morpho] } as const,
  ]);
}

/** Decodes one market's {@link positionCalls} results. */
export function positionValues(
  deployment: Deployment,
  market: ResolvedMarket,
  results: readonly unknown[],
): { market: MarketValues; position: PositionValues; allowances: { loanToken: bigint; collateralToken: bigint } } {
  const [supplyShares, borrowShares, collateral] = must(results[3] as Settled<readonly [bigint, bigint, bigint]>);
  return {
    market: marketValues(deployment, market, results.slice(0, 3)),
    position: { supplyShares, borrowShares, collateral },
    allowances: {
      loanToken: must(results[4] as Settled<bigint>),
      collateralToken: must(results[5] as Settled<bigint>),
    },
  };
}
