/**
 * Liquidator benchmarks (`npm run bench -w keepers`):
 *  (a) health-scan throughput in process: positions re-checked per second from the event-sourced book with exact
 *      Morpho math, per-market factors computed once per block;
 *  (b) RPC requests per block in steady state for 10 / 100 / 1,000 positions (counting transport): must be flat;
 *  (c) reaction on anvil with interval mining: blocks between the price push and the first liquidation, when an
 *      external pusher moved the price (the next block), and when our own oracle job pushed it in the same process,
 *      the liquidator sharing its key (the next block) or on its own key (the same block, right behind the push).
 */
import { Registry } from "prom-client";
import { type Abi, type Address, type Hex, createPublicClient, custom, getAddress, http, pad, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { pushFeedAbi } from "@aid-protocol/sdk";
import { type MarketData, setPrices, startMarketData } from "../../tools/devnet/marketData.js";
import { freePort } from "../../tools/lib/net.mjs";
import { createKeeperEvents } from "../src/events.js";
import { morphoAbi } from "../src/jobs/liquidator/abis.js";
import { PositionBook } from "../src/jobs/liquidator/book.js";
import { type EvaluatedBlock, createLiquidatorJob } from "../src/jobs/liquidator/job.js";
import { isHealthy, isHealthyExact, marketFactors } from "../src/jobs/liquidator/math.js";
import { oracleJob } from "../src/jobs/oracle/index.js";
import type { JobContext } from "../src/jobs/types.js";
import { createLogger } from "../src/log.js";
import { startKeeper } from "../src/runtime.js";
import { openState } from "../src/state.js";
import { createTxSender } from "../src/tx/sender.js";
import { RECIPIENT, openPopulation, pushAidUsd } from "../test/fixtures/liquidator-population.js";
import { type Chain, KEYS, keeperConfig, startChain } from "../test/helpers/chain.js";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

// ----------------------------------------------------------------------------------------------- (a) throughput

function benchThroughput(): { rows: Record<string, string>[] } {
  const markets = [1, 2, 3].map((i) => pad(toHex(i), { size: 32 }) as Hex);
  const book = new PositionBook(markets);
  const N = 300_000;
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  // Realistic magnitudes: 18-decimal collateral, USDC debt in shares (1e6 virtual shares per unit).
  const totalBorrowAssets = 50_000_000n * 10n ** 6n;
  const totalBorrowShares = totalBorrowAssets * 10n ** 6n;
  for (let i = 0; i < N; i++) {
    const market = markets[i % 3] as Hex;
    const collateral = BigInt(Math.floor((100 + rnd() * 100_000) * 1e6)) * 10n ** 12n;
    const ltv = 0.3 + rnd() * 0.6;
    const debt = BigInt(Math.floor((Number(collateral / 10n ** 12n) * ltv)));
    book.confirm([
      { eventName: "SupplyCollateral", args: { id: market, caller: "0x0000000000000000000000000000000000000001", onBehalf: addr(i), assets: collateral } },
      { eventName: "Borrow", args: { id: market, caller: addr(i), onBehalf: addr(i), receiver: addr(i), assets: debt, shares: debt * 10n ** 6n } },
    ] as never);
  }
  const price = 95n * 10n ** 22n; // 0.95 USDC per sAID at 1e36 scale with 18 → 6 decimals
  const factors = markets.map(() => marketFactors({ totalBorrowAssets, totalBorrowShares, price, lltv: 86n * 10n ** 16n }));
  const scan = (check: (f: (typeof factors)[number], p: { borrowShares: bigint; collateral: bigint; sharesF: number; collateralF: number }) => boolean) => {
    let unhealthy = 0;
    const t0 = performance.now();
    markets.forEach((m, k) => {
      const f = factors[k] as (typeof factors)[number];
      book.forEachBorrower(m, (p) => {
        if (!check(f, p)) unhealthy++;
      });
    });
    return { ms: performance.now() - t0, unhealthy };
  };
  const runs = (check: Parameters<typeof scan>[0]) => {
    scan(check); // warm-up
    const r = [scan(check), scan(check), scan(check)];
    const best = r.reduce((a, b) => (a.ms < b.ms ? a : b));
    return { perSec: (N / best.ms) * 1000, ms: best.ms, unhealthy: best.unhealthy };
  };
  const screened = runs((f, p) => isHealthy(f, p.borrowShares, p.collateral, p.sharesF, p.collateralF));
  const exact = runs((f, p) => isHealthyExact(f, p.borrowShares, p.collateral));
  if (screened.unhealthy !== exact.unhealthy) throw new Error("screened and exact verdicts differ");
  // Per block, with the factor precomputation included (3 markets).
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) markets.map(() => marketFactors({ totalBorrowAssets, totalBorrowShares, price, lltv: 86n * 10n ** 16n }));
  const factorUs = ((performance.now() - t0) / 1000) * 1000;
  return {
    rows: [
      { check: "float screen + exact bigint near the boundary (the job's path)", positions: fmt(N), "scan ms": screened.ms.toFixed(1), "positions/s": fmt(screened.perSec), unhealthy: fmt(screened.unhealthy) },
      { check: "exact bigint for every position", positions: fmt(N), "scan ms": exact.ms.toFixed(1), "positions/s": fmt(exact.perSec), unhealthy: fmt(exact.unhealthy) },
      { check: "per-block market factors (3 markets, once per block)", positions: "-", "scan ms": (factorUs / 1000).toFixed(4), "positions/s": "-", unhealthy: "-" },
    ],
  };
}

function addr(i: number): Address {
  return getAddress(pad(toHex(0xa0_000_000 + i), { size: 20 }));
}

// ------------------------------------------------------------------------------------------ (b) and (c): chain

function countingClient(url: string) {
  const counts = new Map<string, number>();
  const inner = http(url)({ chain: foundry, retryCount: 0 });
  const transport = custom({
    request: async ({ method, params }: { method: string; params?: unknown }) => {
      counts.set(method, (counts.get(method) ?? 0) + 1);
      return inner.request({ method, params } as never);
    },
  });
  return { client: createPublicClient({ chain: foundry, transport }), counts };
}

function context(chain: Chain, client: ReturnType<typeof countingClient>["client"], signal: AbortSignal): JobContext {
  const { config } = keeperConfig(chain, { liquidator: { recipient: RECIPIENT }, pollIntervalMs: 50 });
  const log = createLogger({ level: "error" });
  const sender = createTxSender({
    client: client as never,
    account: privateKeyToAccount(KEYS.deployer),
    chainId: foundry.id,
    log,
    maxFeePerGasCap: 100n * 10n ** 9n,
    pollingIntervalMs: 50,
    inclusionTimeoutMs: 60_000,
  });
  const events = createKeeperEvents();
  return { config, deployment: chain.deployment, client: client as never, sender, events, db: openState(":memory:"), metrics: new Registry(), log, signal };
}

async function benchRpc(chain: Chain): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let opened = 0;
  for (const target of [10, 100, 1000]) {
    const add = target - opened;
    const per = Math.floor(add / 3);
    await openPopulation(
      chain,
      chain.deployment,
      [
        { market: "SAID_USDC", count: add - 2 * per, loLtv: 0.3, hiLtv: 0.8 },
        { market: "AID_USDC", count: per, loLtv: 0.3, hiLtv: 0.85 },
        { market: "USDC_AID", count: per, loLtv: 0.3, hiLtv: 0.85 },
      ],
      opened,
    );
    opened = target;
    const { client, counts } = countingClient(chain.rpcUrl);
    const controller = new AbortController();
    const evaluated: EvaluatedBlock[] = [];
    const job = createLiquidatorJob({ confirmations: 2, pollIntervalMs: 50, onEvaluated: (e) => evaluated.push(e) });
    const done = job.run(context(chain, client, controller.signal));
    await waitFor(() => evaluated.length > 0 && evaluated.at(-1)?.positions === target);
    const blocks = 20;
    counts.clear();
    const start = evaluated.length;
    for (let i = 0; i < blocks; i++) {
      const n = evaluated.length;
      await chain.rpc("evm_mine");
      await waitFor(() => evaluated.length > n);
    }
    const snapshot = new Map(counts);
    controller.abort();
    await done;
    const get = (m: string) => (snapshot.get(m) ?? 0) / blocks;
    const total = [...snapshot.values()].reduce((a, b) => a + b, 0) / blocks;
    const scanMs = evaluated.slice(start).reduce((a, e) => a + e.scanMs, 0) / blocks;
    rows.push({
      positions: fmt(target),
      "eth_call/block": get("eth_call").toFixed(2),
      "eth_getLogs/block": get("eth_getLogs").toFixed(2),
      "eth_blockNumber/block (polling)": get("eth_blockNumber").toFixed(2),
      "all requests/block": total.toFixed(2),
      "scan ms/block": scanMs.toFixed(3),
    });
  }
  return rows;
}

type ReactionMode = "external" | "shared" | "own";
const REACTION_MODES: Record<ReactionMode, string> = {
  external: "external pusher (a round we did not send)",
  shared: "own oracle job, liquidator on the same key",
  own: "own oracle job, liquidator on its own key",
};

/**
 * One reaction run from the base snapshot, interval mining 1 s. "external": a signed round pushed by someone else,
 * the liquidator job alone. "shared"/"own": the oracle and liquidator jobs in one keeper (the real runtime), the
 * oracle job reading AID/USD from a market-data endpoint that moves 1.00 → 0.90; "own" gives the liquidator its own
 * key (KEEPER_LIQUIDATOR_KEY) so it can send right behind the push.
 */
async function reactionRun(chain: Chain, mode: ReactionMode, run: number, market: MarketData): Promise<Record<string, string>> {
  await setPrices(market.url, { AID_USD: "1" });
  const evaluated: EvaluatedBlock[] = [];
  const liquidator = createLiquidatorJob({ confirmations: 2, pollIntervalMs: 50, onEvaluated: (e) => evaluated.push(e) });
  let stop: () => Promise<void>;
  if (mode === "external") {
    const { client } = countingClient(chain.rpcUrl);
    const controller = new AbortController();
    const done = liquidator.run(context(chain, client, controller.signal));
    stop = async () => {
      controller.abort();
      await done;
    };
  } else {
    const env: Record<string, string> =
      mode === "own"
        ? { KEEPER_PRIVATE_KEY: KEYS.oracle, KEEPER_LIQUIDATOR_KEY: KEYS.deployer }
        : { KEEPER_PRIVATE_KEY: KEYS.deployer, KEEPER_ORACLE_SIGNER_KEY: KEYS.oracle };
    const { config } = keeperConfig(
      chain,
      {
        pollIntervalMs: 50,
        oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "http", url: market.url, path: "AID_USD" }] }] },
        liquidator: { recipient: RECIPIENT },
      },
      env,
    );
    const keeper = await startKeeper({ config, jobs: [oracleJob, liquidator], log: createLogger({ level: "error" }), handleSignals: false });
    stop = async () => {
      await keeper.stop("bench");
      await keeper.done;
    };
  }
  try {
    await waitFor(() => evaluated.length > 0);
    await chain.rpc("evm_setAutomine", [false]);
    await chain.rpc("evm_setIntervalMining", [1]);
    const from = await chain.client.getBlockNumber({ cacheTime: 0 });
    if (mode === "external") await pushAidUsd(chain, chain.deployment, 90_000_000n - BigInt(run), { mine: false });
    else await setPrices(market.url, { AID_USD: (0.9 - run / 1e8).toFixed(8) });
    const push = await waitForEvent(chain, { address: chain.deployment.feeds.AID_USD, abi: pushFeedAbi, eventName: "NewRound" }, from);
    const liq = await waitForEvent(chain, { address: chain.deployment.contracts.Morpho, abi: morphoAbi, eventName: "Liquidate" }, push.block);
    return {
      mode: REACTION_MODES[mode],
      run: String(run + 1),
      "push block": String(push.block),
      "first liquidation block": String(liq.block),
      "blocks after the push": String(liq.block - push.block),
      "tx index push / liquidation": liq.block === push.block ? `${push.index} / ${liq.index}` : "-",
    };
  } finally {
    await chain.rpc("evm_setIntervalMining", [0]);
    await chain.rpc("evm_setAutomine", [true]);
    await stop();
  }
}

async function benchReaction(chain: Chain): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  const market = await startMarketData({ port: await freePort(), initial: { AID_USD: "1" } });
  try {
    let base = (await chain.rpc("evm_snapshot")) as Hex;
    for (const mode of ["external", "shared", "own"] as const) {
      for (let run = 0; run < 3; run++) {
        await chain.rpc("evm_revert", [base]);
        base = (await chain.rpc("evm_snapshot")) as Hex;
        rows.push(await reactionRun(chain, mode, run, market));
      }
    }
  } finally {
    await market.stop();
  }
  return rows;
}

/** The first log of `eventName` at `address` since `fromBlock`: its block and tx index. */
async function waitForEvent(
  chain: Chain,
  event: { address: Address; abi: Abi; eventName: string },
  fromBlock: bigint,
): Promise<{ block: bigint; index: number }> {
  let found: { block: bigint; index: number } | undefined;
  await waitFor(async () => {
    const [l] = await chain.client.getContractEvents({ ...event, fromBlock, toBlock: "latest" });
    if (l) found = { block: l.blockNumber, index: l.transactionIndex };
    return l !== undefined;
  }, 60_000);
  return found as { block: bigint; index: number };
}

async function waitFor(pred: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error("bench: timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------------------------------------------- main

const only = process.env.BENCH_ONLY;
if (!only || only === "a") {
console.log("\n(a) health-scan throughput, in process (exact Morpho rounding; 300,000 positions over 3 markets)");
console.table(benchThroughput().rows);
}

const chain = await startChain({ anvilArgs: ["--auto-impersonate"] });
try {
  if (!only || only === "b") {
    console.log("\n(b) RPC requests per block in steady state (counting transport; 20 blocks each; poll interval 50 ms)");
    console.table(await benchRpc(chain));
  } else await openPopulation(chain, chain.deployment, [{ market: "SAID_USDC", count: 30, loLtv: 0.3, hiLtv: 0.8 }]);
  console.log("\n(c) liquidation reaction on anvil, interval mining 1 s (AID/USD 1.00 → 0.90): blocks from the push to the first liquidation");
  console.table(await benchReaction(chain));
} finally {
  await chain.stop();
}
