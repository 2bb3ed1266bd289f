/**
 * Same-block liquidations behind our own price push: the oracle and liquidator jobs in one keeper process, the
 * price moved by the market-data endpoint the oracle job reads. Mining is manual (automine off), so "the push and
 * the liquidation are in one block" is decided by what sits in the node's pool when the block is mined, not by timing.
 * - with its own key (KEEPER_LIQUIDATOR_KEY), the liquidator's tx joins the push in the pool and lands right
 *   behind it in the same block;
 * - sharing the pusher's key, it can only follow once the push is mined (one in-flight tx per key): next block, and
 *   the job says so at the first push.
 */
import { type Address, type Hex, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flashLiquidatorAbi } from "@aid-protocol/sdk";
import { setPrices, startMarketData, type MarketData } from "../../tools/devnet/marketData.js";
import { freePort } from "../../tools/lib/net.mjs";
import { morphoAbi } from "../src/jobs/liquidator/abis.js";
import { type EvaluatedBlock, createLiquidatorJob } from "../src/jobs/liquidator/job.js";
import { oracleJob } from "../src/jobs/oracle/index.js";
import { createLogger } from "../src/log.js";
import { type Keeper, startKeeper } from "../src/runtime.js";
import { RECIPIENT, openPopulation } from "./fixtures/liquidator-population.js";
import { type Chain, KEYS, keeperConfig, startChain } from "./helpers/chain.js";

let chain: Chain;
let market: MarketData;
let base: Hex;

beforeAll(async () => {
  chain = await startChain({ anvilArgs: ["--auto-impersonate"] });
  await openPopulation(chain, chain.deployment, [
    { market: "SAID_USDC", count: 12, loLtv: 0.5, hiLtv: 0.84 },
    { market: "AID_USDC", count: 8, loLtv: 0.5, hiLtv: 0.9 },
  ]);
  market = await startMarketData({ port: await freePort(), initial: { AID_USD: "1" } });
  base = await chain.snapshot();
}, 240_000);
afterAll(async () => {
  await market?.stop();
  await chain?.stop();
});

async function until(what: string, pred: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const poolSize = async () => BigInt(((await chain.rpc("txpool_status")) as { pending: Hex }).pending);

const setAidUsd = (value: string) => setPrices(market.url, { AID_USD: value });

type Run = { keeper: Keeper; evaluated: EvaluatedBlock[]; lines: Record<string, unknown>[] };

/** The oracle + liquidator jobs in one keeper; automine off; returns once the liquidator evaluated a block. */
async function startBoth(env: Record<string, string>): Promise<Run> {
  await chain.revert(base);
  base = await chain.snapshot();
  await setAidUsd("1");
  await chain.rpc("evm_setAutomine", [false]);
  const evaluated: EvaluatedBlock[] = [];
  const lines: Record<string, unknown>[] = [];
  const { config } = keeperConfig(
    chain,
    {
      pollIntervalMs: 100,
      oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "http", url: market.url, path: "AID_USD" }] }] },
      liquidator: { recipient: RECIPIENT, markets: ["SAID_USDC", "AID_USDC"] },
    },
    env,
  );
  const keeper = await startKeeper({
    config,
    jobs: [oracleJob, createLiquidatorJob({ confirmations: 2, pollIntervalMs: 50, onEvaluated: (e) => evaluated.push(e) })],
    log: createLogger({ level: "info", write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) }),
    handleSignals: false,
  });
  await until("the liquidator's first evaluation", () => evaluated.length > 0);
  expect(await poolSize(), "nothing sent at the opening price").toBe(0n);
  return { keeper, evaluated, lines };
}

async function stopRun(run: Run): Promise<void> {
  await chain.rpc("evm_setAutomine", [true]);
  await chain.rpc("evm_mine"); // whatever is still pooled
  await run.keeper.stop("test");
  await run.keeper.done;
  await chain.rpc("evm_setAutomine", [true]);
}

/** The block's transactions in order, with their target and status. */
async function blockTxs(number: bigint) {
  const block = await chain.client.getBlock({ blockNumber: number, includeTransactions: true });
  return Promise.all(
    block.transactions.map(async (tx) => {
      const r = await chain.client.getTransactionReceipt({ hash: tx.hash });
      return { to: tx.to as Address, from: tx.from, status: r.status, logs: r.logs, tip: tx.maxPriorityFeePerGas };
    }),
  );
}

const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();

describe("liquidator: same block as our own price push", () => {
  it("with its own key, the first liquidation lands right behind the push, in the same block", async () => {
    const run = await startBoth({ KEEPER_PRIVATE_KEY: KEYS.oracle, KEEPER_LIQUIDATOR_KEY: KEYS.deployer });
    try {
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      await setAidUsd("0.9");
      // The push and the first liquidation both reach the pool before anything is mined.
      await until("the push and a liquidation in the pool", async () => (await poolSize()) >= 2n);
      const pending = run.evaluated.find((e) => e.pending);
      expect(pending?.liquidatable.length, "the pending evaluation found the positions the push makes liquidatable").toBeGreaterThan(0);
      await chain.rpc("evm_mine");
      const txs = await blockTxs(head + 1n);
      expect(txs.length, "push + one liquidation (one in-flight tx per key)").toBe(2);
      const [push, liq] = txs as [(typeof txs)[number], (typeof txs)[number]];
      expect(same(push.to, chain.deployment.feeds.AID_USD), "the push comes first").toBe(true);
      expect(push.status).toBe("success");
      expect(same(liq.to, chain.deployment.contracts.FlashLiquidator), "then the liquidation").toBe(true);
      expect(liq.status, "the liquidation succeeds against the pushed price").toBe("success");
      expect(same(liq.from, run.keeper.liquidatorSender.address), "sent by the liquidator's own key").toBe(true);
      expect((liq.tip ?? 0n) < (push.tip ?? 0n), "bids under the push's tip, so builders keep it behind").toBe(true);
      const liquidated = parseEventLogs({ abi: morphoAbi, logs: liq.logs, eventName: "Liquidate" });
      expect(liquidated.length, "Morpho liquidated in the push's block").toBe(1);
      const flash = parseEventLogs({ abi: flashLiquidatorAbi, logs: liq.logs, eventName: "FlashLiquidation" })[0];
      expect(flash?.args.profitRecipient, "profit at the configured recipient").toBe(RECIPIENT);
      expect(flash?.args.profit ?? 0n, "a profitable liquidation").toBeGreaterThan(0n);
      expect(run.lines.some((l) => String(l.msg).includes("shares the oracle pusher's key")), "no shared-key warning").toBe(false);
    } finally {
      await stopRun(run);
    }
  });

  it("sharing the pusher's key, the liquidation follows one block later, and the job warns once", async () => {
    const run = await startBoth({ KEEPER_PRIVATE_KEY: KEYS.deployer, KEEPER_ORACLE_SIGNER_KEY: KEYS.oracle });
    try {
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      await setAidUsd("0.9");
      // The liquidation is evaluated at `pending` but queued in the sender behind the push still in flight.
      await until("the push pooled and a liquidation queued behind it", async () => (await poolSize()) === 1n && run.keeper.sender.pending >= 2);
      expect(run.keeper.liquidatorSender, "one sender for both jobs").toBe(run.keeper.sender);
      await chain.rpc("evm_mine");
      const first = await blockTxs(head + 1n);
      expect(first.map((t) => same(t.to, chain.deployment.feeds.AID_USD)), "the push's block holds only the push").toEqual([true]);
      await until("the liquidation in the pool", async () => (await poolSize()) >= 1n);
      await chain.rpc("evm_mine");
      const second = await blockTxs(head + 2n);
      expect(second.length).toBe(1);
      expect(same((second[0] as (typeof second)[number]).to, chain.deployment.contracts.FlashLiquidator), "liquidation next block").toBe(true);
      expect((second[0] as (typeof second)[number]).status).toBe("success");
      const warnings = run.lines.filter((l) => String(l.msg).includes("shares the oracle pusher's key"));
      expect(warnings.length, "warned exactly once").toBe(1);
    } finally {
      await stopRun(run);
    }
  });
});
