import { type Account, type Address, type Chain, type Client, type Transport, isAddressEqual } from "viem";
import type { Deployment, DeploymentPoolName, DeploymentTokenName } from "../deployment.js";
import { InvalidParameterError } from "../errors/validation.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertPositiveAmount } from "../utils/validate.js";

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

/** The part of Uniswap v3 `SwapRouter` (v3-periphery 1.4) the SDK calls. */
export const swapRouterAbi = [
  {
    type: "function",
    name: "exactInputSingle",
    stateMutability: "payable",
    inputs: [
      {
        name: "params",
        type: "tuple",
        components: [
          { name: "tokenIn", type: "address" },
          { name: "tokenOut", type: "address" },
          { name: "fee", type: "uint24" },
          { name: "recipient", type: "address" },
          { name: "deadline", type: "uint256" },
          { name: "amountIn", type: "uint256" },
          { name: "amountOutMinimum", type: "uint256" },
          { name: "sqrtPriceLimitX96", type: "uint160" },
        ],
      },
    ],
    outputs: [{ name: "amountOut", type: "uint256" }],
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
/** Largest `slippageBps` {@link swap} accepts (50%). */
export const MAX_SLIPPAGE_BPS = 5000;
/** Default swap deadline: this many seconds after the quote's block. */
export const DEFAULT_SWAP_DEADLINE = 1200n;

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

/** Parameters of {@link swap}. */
export type SwapParameters = WriteOptions &
  Omit<QuoteSwapParameters, "blockNumber"> & {
    /**
     * Accepted slippage below the quote, in bps, integer in [0, {@link MAX_SLIPPAGE_BPS}]:
     * `amountOutMinimum = ⌊quote × (10 000 − slippageBps) / 10 000⌋`.
     */
    slippageBps: number;
    /** Receiver of `tokenOut` (default: the sender). */
    recipient?: Address | undefined;
    /** Unix deadline (default: the quote's block time + {@link DEFAULT_SWAP_DEADLINE}). */
    deadline?: bigint | undefined;
  };

/** Return type of {@link swap}: `result` is the amount out; `quote` and `amountOutMinimum` are what bounded it. */
export type SwapReturnType = WriteReturnType<bigint, unknown> & {
  quote: QuoteSwapReturnType;
  amountOutMinimum: bigint;
};

/**
 * Swaps an exact input on a pool of the deployment through Uniswap's `SwapRouter.exactInputSingle`: quotes it
 * ({@link quoteSwap}, one `eth_call`), sets `amountOutMinimum` from the quote and `slippageBps`, simulates, then
 * sends the simulated request. If the price moved beyond the bound, the router reverts (`Too little received`)
 * in the simulation and nothing is sent. The sender must have approved `tokenIn` to the `SwapRouter`.
 *
 * @throws {InvalidParameterError} `slippageBps` is not an integer in [0, 5000] (before any RPC).
 * @example
 * ```ts
 * await swap(wallet, { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn: parseUnits("100", 6), slippageBps: 30 })
 * ```
 */
export async function swap(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SwapParameters,
): Promise<SwapReturnType> {
  const { deployment, slippageBps, dryRun } = parameters;
  if (typeof slippageBps !== "number" || !Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > MAX_SLIPPAGE_BPS)
    throw new InvalidParameterError({
      parameter: "slippageBps",
      value: slippageBps,
      reason: `must be an integer in [0, ${MAX_SLIPPAGE_BPS}]`,
    });
  resolvePair(deployment, parameters.pool, parameters.tokenIn);
  assertPositiveAmount(parameters.amountIn, "amountIn");
  const { account, address } = resolveAccount(client, parameters.account);
  const recipient = parameters.recipient ?? address;
  assertAddress(recipient, "recipient");
  if (parameters.deadline !== undefined && (typeof parameters.deadline !== "bigint" || parameters.deadline <= 0n))
    throw new InvalidParameterError({ parameter: "deadline", value: parameters.deadline, reason: "must be a positive bigint" });
  const quote = await quoteSwap(client, {
    deployment,
    pool: parameters.pool,
    tokenIn: parameters.tokenIn,
    amountIn: parameters.amountIn,
    multicallAddress: parameters.multicallAddress,
  });
  const amountOutMinimum = (quote.amountOut * BigInt(10_000 - slippageBps)) / 10_000n;
  const sent = (await simulateAndSend(client, {
    address: deployment.contracts.SwapRouter,
    abi: swapRouterAbi,
    functionName: "exactInputSingle",
    args: [
      {
        tokenIn: quote.tokenIn,
        tokenOut: quote.tokenOut,
        fee: quote.fee,
        recipient,
        deadline: parameters.deadline ?? quote.timestamp + DEFAULT_SWAP_DEADLINE,
        amountIn: quote.amountIn,
        amountOutMinimum,
        sqrtPriceLimitX96: 0n,
      },
    ],
    account,
    dryRun,
  })) as WriteReturnType<bigint, unknown>;
  return { ...sent, quote, amountOutMinimum };
}

function resolvePair(
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
