/**
 * The liquidator against the real deployment (anvil + script/Deploy.s.sol) and a population of 240 borrowers across
 * the three markets. Each scenario starts from the same snapshot, runs the job in the keeper runtime, and compares
 * every position on chain before and after: every position Morpho itself calls unhealthy is liquidated (once), no
 * healthy one is touched, the profit lands at the configured recipient; bad debt is realised; a route beyond
 * `maxRouteImpactBps` is refused; and the in-process health/accrual maths equal Morpho's to the wei at the boundary.
 */
import { type Address, type Hex, decodeFunctionResult, encodeFunctionData, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flashLiquidatorAbi } from "@aid-protocol/sdk";
import { morphoAbi } from "../src/jobs/liquidator/abis.js";
import { readBlockState } from "../src/jobs/liquidator/chain.js";
import { type EvaluatedBlock, type LiquidatorOptions, createLiquidatorJob } from "../src/jobs/liquidator/job.js";
import { isHealthy, isHealthyExact, sizeSeizure } from "../src/jobs/liquidator/math.js";
import { createLogger } from "../src/log.js";
import { type Keeper, startKeeper } from "../src/runtime.js";
import {
  type Borrower,
  FUNDER,
  RECIPIENT,
  morphoSaysHealthy,
  openPopulation,
  openPosition,
  params,
  pushAidUsd,
  readPositions,
  sendAs,
  tokenAbi,
} from "./fixtures/liquidator-population.js";
import { type Chain, keeperConfig, startChain } from "./helpers/chain.js";

let chain: Chain;
let borrowers: Borrower[];
let base: Hex;
type MarketName = "SAID_USDC" | "AID_USDC" | "USDC_AID";

beforeAll(async () => {
  chain = await startChain({ anvilArgs: ["--auto-impersonate"] });
  borrowers = await openPopulation(chain, chain.deployment, [
    { market: "SAID_USDC", count: 100, loLtv: 0.4, hiLtv: 0.855 },
    { market: "AID_USDC", count: 80, loLtv: 0.4, hiLtv: 0.91 },
    { market: "USDC_AID", count: 60, loLtv: 0.4, hiLtv: 0.91 },
  ]);
  base = await chain.snapshot();
}, 240_000);
afterAll(async () => chain?.stop());

async function fromBase(): Promise<void> {
  await chain.revert(base);
  base = await chain.snapshot();
}

async function until(what: string, pred: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Run = { keeper: Keeper; evaluated: EvaluatedBlock[]; lines: Record<string, unknown>[] };

async function runLiquidator(options: LiquidatorOptions = {}, section: Record<string, unknown> = {}): Promise<Run> {
  const evaluated: EvaluatedBlock[] = [];
  const lines: Record<string, unknown>[] = [];
  const job = createLiquidatorJob({ confirmations: 2, pollIntervalMs: 100, onEvaluated: (e) => evaluated.push(e), ...options });
  const { config } = keeperConfig(chain, { liquidator: { recipient: RECIPIENT, ...section } });
  const log = createLogger({ level: "info", write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const keeper = await startKeeper({ config, jobs: [job], log, handleSignals: false });
  return { keeper, evaluated, lines };
}

async function stop(run: Run): Promise<void> {
  await run.keeper.stop("test");
  await run.keeper.done;
  if (process.env.LIQ_DEBUG) {
    const seen = new Set<string>();
    for (const l of run.lines) if (!seen.has(String(l.msg))) console.log(JSON.stringify(l).slice(0, 900), seen.add(String(l.msg)));
  }
}

/** Which borrowers Morpho itself (eth_call of `liquidate`) reports unhealthy at the latest block. */
async function unhealthyOnChain(list: readonly Borrower[]): Promise<Set<Address>> {
  const block = await chain.client.getBlockNumber({ cacheTime: 0 });
  const out = new Set<Address>();
  for (const b of list) {
    const m = chain.deployment.markets[b.market as MarketName];
    if (!(await morphoSaysHealthy(chain.client, chain.deployment, m, b.address, block))) out.add(b.address);
  }
  return out;
}

async function liquidationsSince(fromBlock: bigint) {
  const logs = await chain.client.getContractEvents({
    address: chain.deployment.contracts.Morpho,
    abi: morphoAbi,
    eventName: "Liquidate",
    fromBlock,
    toBlock: "latest",
  });
  return logs;
}

async function recipientBalance(token: Address): Promise<bigint> {
  return chain.client.readContract({ address: token, abi: tokenAbi, functionName: "balanceOf", args: [RECIPIENT] });
}

/** Runs the keeper until every expected borrower was liquidated and two more blocks were evaluated. */
async function liquidateAll(expected: Set<Address>, run: Run, fromBlock: bigint): Promise<void> {
  await until(`${expected.size} liquidations`, async () => {
    const done = new Set((await liquidationsSince(fromBlock)).map((l) => l.args.borrower));
    return [...expected].every((b) => done.has(b));
  });
  // Two more evaluated blocks with nothing left to do (mine them: automine only mines on transactions).
  const n = run.evaluated.length;
  await chain.rpc("evm_mine");
  await until("an evaluation after the last liquidation", () => run.evaluated.length > n);
  await chain.rpc("evm_mine");
  await until("a second evaluation", () => run.evaluated.length > n + 1);
}

describe("liquidator: discovery", () => {
  it("event-sources all 240 positions and matches Morpho's storage for each", async () => {
    await fromBase();
    const run = await runLiquidator();
    try {
      // The population's last blocks become confirmed (persisted) two blocks later.
      const head = await chain.client.getBlockNumber({ cacheTime: 0 });
      for (let i = 0; i < 3; i++) await chain.rpc("evm_mine");
      await until("an evaluation past the confirmation window", () => (run.evaluated.at(-1)?.block ?? 0n) >= head + 3n);
      expect(run.evaluated[0]?.positions, "every borrower tracked").toBe(240);
      expect(run.evaluated[0]?.liquidatable, "nobody liquidatable at the opening prices").toEqual([]);
      const onChain = await readPositions(chain.client, chain.deployment, borrowers);
      const job = run.keeper; // the book is read through the positions table the job persisted
      const rows = job.db
        .prepare("SELECT market, borrower, borrow_shares, collateral FROM liquidator_positions")
        .all() as { market: Hex; borrower: Address; borrow_shares: string; collateral: string }[];
      const byKey = new Map(rows.map((r) => [`${r.market}:${r.borrower.toLowerCase()}`, r]));
      borrowers.forEach((b, i) => {
        const row = byKey.get(`${chain.deployment.markets[b.market as MarketName].id}:${b.address.toLowerCase()}`);
        expect(row, `${b.address} persisted`).toBeDefined();
        expect(BigInt(row?.borrow_shares ?? -1), `${b.address} shares`).toBe(onChain[i]?.borrowShares);
        expect(BigInt(row?.collateral ?? -1), `${b.address} collateral`).toBe(onChain[i]?.collateral);
      });
    } finally {
      await stop(run);
    }
  });
});

describe("liquidator: a price move", () => {
  it("liquidates every position Morpho calls unhealthy, exactly once, touches no healthy one, pays the recipient", async () => {
    await fromBase();
    await pushAidUsd(chain, chain.deployment, 95_000_000n); // AID/USD 1.00 → 0.95
    const before = await readPositions(chain.client, chain.deployment, borrowers);
    const expected = await unhealthyOnChain(borrowers);
    const perMarket = (name: string) => borrowers.filter((b) => b.market === name && expected.has(b.address)).length;
    expect(perMarket("SAID_USDC"), "some sAID positions unhealthy").toBeGreaterThan(5);
    expect(perMarket("AID_USDC"), "some AID positions unhealthy").toBeGreaterThan(5);
    expect(perMarket("USDC_AID"), "AID falling makes USDC collateral worth more: none").toBe(0);
    const usdc0 = await recipientBalance(chain.deployment.tokens.USDC);
    const from = await chain.client.getBlockNumber({ cacheTime: 0 });

    const run = await runLiquidator();
    try {
      await liquidateAll(expected, run, from);
    } finally {
      await stop(run);
    }

    const after = await readPositions(chain.client, chain.deployment, borrowers);
    const logs = await liquidationsSince(from);
    const count = new Map<Address, number>();
    for (const l of logs) {
      expect(l.args.caller, "liquidated through our FlashLiquidator").toBe(chain.deployment.contracts.FlashLiquidator);
      const who = l.args.borrower as Address;
      count.set(who, (count.get(who) ?? 0) + 1);
    }
    borrowers.forEach((b, i) => {
      if (expected.has(b.address)) {
        expect(count.get(b.address), `${b.address} liquidated exactly once`).toBe(1);
        expect(after[i]?.collateral, `${b.address} collateral seized`).toBeLessThan(before[i]?.collateral ?? 0n);
      } else {
        expect(count.get(b.address), `${b.address} (healthy) not liquidated`).toBeUndefined();
        expect(after[i], `${b.address} (healthy) untouched`).toEqual(before[i]);
      }
    });
    // Every liquidated position is healthy again (seize-exact repays the whole debt up to dust).
    const still = await unhealthyOnChain(borrowers.filter((b) => expected.has(b.address)));
    expect([...still], "nothing left unhealthy").toEqual([]);

    // Profit: each FlashLiquidation's profit went to the recipient, and they add up to its balance change.
    let reported = 0n;
    for (const hash of new Set(logs.map((l) => l.transactionHash as Hex))) {
      const receipt = await chain.client.getTransactionReceipt({ hash });
      for (const e of parseEventLogs({ abi: flashLiquidatorAbi, logs: receipt.logs, eventName: "FlashLiquidation" })) {
        expect(e.args.profitRecipient, "profit to the configured recipient").toBe(RECIPIENT);
        expect(e.args.profit, "each liquidation profitable").toBeGreaterThan(0n);
        reported += e.args.profit;
      }
    }
    const gained = (await recipientBalance(chain.deployment.tokens.USDC)) - usdc0;
    expect(gained, "recipient USDC = sum of reported profits").toBe(reported);
    expect(gained, "and positive").toBeGreaterThan(0n);
    const liquidated = run.lines.filter((l) => l.msg === "liquidated");
    expect(liquidated.length, "one log line per liquidation").toBe(expected.size);
  });
});

describe("liquidator: bad debt", () => {
  it("seizes all collateral when it cannot cover the debt; Morpho realises the rest as bad debt", async () => {
    await fromBase();
    await pushAidUsd(chain, chain.deployment, 80_000_000n); // AID/USD 0.80: LTV above 1/LIF for the riskiest
    const sAidBorrowers = borrowers.filter((b) => b.market === "SAID_USDC");
    const others = borrowers.filter((b) => b.market !== "SAID_USDC");
    const expected = await unhealthyOnChain(sAidBorrowers);
    const othersBefore = await readPositions(chain.client, chain.deployment, others);
    const from = await chain.client.getBlockNumber({ cacheTime: 0 });

    const run = await runLiquidator({}, { markets: ["SAID_USDC"] });
    try {
      await liquidateAll(expected, run, from);
    } finally {
      await stop(run);
    }
    const logs = await liquidationsSince(from);
    const bad = logs.filter((l) => (l.args.badDebtShares ?? 0n) > 0n);
    expect(bad.length, "some liquidations realised bad debt").toBeGreaterThan(0);
    const after = await readPositions(chain.client, chain.deployment, sAidBorrowers);
    for (const l of bad) {
      const i = sAidBorrowers.findIndex((b) => b.address === l.args.borrower);
      expect(after[i], `${l.args.borrower}: all collateral seized, debt written off`).toEqual({ borrowShares: 0n, collateral: 0n });
      expect(l.args.badDebtAssets, "bad debt assets reported").toBeGreaterThan(0n);
    }
    expect(new Set(logs.map((l) => l.args.borrower)), "exactly the unhealthy sAID borrowers").toEqual(expected);
    expect(await readPositions(chain.client, chain.deployment, others), "markets not configured are left alone").toEqual(othersBefore);
  });
});

describe("liquidator: gas valued in USD", () => {
  const liquidatingLine = (run: Run) => run.lines.find((l) => l.msg === "liquidating");

  it("reads the native token's USD price from liquidator.nativeUsdFeed (Chainlink-style) at each attempt", async () => {
    await fromBase();
    const d = chain.deployment;
    await pushAidUsd(chain, d, 95_000_000n);
    // Any AggregatorV3 feed serves: GPU_NAV (tens of thousands of USD) stands in for ETH/USD here.
    const feedAbi = [
      { type: "function", name: "decimals", stateMutability: "view", inputs: [], outputs: [{ type: "uint8" }] },
      { type: "function", name: "latestAnswer", stateMutability: "view", inputs: [], outputs: [{ type: "int256" }] },
    ] as const;
    const [decimals, answer] = await Promise.all([
      chain.client.readContract({ address: d.feeds.GPU_NAV, abi: feedAbi, functionName: "decimals" }),
      chain.client.readContract({ address: d.feeds.GPU_NAV, abi: feedAbi, functionName: "latestAnswer" }),
    ]);
    await chain.rpc("evm_mine");
    const run = await runLiquidator({}, { nativeUsdFeed: d.feeds.GPU_NAV });
    try {
      await until("a liquidation attempt", () => liquidatingLine(run) !== undefined);
      expect(liquidatingLine(run)?.nativeUsd, "gas valued at the feed's answer (WAD)").toBe(String(answer * 10n ** BigInt(18 - decimals)));
    } finally {
      await stop(run);
    }
  });

  it("falls back to liquidator.nativeUsd when the feed does not answer, and skips what gas makes unprofitable", async () => {
    await fromBase();
    const d = chain.deployment;
    await pushAidUsd(chain, d, 95_000_000n);
    await chain.rpc("evm_mine");
    const from = await chain.client.getBlockNumber({ cacheTime: 0 });
    // No contract at the feed address; a trillion USD per ETH makes every liquidation's gas dwarf its profit.
    const run = await runLiquidator({}, { nativeUsdFeed: RECIPIENT, nativeUsd: "1000000000000" });
    try {
      const unprofitable = async () => {
        const metrics = await (await fetch(`http://127.0.0.1:${run.keeper.metricsPort}/metrics`)).text();
        return Number(/aid_keeper_liquidator_skipped_total\{market="[A-Z_]+",reason="unprofitable"\} (\d+)/.exec(metrics)?.[1] ?? 0);
      };
      await until("an unprofitable skip", async () => (await unprofitable()) > 0);
      const skip = run.lines.find((l) => l.msg === "not profitable after gas: skipped");
      expect(skip?.nativeUsd, "valued at the configured fallback").toBe(String(10n ** 30n));
      expect(run.lines.some((l) => l.msg === "native USD feed unusable: valuing gas at liquidator.nativeUsd"), "warned").toBe(true);
      expect(await liquidationsSince(from), "nothing liquidated at a loss").toEqual([]);
    } finally {
      await stop(run);
    }
  });
});

describe("liquidator: route impact", () => {
  it("refuses a liquidation larger than the pools can absorb (route > maxRouteImpactBps below the oracle), liquidates the rest", async () => {
    await fromBase();
    const d = chain.deployment;
    // A whale: 600,000 sAID at 85.5% LTV, more than twice what the sAID pools hold on the USDC side.
    const whale = await openPosition(chain, d, "SAID_USDC", 9_999, 600_000n * 10n ** 18n, 855n * 10n ** 15n);
    await pushAidUsd(chain, d, 95_000_000n);
    const all = [...borrowers, whale];
    const expected = await unhealthyOnChain(all);
    expect(expected.has(whale.address), "the whale is liquidatable").toBe(true);
    const [whaleBefore] = await readPositions(chain.client, d, [whale]);
    const others = new Set([...expected].filter((a) => a !== whale.address));
    const from = await chain.client.getBlockNumber({ cacheTime: 0 });

    const run = await runLiquidator({}, { maxRouteImpactBps: 100 });
    try {
      await liquidateAll(others, run, from);
      const metrics = await (await fetch(`http://127.0.0.1:${run.keeper.metricsPort}/metrics`)).text();
      const skipped = /aid_keeper_liquidator_skipped_total\{market="SAID_USDC",reason="route-impact"\} (\d+)/.exec(metrics);
      expect(Number(skipped?.[1] ?? 0), "route-impact skips counted").toBeGreaterThan(0);
    } finally {
      await stop(run);
    }
    expect((await readPositions(chain.client, d, [whale]))[0], "the whale is untouched").toEqual(whaleBefore);
    const logs = await liquidationsSince(from);
    expect(new Set(logs.map((l) => l.args.borrower)), "every other unhealthy position liquidated").toEqual(others);
    const refusal = run.lines.find((l) => String(l.msg).startsWith("best route is worse than the oracle") && l.borrower === whale.address);
    expect(Number(refusal?.impactBps), "logged impact above the bound").toBeGreaterThan(100);
  });
});

describe("liquidator: exact maths", () => {
  it("accrues interest exactly like Morpho (adaptive-curve IRM) over 30 days", async () => {
    await fromBase();
    const d = chain.deployment;
    const markets = (["SAID_USDC", "AID_USDC", "USDC_AID"] as const).map((name) => ({ name, ...d.markets[name], loanUsdFeed: undefined }));
    await chain.warp(30 * 86_400);
    const n = await chain.client.getBlockNumber({ cacheTime: 0 });
    for (const m of markets)
      await sendAs(chain, FUNDER, d.contracts.Morpho, encodeFunctionData({ abi: morphoAbi, functionName: "accrueInterest", args: [params(m)] }));
    // Each accrual tx landed in its own block: compare the block-n state accrued to that block's timestamp.
    let block = n;
    for (const m of markets) {
      block += 1n;
      const ts = (await chain.client.getBlock({ blockNumber: block })).timestamp;
      const predicted = await readBlockState(chain.client, d.contracts.Morpho, [m], { blockNumber: n }, [0n, 0n], ts);
      const onChain = await chain.client.readContract({ address: d.contracts.Morpho, abi: morphoAbi, functionName: "market", args: [m.id], blockNumber: block });
      expect(predicted.markets[0]?.accrued.totalBorrowAssets, `${m.name} total borrow assets`).toBe(onChain[2]);
      expect(predicted.markets[0]?.accrued.totalBorrowShares, `${m.name} total borrow shares`).toBe(onChain[3]);
      expect(onChain[2], `${m.name} interest accrued`).toBeGreaterThan(predicted.markets[0]?.raw.totalBorrowAssets ?? 0n);
    }
  });

  it("decides health exactly like Morpho on both sides of the liquidation threshold, and sizes a seizure Morpho accepts", async () => {
    await fromBase();
    const d = chain.deployment;
    const b = borrowers.filter((x) => x.market === "SAID_USDC").at(-1) as Borrower; // the riskiest sAID position
    const m = { name: "SAID_USDC", ...d.markets.SAID_USDC, loanUsdFeed: undefined };
    // Binary search the AID/USD answer where Morpho flips (each probe in a snapshot).
    let lo = 50_000_000n; // unhealthy
    let hi = 100_000_000n; // healthy
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      const snap = await chain.snapshot();
      await pushAidUsd(chain, d, mid);
      const healthy = await morphoSaysHealthy(chain.client, d, d.markets.SAID_USDC, b.address);
      await chain.revert(snap);
      if (healthy) hi = mid;
      else lo = mid;
    }
    for (const [answer, healthy] of [[hi, true], [lo, false]] as const) {
      const snap = await chain.snapshot();
      await pushAidUsd(chain, d, answer);
      const block = await chain.client.getBlockNumber({ cacheTime: 0 });
      expect(await morphoSaysHealthy(chain.client, d, d.markets.SAID_USDC, b.address, block), `Morpho at ${answer}`).toBe(healthy);
      const state = await readBlockState(chain.client, d.contracts.Morpho, [m], { blockNumber: block });
      const f = state.markets[0]?.factors;
      if (!f) throw new Error("no factors");
      const [pos] = await readPositions(chain.client, d, [b], block);
      if (!pos) throw new Error("no position");
      expect(isHealthyExact(f, pos.borrowShares, pos.collateral), `exact maths at ${answer}`).toBe(healthy);
      expect(isHealthy(f, pos.borrowShares, pos.collateral, Number(pos.borrowShares), Number(pos.collateral)), `screened maths at ${answer}`).toBe(healthy);
      if (!healthy) {
        const s = sizeSeizure(f, pos.borrowShares, pos.collateral);
        expect(s, "a seizure is sized").toBeDefined();
        // Morpho accepts exactly that seizure (the funder repays) and computes the same repaid shares.
        const data = encodeFunctionData({ abi: morphoAbi, functionName: "liquidate", args: [params(d.markets.SAID_USDC), b.address, s?.seizedAssets ?? 0n, 0n, "0x"] });
        const res = await chain.client.call({ account: FUNDER, to: d.contracts.Morpho, data, blockNumber: block });
        const [seized, repaid] = decodeFunctionResult({ abi: morphoAbi, functionName: "liquidate", data: res.data as Hex });
        expect(seized, "seized as sized").toBe(s?.seizedAssets);
        expect(repaid, "repaid assets as predicted").toBe(s?.repaidAssets);
      }
      await chain.revert(snap);
    }
  });
});
