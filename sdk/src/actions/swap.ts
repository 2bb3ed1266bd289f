import type { Account, Address, Chain, Client, Transport } from "viem";
import { InvalidParameterError } from "../errors/validation.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertPositiveAmount } from "../utils/validate.js";
import { type QuoteSwapParameters, type QuoteSwapReturnType, quoteSwap, resolvePair } from "./quoteSwap.js";

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

/** Largest `slippageBps` {@link swap} accepts (50%). */
export const MAX_SLIPPAGE_BPS = 5000;
/** Default swap deadline: this many seconds after the quote's block. */
export const DEFAULT_SWAP_DEADLINE = 1200n;

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

