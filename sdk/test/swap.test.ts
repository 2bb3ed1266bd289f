/**
 * quoteSwap / swap on the deployment's Uniswap v3 pools (the real v3 artifacts, seeded around the fair price): the
 * quote is one eth_call and equals the executed amount; the slippage bound is quote × (1 − bps); a price move beyond
 * it makes the prepared swap revert; bad slippage is rejected before any RPC.
 */
import { decodeEventLog, erc20Abi, parseAbi, parseUnits } from "viem";
import { simulateContract } from "viem/actions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { quoteSwap } from "../src/actions/quoteSwap.js";
import { MAX_SLIPPAGE_BPS, swap, swapRouterAbi } from "../src/actions/swap.js";
import { createAidClient } from "../src/clients/createAidClient.js";
import { InvalidAmountError, InvalidParameterError } from "../src/errors/validation.js";
import { type Harness, USER_B, USER_C, startHarness } from "./harness.js";

let h: Harness;
const swapEventAbi = parseAbi([
  "event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)",
]);

beforeAll(async () => {
  h = await startHarness();
  for (const user of [USER_B, USER_C])
    await h.fundStable(h.deployment.tokens.USDC, user, parseUnits("1000000", 6), h.deployment.contracts.SwapRouter);
});
afterAll(async () => {
  await h?.stop();
});

describe("quoteSwap", () => {
  test("one eth_call; the pool's tier and tokens; a sane price", async () => {
    const { deployment } = h;
    const amountIn = parseUnits("100", 6);
    const { value: q, methods, http } = await h.count(() =>
      quoteSwap(h.counted, { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn }),
    );
    expect(methods, "one eth_call").toEqual(["eth_call"]);
    expect(http).toBe(1);
    expect(q).toMatchObject({ pool: deployment.pools.AID_USDC, tokenIn: deployment.tokens.USDC, tokenOut: deployment.tokens.AID, fee: 100, amountIn });
    // 100 USDC at ≈ 1 AID/USDC minus the 0.01 % fee and a little price impact: between 99 and 100 AID.
    expect(q.amountOut).toBeGreaterThan(parseUnits("99", 18));
    expect(q.amountOut).toBeLessThan(parseUnits("100", 18));
    // The other direction and the 0.05 % sAID/AID pool (tokens by address, any case).
    const back = await quoteSwap(h.chain, { deployment, pool: "SAID_AID", tokenIn: deployment.tokens.AID.toLowerCase() as `0x${string}`, amountIn: parseUnits("10", 18) });
    expect(back).toMatchObject({ tokenOut: deployment.tokens.sAID, fee: 500 });
    expect(back.amountOut, "some sAID").toBeGreaterThan(0n);
  });
});

describe("swap", () => {
  test("the quote equals the simulated and the executed amount; amountOutMinimum = quote × (1 − 0.5 %)", async () => {
    const { deployment } = h;
    const amountIn = parseUnits("250", 6);
    const aid = createAidClient({ client: h.wallet(USER_B), deployment });
    const before = await h.balanceOf(deployment.tokens.AID, USER_B);
    const sent = await aid.swap({ pool: "AID_USDC", tokenIn: "USDC", amountIn, slippageBps: 50 });
    expect(sent.result, "simulation = quote (same state)").toBe(sent.quote.amountOut);
    expect(sent.amountOutMinimum).toBe((sent.quote.amountOut * 9_950n) / 10_000n);
    const { args } = sent.request as { args: [{ amountOutMinimum: bigint; deadline: bigint; recipient: string }] };
    expect(args[0].amountOutMinimum, "the bound is in the sent request").toBe(sent.amountOutMinimum);
    expect(args[0].deadline, "default deadline: quote time + 20 min").toBe(sent.quote.timestamp + 1_200n);
    expect(args[0].recipient).toBe(USER_B);
    const receipt = await h.mined(sent.hash);
    expect((await h.balanceOf(deployment.tokens.AID, USER_B)) - before, "received = quote").toBe(sent.quote.amountOut);
    const swapped = receipt.logs
      .filter((log) => log.address.toLowerCase() === deployment.pools.AID_USDC.toLowerCase())
      .map((log) => decodeEventLog({ abi: swapEventAbi, ...log }))[0];
    const out = swapped?.args.amount0 ?? 0n;
    const paid = swapped?.args.amount1 ?? 0n;
    // The pool's Swap: one side is +amountIn (USDC in), the other −quote (AID out).
    expect([out, paid].sort((a, b) => (a < b ? -1 : 1)), "pool Swap event").toEqual([-sent.quote.amountOut, amountIn]);
  });

  test("slippage guard: a price move beyond the bound makes the prepared swap revert; nothing is sent", async () => {
    const { deployment } = h;
    const amountIn = parseUnits("1000", 6);
    const prepared = await swap(h.wallet(USER_B), { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn, slippageBps: 10, dryRun: true });
    expect(prepared.hash, "dry run").toBeUndefined();
    // Someone else buys a lot of AID first: the price moves far more than 0.1 %.
    await h.mined((await swap(h.wallet(USER_C), { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn: parseUnits("250000", 6), slippageBps: MAX_SLIPPAGE_BPS })).hash);
    const requote = await quoteSwap(h.chain, { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn });
    expect(requote.amountOut, "the price moved beyond the bound").toBeLessThan(prepared.amountOutMinimum);
    const error = await simulateContract(h.chain, prepared.request as never).catch((e: unknown) => e);
    expect(String((error as Error).message), "the router's own guard").toMatch(/Too little received/);
    // A fresh swap quotes the new price and passes.
    const fresh = await swap(h.wallet(USER_B), { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn, slippageBps: 10, dryRun: true });
    expect(fresh.result).toBe(requote.amountOut);
    expect(fresh.request).toMatchObject({ address: deployment.contracts.SwapRouter, functionName: "exactInputSingle", abi: swapRouterAbi });
  });

  test("bad slippage, pool, token or amount is rejected before any RPC", async () => {
    const { deployment } = h;
    const base = { deployment, pool: "AID_USDC" as const, tokenIn: "USDC" as const, amountIn: 1_000_000n, account: USER_B };
    const cases: [Record<string, unknown>, unknown, string][] = [
      [{ slippageBps: MAX_SLIPPAGE_BPS + 1 }, InvalidParameterError, "slippageBps"],
      [{ slippageBps: -1 }, InvalidParameterError, "slippageBps"],
      [{ slippageBps: 1.5 }, InvalidParameterError, "slippageBps"],
      [{ slippageBps: "50" }, InvalidParameterError, "slippageBps"],
      [{ slippageBps: 50, pool: "AID_DAI" }, InvalidParameterError, "pool"],
      [{ slippageBps: 50, tokenIn: "sAID" }, InvalidParameterError, "tokenIn"],
      [{ slippageBps: 50, amountIn: 0n }, InvalidAmountError, "amountIn"],
      [{ slippageBps: 50, deadline: 0n }, InvalidParameterError, "deadline"],
    ];
    for (const [override, type, parameter] of cases) {
      const { value: error, methods } = await h.count(() => swap(h.counted, { ...base, ...override } as never).catch((e: unknown) => e));
      expect(error, parameter).toBeInstanceOf(type as never);
      expect((error as { parameter: string }).parameter).toBe(parameter);
      expect(methods, "no RPC").toEqual([]);
    }
    // The edges of the slippage range are accepted.
    for (const slippageBps of [0, MAX_SLIPPAGE_BPS]) {
      const ok = await swap(h.wallet(USER_B), { ...base, slippageBps, dryRun: true });
      expect(ok.amountOutMinimum).toBe((ok.quote.amountOut * BigInt(10_000 - slippageBps)) / 10_000n);
    }
    expect(await h.chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "allowance", args: [USER_B, deployment.contracts.SwapRouter] }), "the approval the swaps need").toBeGreaterThan(0n);
  });
});
