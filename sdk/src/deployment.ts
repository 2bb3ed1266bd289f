import { type Address, type Hex, isAddress, isHex } from "viem";
import { InvalidDeploymentError } from "./errors/validation.js";

/** Names under `contracts` in `deployments/<chainId>.json` (script/lib/DeploymentJson.sol). */
export const deploymentContractNames = [
  "USDC",
  "USDT",
  "AID",
  "StakedAID",
  "Reserve",
  "DealBook",
  "InsuranceFund",
  "YieldDistributor",
  "PushFeedUsdcUsd",
  "PushFeedUsdtUsd",
  "PushFeedAidUsd",
  "PushFeedGpuNav",
  "PushFeedSAidAid",
  "MorphoOracleSAidUsdc",
  "MorphoOracleAidUsdc",
  "MorphoOracleUsdcAid",
  "Morpho",
  "AdaptiveCurveIrm",
  "UniswapV3Factory",
  "SwapRouter",
  "QuoterV2",
  "NonfungiblePositionManager",
  "WETH9",
  "FlashLiquidator",
] as const;
/** Names under `tokens`. */
export const deploymentTokenNames = ["USDC", "USDT", "AID", "sAID"] as const;
/** Names under `feeds`. */
export const deploymentFeedNames = ["USDC_USD", "USDT_USD", "AID_USD", "GPU_NAV", "SAID_AID"] as const;
/** Names under `markets`. */
export const deploymentMarketNames = ["SAID_USDC", "AID_USDC", "USDC_AID"] as const;
/** Names under `pools`. */
export const deploymentPoolNames = ["AID_USDC", "SAID_AID", "SAID_USDC"] as const;

export type DeploymentContractName = (typeof deploymentContractNames)[number];
export type DeploymentTokenName = (typeof deploymentTokenNames)[number];
export type DeploymentFeedName = (typeof deploymentFeedNames)[number];
export type DeploymentMarketName = (typeof deploymentMarketNames)[number];
export type DeploymentPoolName = (typeof deploymentPoolNames)[number];
/** Stablecoins the Reserve mints against and redeems into. */
export type StableSymbol = "USDC" | "USDT";

/** A Morpho Blue market of the deployment (`lltv` parsed to a bigint, 1e18 = 100%). */
export type DeploymentMarket = {
  id: Hex;
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
};

/**
 * A parsed `deployments/<chainId>.json`: every address the SDK uses comes from here, nothing is hard-coded. Obtain
 * it with {@link parseDeployment} (which validates every field).
 */
export type Deployment = {
  chainId: number;
  /** Chain head when the deployment started: every deployment transaction is in a later block. */
  startBlock: number;
  contracts: Record<DeploymentContractName, Address>;
  tokens: Record<DeploymentTokenName, Address>;
  feeds: Record<DeploymentFeedName, Address>;
  markets: Record<DeploymentMarketName, DeploymentMarket>;
  pools: Record<DeploymentPoolName, Address>;
};

/** Parameter of {@link parseDeployment}: the JSON value (already `JSON.parse`d). */
export type ParseDeploymentParameters = unknown;
/** Return type of {@link parseDeployment}. */
export type ParseDeploymentReturnType = Deployment;
/** Errors {@link parseDeployment} throws. */
export type ParseDeploymentErrorType = InvalidDeploymentError;

/**
 * Validates a `deployments/<chainId>.json` value and returns it typed: every address is checked with viem's
 * `isAddress`, market ids are 32-byte hex, `lltv` (a decimal string) becomes a `bigint`. Throws
 * {@link InvalidDeploymentError} naming the first bad field.
 *
 * @example
 * ```ts
 * import json from "./deployments/31337.json" with { type: "json" }
 * import { parseDeployment } from "@aid-protocol/sdk"
 *
 * const deployment = parseDeployment(json)
 * deployment.contracts.Reserve // `0x${string}`
 * ```
 */
export function parseDeployment(json: ParseDeploymentParameters): ParseDeploymentReturnType {
  const root = object(json, "(root)");
  const contracts = object(root.contracts, "contracts");
  const tokens = object(root.tokens, "tokens");
  const feeds = object(root.feeds, "feeds");
  const markets = object(root.markets, "markets");
  const pools = object(root.pools, "pools");
  return {
    chainId: uint(root.chainId, "chainId"),
    startBlock: uint(root.startBlock, "startBlock"),
    contracts: addresses(contracts, deploymentContractNames, "contracts"),
    tokens: addresses(tokens, deploymentTokenNames, "tokens"),
    feeds: addresses(feeds, deploymentFeedNames, "feeds"),
    markets: Object.fromEntries(
      deploymentMarketNames.map((name) => [name, market(markets[name], `markets.${name}`)]),
    ) as Record<DeploymentMarketName, DeploymentMarket>,
    pools: addresses(pools, deploymentPoolNames, "pools"),
  };
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidDeploymentError({ field, reason: "must be an object", value });
  return value as Record<string, unknown>;
}

function uint(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new InvalidDeploymentError({ field, reason: "must be a non-negative integer", value });
  return value;
}

function address(value: unknown, field: string): Address {
  if (typeof value !== "string" || !isAddress(value))
    throw new InvalidDeploymentError({ field, reason: "must be an address", value });
  return value;
}

function addresses<const names extends readonly string[]>(
  source: Record<string, unknown>,
  names: names,
  field: string,
): Record<names[number], Address> {
  return Object.fromEntries(names.map((name) => [name, address(source[name], `${field}.${name}`)])) as Record<
    names[number],
    Address
  >;
}

function market(value: unknown, field: string): DeploymentMarket {
  const m = object(value, field);
  const id = m.id;
  if (typeof id !== "string" || !isHex(id, { strict: true }) || id.length !== 66)
    throw new InvalidDeploymentError({ field: `${field}.id`, reason: "must be a 32-byte hex string", value: id });
  const lltv = m.lltv;
  if (typeof lltv !== "string" || !/^[0-9]+$/.test(lltv))
    throw new InvalidDeploymentError({ field: `${field}.lltv`, reason: "must be a decimal integer string", value: lltv });
  return {
    id,
    loanToken: address(m.loanToken, `${field}.loanToken`),
    collateralToken: address(m.collateralToken, `${field}.collateralToken`),
    oracle: address(m.oracle, `${field}.oracle`),
    irm: address(m.irm, `${field}.irm`),
    lltv: BigInt(lltv),
  };
}
