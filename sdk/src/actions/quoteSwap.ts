import { type Address, type Chain, type Client, type Transport, isAddressEqual } from "viem";
import type { Deployment, DeploymentPoolName, DeploymentTokenName } from "../deployment.js";
import { InvalidParameterError } from "../errors/validation.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { assertPositiveAmount } from "../utils/validate.js";

/** The part of Uniswap v3 `QuoterV2` (v3-periphery 1.4) the SDK calls. */
export const quoterV2Abi = [
  {
    type: "function",
    name: "quoteExactInputSingle",
    stateMutability: "nonpayable",
    inputs: [
      {
        name: "params",
        type: "tuple",
        components: [
          { name: "tokenIn", type: "address" },
          { name: "tokenOut", type: "address" },
          { name: "amountIn", type: "uint256" },
          { name: "fee", type: "uint24" },
          { name: "sqrtPriceLimitX96", type: "uint160" },
        ],
      },
    ],
    outputs: [
      { name: "amountOut", type: "uint256" },
      { name: "sqrtPriceX96After", type: "uint160" },
      { name: "initializedTicksCrossed", type: "uint32" },
      { name: "gasEstimate", type: "uint256" },
    ],
  },
] as const;

/** The pool getters the SDK reads. */
export const uniswapV3PoolAbi = [
  { type: "function", name: "token0", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "address" }] },
  { type: "function", name: "token1", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "address" }] },
  { type: "function", name: "fee", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint24" }] },
] as const;

/** Uniswap v3 fee tiers (hundredths of a bip) the quote tries; the pool's own tier is kept. */
export const UNISWAP_V3_FEE_TIERS = [100, 500, 3000, 10000] as const;
/** The two tokens of each deployment pool, by deployment token name. */
const POOL_TOKENS: Record<DeploymentPoolName, readonly [DeploymentTokenName, DeploymentTokenName]> = {
  AID_USDC: ["AID", "USDC"],
  SAID_AID: ["sAID", "AID"],
  SAID_USDC: ["sAID", "USDC"],
};

/** Parameters of {@link quoteSwap}. */
export type QuoteSwapParameters = ReadOptions & {
  deployment: Deployment;
  /** Pool of the deployment: `"AID_USDC"`, `"SAID_AID"` or `"SAID_USDC"`. */
  pool: DeploymentPoolName;
  /** Token sold: one of the pool's two, by deployment name (`"AID"`, `"USDC"`, `"sAID"`) or address. */
  tokenIn: DeploymentTokenName | Address;
  /** Exact amount sold, in `tokenIn` units. */
  amountIn: bigint;
};

/** Return type of {@link quoteSwap}. */
export type QuoteSwapReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  pool: Address;
  tokenIn: Address;
  tokenOut: Address;
  /** The pool's fee tier (hundredths of a bip: 100 = 0.01%). */
  fee: number;
  amountIn: bigint;
  /** What `exactInputSingle` pays for `amountIn` in the state read (QuoterV2 runs the swap and reverts it). */
  amountOut: bigint;
  sqrtPriceX96After: bigint;
  initializedTicksCrossed: number;
  gasEstimate: bigint;
};

/**
 * Quotes an exact-input swap on a pool of the deployment with Uniswap's `QuoterV2.quoteExactInputSingle`, in ONE
 * `eth_call`: the pool's `token0`/`token1`/`fee` and the quote for each standard fee tier run in the same Multicall3
 * (failures allowed; the quote of the pool's own tier is kept), so no round trip is spent learning the fee.
 * Validates `pool`, `tokenIn` and `amountIn` before any RPC.
 *
 * @example
 * ```ts
 * const q = await quoteSwap(client, { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn: parseUnits("100", 6) })
 * console.log(formatAmount(q.amountOut, 18))
 * ```
 */
export async function quoteSwap(
  client: Client<Transport, Chain | undefined>,
  parameters: QuoteSwapParameters,
): Promise<QuoteSwapReturnType> {
  const { deployment, amountIn } = parameters;
  const { pool, tokenIn, tokenOut } = resolvePair(deployment, parameters.pool, parameters.tokenIn);
  assertPositiveAmount(amountIn, "amountIn");
  const quoter = { address: deployment.contracts.QuoterV2, abi: quoterV2Abi, functionName: "quoteExactInputSingle" } as const;
  const poolContract = { address: pool, abi: uniswapV3PoolAbi } as const;
  const { results, timestamp, blockNumber } = await readAllSettled(
    client,
    [
      { ...poolContract, functionName: "token0" },
      { ...poolContract, functionName: "token1" },
      { ...poolContract, functionName: "fee" },
      ...UNISWAP_V3_FEE_TIERS.map(
        (fee) => ({ ...quoter, args: [{ tokenIn, tokenOut, amountIn, fee, sqrtPriceLimitX96: 0n }] }) as const,
      ),
    ],
    parameters,
  );
  const [token0, token1, feeResult, ...quotes] = results;
  for (const r of [token0, token1, feeResult]) if (r?.status !== "success") throw r?.error;
  const fee = feeResult?.result as unknown as number;
  const pair = [token0?.result, token1?.result] as unknown as Address[];
  if (!pair.some((t) => isAddressEqual(t, tokenIn)) || !pair.some((t) => isAddressEqual(t, tokenOut)))
    throw new InvalidParameterError({
      parameter: "pool",
      value: parameters.pool,
      reason: `trades ${pair.join("/")} on chain, not the deployment's ${tokenIn}/${tokenOut}`,
    });
  const quote = quotes[UNISWAP_V3_FEE_TIERS.indexOf(fee as (typeof UNISWAP_V3_FEE_TIERS)[number])];
  if (quote === undefined)
    throw new InvalidParameterError({ parameter: "pool", value: fee, reason: "has a non-standard fee tier" });
  if (quote.status !== "success") throw quote.error;
  const [amountOut, sqrtPriceX96After, initializedTicksCrossed, gasEstimate] = quote.result as readonly [
    bigint,
    bigint,
    number,
    bigint,
  ];
  return {
    blockNumber,
    timestamp,
    pool,
    tokenIn,
    tokenOut,
    fee,
    amountIn,
    amountOut,
    sqrtPriceX96After,
    initializedTicksCrossed,
    gasEstimate,
  };
}

/**
 * Resolves a deployment pool and the token sold to addresses; throws {@link InvalidParameterError} (before any RPC)
 * for an unknown pool or a token that is not one of its two.
 */
export function resolvePair(
  deployment: Deployment,
  poolName: unknown,
  tokenIn: unknown,
): { pool: Address; tokenIn: Address; tokenOut: Address } {
  const names = typeof poolName === "string" ? POOL_TOKENS[poolName as DeploymentPoolName] : undefined;
  if (names === undefined)
    throw new InvalidParameterError({
      parameter: "pool",
      value: poolName,
      reason: `must be one of ${Object.keys(POOL_TOKENS).join(", ")}`,
    });
  const [a, b] = names.map((name) => deployment.tokens[name]) as [Address, Address];
  const matches = (token: Address, name: DeploymentTokenName) =>
    tokenIn === name || (typeof tokenIn === "string" && tokenIn.toLowerCase() === token.toLowerCase());
  if (matches(a, names[0])) return { pool: deployment.pools[poolName as DeploymentPoolName], tokenIn: a, tokenOut: b };
  if (matches(b, names[1])) return { pool: deployment.pools[poolName as DeploymentPoolName], tokenIn: b, tokenOut: a };
  throw new InvalidParameterError({
    parameter: "tokenIn",
    value: tokenIn,
    reason: `must be ${names[0]} (${a}) or ${names[1]} (${b}) for pool ${String(poolName)}`,
  });
}
