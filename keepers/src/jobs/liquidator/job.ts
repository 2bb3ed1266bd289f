/**
 * The liquidator job. Discovery: every borrower of the configured markets from Morpho's events since `startBlock`
 * (paged backfill, then one `eth_getLogs` per block over the unconfirmed window), event-sourced into memory and
 * persisted up to head − confirmations. Health: every block, ONE multicall reads every market's state, IRM rate and
 * oracle price; each market is accrued to the block timestamp once, then every position is re-checked in process
 * with Morpho's exact rounding (RPC calls per block do not grow with positions). Execution per unhealthy position:
 * seize-exact sizing (all collateral when it cannot cover the debt: bad debt), the best Uniswap v3 route quoted with
 * QuoterV2 and refused beyond `maxRouteImpactBps` below the oracle, a simulation that measures the loan-token
 * balance change AT THE RECIPIENT and the gas, a send only when profit − gas ≥ `minProfit`; the intent is recorded
 * before sending and reconciled on restart; failures back off per position (exponential in blocks, capped).
 */
import {
  type Address,
  type BlockTag,
  type Hex,
  type TransactionReceipt,
  encodeFunctionData,
  formatUnits,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from "viem";
import { simulateCalls } from "viem/actions";
import { flashLiquidatorAbi } from "@aid-protocol/sdk";
import type { KeeperEventMap } from "../../events.js";
import { TxNotIncludedError, TxRevertedError, TxSimulationError } from "../../tx/errors.js";
import { type Intent, markFinal, markSent, openIntents, recordIntent } from "../../state.js";
import { sleep } from "../loop.js";
import type { Job, JobContext } from "../types.js";
import { aggregatorV3Abi, erc20Abi, morphoAbi } from "./abis.js";
import { type Position, PositionBook } from "./book.js";
import { type BlockState, type MarketConfig, type MarketState, backfill, getMorphoLogs, readBlockState } from "./chain.js";
import { isHealthy, sizeSeizure } from "./math.js";
import { type LiquidatorMetrics, createLiquidatorMetrics } from "./metrics.js";
import { type Pool, type Route, findRoutes, impactBps, loadPools, quoteRoutes, withinImpact } from "./routes.js";
import { type LiquidatorStore, createStore } from "./store.js";

export type LiquidatorOptions = {
  /** Blocks behind the head considered final; the window above is re-read every block (default 3, min 1). */
  confirmations?: number;
  /** Head polling interval (default: the config's `pollIntervalMs`). */
  pollIntervalMs?: number;
  /** Blocks per backfill `eth_getLogs` page (default 10,000; halved automatically when the node refuses). */
  pageSize?: number;
  /** USD per native token (WAD) to value gas against profit (default: the config's `liquidator.nativeUsd`). */
  nativeUsd?: bigint;
  /**
   * Seize this much less than the exact maximum when the debt binds (default 5 bps), so a state change between
   * simulation and inclusion (another liquidation in the market, interest timing) cannot underflow Morpho.
   */
  seizeBufferBps?: number;
  /** Cap of the per-position failure backoff, in blocks (default 64). */
  maxBackoffBlocks?: number;
  /** Liquidation attempts prepared or in the sender's queue at once (default 4). */
  maxConcurrent?: number;
  /** On start, wait at most this long for the key's pending transactions to settle (default 120 s). */
  reconcileTimeoutMs?: number;
  /** Overrides of the config's `liquidator` section (tests, library use). */
  startBlock?: number;
  minProfit?: bigint;
  maxRouteImpactBps?: number;
  recipient?: Address;
  markets?: readonly string[];
  /** Called after each evaluated block (tests and the bench). */
  onEvaluated?: (e: EvaluatedBlock) => void;
};

export type EvaluatedBlock = {
  block: bigint;
  pending: boolean;
  positions: number;
  liquidatable: { market: string; borrower: Address }[];
  scanMs: number;
};

export type LiquidationOutcome = {
  market: string;
  borrower: Address;
  txHash: Hex;
  block: bigint;
  seizedAssets: bigint;
  repaidAssets: bigint;
  profit: bigint;
  badDebt: boolean;
};

/**
 * Fast path: when our own oracle job (same process) broadcasts a price push (`pricePushed` on `ctx.events`), the
 * liquidator re-evaluates every position at the `pending` block, which includes the push, and sends the
 * liquidations right behind it with a lower tip, so they land in the same block. Needs its own key
 * (`KEEPER_LIQUIDATOR_KEY`): with the pusher's key the liquidation waits for the push to be mined (one in-flight tx
 * per key) and lands one block later.
 */
export type LiquidatorJob = Job & {
  /** The event-sourced book (read-only use: tests, bench). */
  readonly book: PositionBook | undefined;
};

/** Liquidator config section as k-core's schema extends it; read defensively so both shapes work. */
type LiquidatorSection = {
  startBlock?: number;
  nativeUsd?: bigint;
  nativeUsdFeed?: Address;
  nativeUsdMaxAgeSeconds?: number;
  minProfit?: bigint;
  maxRouteImpactBps?: number;
  recipient?: Address;
  markets?: readonly string[];
};

type Settings = {
  startBlock: bigint;
  minProfit: bigint;
  maxRouteImpactBps: number;
  recipient: Address;
  markets: MarketConfig[];
  confirmations: bigint;
  pollIntervalMs: number;
  pageSize: bigint;
  nativeUsd: bigint;
  nativeUsdFeed: Address | undefined;
  nativeUsdMaxAgeSeconds: bigint;
  seizeBufferBps: bigint;
  maxBackoffBlocks: number;
  maxConcurrent: number;
  reconcileTimeoutMs: number;
};

type Ctx = JobContext & { settings: Settings; store: LiquidatorStore; m: LiquidatorMetrics };

function resolveSettings(ctx: JobContext, o: LiquidatorOptions): Settings {
  const section = (ctx.config as unknown as { liquidator?: LiquidatorSection }).liquidator ?? {};
  const d = ctx.deployment;
  const names = o.markets ?? section.markets ?? Object.keys(d.markets);
  const usdFeedOf = (token: Address): Address | undefined =>
    token.toLowerCase() === d.tokens.USDC.toLowerCase()
      ? d.feeds.USDC_USD
      : token.toLowerCase() === d.tokens.AID.toLowerCase()
        ? d.feeds.AID_USD
        : token.toLowerCase() === d.tokens.USDT.toLowerCase()
          ? d.feeds.USDT_USD
          : undefined;
  const markets = names.map((name): MarketConfig => {
    const m = (d.markets as Record<string, (typeof d.markets)[keyof typeof d.markets] | undefined>)[name];
    if (!m) throw new Error(`liquidator: unknown market "${name}" (deployment has ${Object.keys(d.markets).join(", ")})`);
    return { name, ...m, loanUsdFeed: usdFeedOf(m.loanToken) };
  });
  const confirmations = o.confirmations ?? 3;
  if (confirmations < 1 || confirmations > 200) throw new Error("liquidator: confirmations must be in [1, 200]");
  return {
    startBlock: BigInt(o.startBlock ?? section.startBlock ?? d.startBlock),
    minProfit: o.minProfit ?? section.minProfit ?? 0n,
    maxRouteImpactBps: o.maxRouteImpactBps ?? section.maxRouteImpactBps ?? 100,
    recipient: o.recipient ?? section.recipient ?? ctx.sender.address,
    markets,
    confirmations: BigInt(confirmations),
    pollIntervalMs: o.pollIntervalMs ?? ctx.config.pollIntervalMs,
    pageSize: BigInt(o.pageSize ?? 10_000),
    nativeUsd: o.nativeUsd ?? section.nativeUsd ?? 3_000n * 10n ** 18n,
    nativeUsdFeed: section.nativeUsdFeed,
    nativeUsdMaxAgeSeconds: BigInt(section.nativeUsdMaxAgeSeconds ?? 86_400),
    seizeBufferBps: BigInt(o.seizeBufferBps ?? 5),
    maxBackoffBlocks: o.maxBackoffBlocks ?? 64,
    maxConcurrent: o.maxConcurrent ?? 4,
    reconcileTimeoutMs: o.reconcileTimeoutMs ?? 120_000,
  };
}

/** Loan-token amount → USD WAD. */
const usdWad = (amount: bigint, decimals: number, priceWad: bigint) => (amount * 10n ** BigInt(18 - decimals) * priceWad) / 10n ** 18n;

export function createLiquidatorJob(options: LiquidatorOptions = {}): LiquidatorJob {
  let book: PositionBook | undefined;
  let wake: (() => void) | undefined;
  /** The latest push of our own oracle job not yet evaluated at `pending`. */
  let pushPending: KeeperEventMap["pricePushed"] | undefined;

  async function run(base: JobContext): Promise<void> {
    const settings = resolveSettings(base, options);
    const ctx: Ctx = { ...base, settings, store: createStore(base.db), m: createLiquidatorMetrics(base.metrics) };
    const { client, log, signal, store, deployment } = ctx;
    const morpho = deployment.contracts.Morpho;
    const ids = settings.markets.map((m) => m.id);
    const scope = `${deployment.chainId}:${morpho}:${ids.join(",")}:${settings.startBlock}`;
    book = new PositionBook(ids);
    const theBook = book;

    const cp0 = store.checkpoint();
    if (cp0 && cp0.scope !== scope) {
      log.warn("state was built for another deployment or market set: rescanning", { stored: cp0.scope, scope });
      store.reset();
    }
    theBook.load(store.positions());

    // Static data: pools, routes, loan decimals.
    const pools: Pool[] = await loadPools(client, Object.values(deployment.pools));
    const tokenName = (a: Address) =>
      Object.entries(deployment.tokens).find(([, t]) => t.toLowerCase() === a.toLowerCase())?.[0] ?? a;
    const routes = new Map<Hex, Route[]>();
    const decimals = new Map<Address, number>();
    for (const m of settings.markets) {
      routes.set(m.id, findRoutes(pools, m.collateralToken, m.loanToken, tokenName));
      if (!decimals.has(m.loanToken))
        decimals.set(m.loanToken, await client.readContract({ address: m.loanToken, abi: erc20Abi, functionName: "decimals" }));
    }
    log.info("liquidator starting", {
      markets: settings.markets.map((m) => m.name),
      recipient: settings.recipient,
      startBlock: settings.startBlock,
      positions: settings.markets.map((m) => theBook.borrowerCount(m.id)),
      routes: Object.fromEntries(settings.markets.map((m) => [m.name, (routes.get(m.id) ?? []).map((r) => r.description)])),
    });

    // Kill -9 recovery: every intent left open is settled against the chain before anything new is sent.
    await reconcile(ctx);

    // Our own oracle job's pushes (same process): evaluate at `pending` and follow them into their block.
    let warnedSharedKey = false;
    const offPush = ctx.events.on("pricePushed", (push) => {
      if (!warnedSharedKey && push.from.toLowerCase() === ctx.sender.address.toLowerCase()) {
        warnedSharedKey = true;
        log.warn(
          "the liquidator shares the oracle pusher's key: its liquidations wait for the push to be mined (one block " +
            "later); set KEEPER_LIQUIDATOR_KEY for same-block liquidations",
          { key: push.from },
        );
      }
      pushPending = push;
      wake?.();
    });

    const backoff = new Map<string, { failures: number; until: bigint }>();
    const inflight = new Map<string, Promise<void>>();

    async function catchUp(head: bigint): Promise<void> {
      const safe = head - settings.confirmations;
      const cp = store.checkpoint();
      const from = cp ? cp.block + 1n : settings.startBlock;
      if (safe < from) return;
      const pages = await backfill(
        client,
        morpho,
        ids,
        from,
        safe,
        settings.pageSize,
        async (logs, pageEnd) => {
          const changed = theBook.confirm(logs);
          const block = await client.getBlock({ blockNumber: pageEnd });
          store.saveCheckpoint(changed, { block: pageEnd, hash: block.hash ?? zeroHash, scope });
        },
        signal,
      );
      log.info("backfilled", { from, to: safe, pages, positions: settings.markets.map((m) => theBook.borrowerCount(m.id)) });
    }

    async function cycle(head: bigint): Promise<void> {
      let cp = store.checkpoint();
      if (!cp || head - cp.block > 200n) {
        await catchUp(head);
        cp = store.checkpoint();
      }
      const fromBlock = cp ? cp.block + 1n : settings.startBlock;
      const safe = head - settings.confirmations;
      const logs = await getMorphoLogs(client, morpho, ids, fromBlock, head);
      const state = await readBlockState(client, morpho, settings.markets, { blockNumber: head }, [
        cp?.block ?? 0n,
        safe > 0n ? safe : 0n,
      ]);
      if (cp && cp.hash !== zeroHash && state.hashA !== zeroHash && state.hashA !== cp.hash) {
        log.warn("reorg deeper than the confirmation window: rescanning from startBlock", {
          block: cp.block,
          stored: cp.hash,
          now: state.hashA,
        });
        store.reset();
        theBook.clear();
        await catchUp(head);
        return cycle(head);
      }
      if (cp && safe > cp.block) {
        const confirmed = logs.filter((l) => l.blockNumber <= safe);
        store.saveCheckpoint(theBook.confirm(confirmed), { block: safe, hash: state.hashB, scope });
        theBook.setUnconfirmed(logs.filter((l) => l.blockNumber > safe));
      } else {
        theBook.setUnconfirmed(logs);
      }
      evaluate(state, false);
    }

    /** Checks every position at `state`; queues the unhealthy ones (`tipCap`: the tip ceiling behind our push). */
    function evaluate(state: BlockState, pending: boolean, tipCap?: bigint): void {
      const t0 = performance.now();
      const found: { ms: MarketState; pos: Position }[] = [];
      let positions = 0;
      for (const ms of state.markets) {
        let n = 0;
        let bad = 0;
        const f = ms.factors;
        theBook.forEachBorrower(ms.config.id, (p) => {
          n++;
          if (f && !isHealthy(f, p.borrowShares, p.collateral, p.sharesF, p.collateralF)) {
            bad++;
            found.push({ ms, pos: p });
          }
        });
        positions += n;
        ctx.m.positions.set({ market: ms.config.name }, n);
        ctx.m.liquidatable.set({ market: ms.config.name }, bad);
        if (!f) log.warn("oracle price unavailable, market skipped this block", { market: ms.config.name, block: state.number });
      }
      const scanMs = performance.now() - t0;
      ctx.m.scanSeconds.set(scanMs / 1000);
      ctx.m.lastBlock.set(Number(state.number));
      options.onEvaluated?.({
        block: state.number,
        pending,
        positions,
        liquidatable: found.map(({ ms, pos }) => ({ market: ms.config.name, borrower: pos.borrower })),
        scanMs,
      });
      // Largest debts first; every candidate of this block gets its attempt (a slot freed launches the next one).
      found.sort((a, b) => b.pos.sharesF * (b.ms.factors?.debtPerShareF ?? 0) - a.pos.sharesF * (a.ms.factors?.debtPerShareF ?? 0));
      queue = found.map(({ ms, pos }) => ({ state, ms, pos, pending, tipCap }));
      pump();
    }

    type Candidate = { state: BlockState; ms: MarketState; pos: Position; pending: boolean; tipCap: bigint | undefined };
    let queue: Candidate[] = [];
    function pump(): void {
      while (inflight.size < settings.maxConcurrent && !signal.aborted) {
        const next = queue.shift();
        if (!next) return;
        const { state, ms, pos, pending, tipCap } = next;
        const key = `${ms.config.id}:${pos.borrower}`;
        if (inflight.has(key)) continue;
        const b = backoff.get(key);
        if (b && b.until > state.number) continue;
        const attempt = liquidate(
          ctx,
          state,
          ms,
          pos.borrower,
          pos.borrowShares,
          pos.collateral,
          pending,
          routes.get(ms.config.id) ?? [],
          decimals.get(ms.config.loanToken) ?? 18,
          tipCap,
        )
          .then((outcome) => {
            if (outcome === "failed") {
              const failures = (b?.failures ?? 0) + 1;
              const wait = Math.min(2 ** failures, settings.maxBackoffBlocks);
              backoff.set(key, { failures, until: state.number + BigInt(wait) });
              log.warn("backing off position", { market: ms.config.name, borrower: pos.borrower, failures, blocks: wait });
            } else if (outcome === "mined") backoff.delete(key);
          })
          .catch((error: unknown) => log.error("liquidation attempt crashed", { error, borrower: pos.borrower }))
          .finally(() => {
            inflight.delete(key);
            pump();
          });
        inflight.set(key, attempt);
      }
    }

    // Main loop: a new head → cycle at that block; a push from our pusher → cycle at `pending`.
    let last = -1n;
    while (!signal.aborted) {
      try {
        if (pushPending) {
          const push = pushPending;
          pushPending = undefined;
          const state = await readBlockState(client, morpho, settings.markets, { blockTag: "pending" as BlockTag });
          // Bid under the push's tip (1 wei less) so a builder ordering by tip puts the liquidation behind it.
          evaluate(state, true, push.maxPriorityFeePerGas > 1n ? push.maxPriorityFeePerGas - 1n : push.maxPriorityFeePerGas);
        }
        const head = await client.getBlockNumber({ cacheTime: 0 });
        if (head !== last) {
          await cycle(head);
          last = head;
        }
      } catch (error) {
        if (signal.aborted) break;
        log.error("liquidator cycle failed (retrying next poll)", { error });
      }
      if (pushPending) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        void sleep(settings.pollIntervalMs, signal).then(resolve);
      });
      wake = undefined;
    }
    await Promise.allSettled([...inflight.values()]);
    offPush();
    log.info("liquidator stopped");
  }

  return {
    name: "liquidator",
    run,
    get book() {
      return book;
    },
  };
}

// ------------------------------------------------------------------------------------------------ execution

type AttemptResult = "mined" | "failed" | "skipped";

async function liquidate(
  ctx: Ctx,
  state: BlockState,
  ms: MarketState,
  borrower: Address,
  borrowShares: bigint,
  collateral: bigint,
  pending: boolean,
  candidates: readonly Route[],
  loanDecimals: number,
  tipCap: bigint | undefined,
): Promise<AttemptResult> {
  const { client, sender, store, settings, m } = ctx;
  const market = ms.config;
  const log = ctx.log.child({ market: market.name, borrower });
  const f = ms.factors;
  if (!f) return "skipped";
  const seizure = sizeSeizure(f, borrowShares, collateral, settings.seizeBufferBps);
  if (!seizure) return "skipped";
  const at: { blockTag: BlockTag } | { blockNumber: bigint } = pending ? { blockTag: "pending" } : { blockTag: "latest" };

  // Route: the best quote within the impact bound.
  const quotes = await quoteRoutes(client, ctx.deployment.contracts.QuoterV2, candidates, seizure.seizedAssets, at);
  const best = quotes[0];
  if (!best) {
    m.skipped.inc({ market: market.name, reason: "no-route" });
    log.warn("no route quotes for the seized collateral", { seized: seizure.seizedAssets });
    return "skipped";
  }
  if (!withinImpact(best.amountOut, seizure.oracleValue, settings.maxRouteImpactBps)) {
    m.skipped.inc({ market: market.name, reason: "route-impact" });
    log.warn("best route is worse than the oracle beyond maxRouteImpactBps: skipped", {
      route: best.route.description,
      amountOut: best.amountOut,
      oracleValue: seizure.oracleValue,
      impactBps: impactBps(best.amountOut, seizure.oracleValue),
      maxRouteImpactBps: settings.maxRouteImpactBps,
    });
    return "skipped";
  }

  // On-chain floor: the FlashLiquidator reverts unless the recipient gets at least minProfit (in loan units).
  const minProfitLoan =
    ms.loanUsd === 0n ? 0n : (settings.minProfit * 10n ** 18n + (ms.loanUsd * 10n ** BigInt(18 - loanDecimals) - 1n)) / (ms.loanUsd * 10n ** BigInt(18 - loanDecimals));
  const data = encodeFunctionData({
    abi: flashLiquidatorAbi,
    functionName: "liquidate",
    args: [
      { loanToken: market.loanToken, collateralToken: market.collateralToken, oracle: market.oracle, irm: market.irm, lltv: market.lltv },
      borrower,
      seizure.seizedAssets,
      0n,
      { vault: zeroAddress, path: best.route.path },
      minProfitLoan,
      settings.recipient,
    ],
  });
  const liquidator = ctx.deployment.contracts.FlashLiquidator;
  const balanceCall = { to: market.loanToken, abi: erc20Abi, functionName: "balanceOf", args: [settings.recipient] } as const;

  // Simulation: the recipient's loan-token balance before and after, in one eth_simulateV1 (profit where it lands).
  let profit: bigint;
  let gasUsed: bigint;
  try {
    const sim = await simulateCalls(client, {
      account: sender.address,
      calls: [balanceCall, { to: liquidator, data }, balanceCall],
      ...at,
    });
    const [before, call, after] = sim.results;
    if (!before || !call || !after || call.status !== "success" || before.status !== "success" || after.status !== "success")
      throw new Error(`simulation reverted: ${call?.error?.message ?? "unknown"}`, { cause: call?.error });
    profit = (after.result as bigint) - (before.result as bigint);
    gasUsed = call.gasUsed;
  } catch (error) {
    m.failures.inc({ market: market.name, reason: "simulation" });
    log.warn("liquidation simulation failed", { error, seized: seizure.seizedAssets, route: best.route.description });
    return "failed";
  }
  const [gasPrice, nativeUsd] = await Promise.all([client.getGasPrice(), readNativeUsd(ctx, state.timestamp)]);
  const profitUsd = usdWad(profit, loanDecimals, ms.loanUsd);
  const gasUsd = (gasUsed * gasPrice * nativeUsd) / 10n ** 18n;
  if (profitUsd - gasUsd < settings.minProfit) {
    m.skipped.inc({ market: market.name, reason: "unprofitable" });
    log.info("not profitable after gas: skipped", { profit, profitUsd, gasUsd, nativeUsd, minProfit: settings.minProfit });
    return "skipped";
  }

  // Intent first (a kill -9 from here on is reconciled on restart), then send.
  const key = `liquidator:${market.id}:${borrower}:${state.number}${pending ? ":pending" : ""}`;
  const payload: IntentPayload = { market: market.id, borrower, seizedAssets: seizure.seizedAssets, block: state.number };
  const { created } = recordIntent(ctx.db, { key, job: "liquidator", payload });
  if (!created) return "skipped"; // already attempted at this block
  log.info("liquidating", {
    intent: key,
    seized: seizure.seizedAssets,
    repaidAssets: seizure.repaidAssets,
    badDebt: seizure.badDebt,
    route: best.route.description,
    quote: best.amountOut,
    expectedProfit: profit,
    gasUsed,
    gasUsd,
    nativeUsd,
    pending,
  });
  try {
    const res = await sender.send({
      to: liquidator,
      data,
      label: `liquidate ${market.name}`,
      ...(tipCap !== undefined ? { maxPriorityFeePerGas: tipCap } : {}),
      onSent: (sent) => markSent(ctx.db, key, sent),
    });
    if (res.status === "dry-run") {
      markFinal(ctx.db, key, "skipped", "dry-run");
      return "skipped";
    }
    const outcome = settle(ctx, market, borrower, res.receipt);
    markFinal(ctx.db, key, "done", `mined ${res.hash} profit ${outcome.profit} gasCost ${outcome.gasCost}`);
    log.info("liquidated", { ...outcome.fields, txHash: res.hash });
    return "mined";
  } catch (error) {
    if (error instanceof TxRevertedError) {
      const gasCost = error.receipt.gasUsed * error.receipt.effectiveGasPrice;
      m.gasSpent.inc(Number(gasCost) / 1e18);
      markFinal(ctx.db, key, "failed", `reverted ${error.receipt.transactionHash}`);
      m.failures.inc({ market: market.name, reason: "reverted" });
    } else if (error instanceof TxNotIncludedError) {
      // The tx may still land: keep the intent open and settle it against the chain (nonce, receipts, logs).
      m.failures.inc({ market: market.name, reason: "not-included" });
      await reconcile(ctx);
    } else {
      markFinal(ctx.db, key, "failed", error instanceof Error ? error.message : String(error));
      m.failures.inc({ market: market.name, reason: error instanceof TxSimulationError ? "estimate" : "send" });
    }
    log.warn("liquidation failed", { error, intent: key });
    return "failed";
  }
}

/**
 * USD per native token (WAD) to value gas: the configured feed's answer when it answers a positive price no older
 * than `nativeUsdMaxAgeSeconds` at `now` (chain time), else the configured constant (warned about).
 */
async function readNativeUsd(ctx: Ctx, now: bigint): Promise<bigint> {
  const { settings, client } = ctx;
  const feed = settings.nativeUsdFeed;
  if (feed === undefined) return settings.nativeUsd;
  try {
    const [decimals, [, answer, , updatedAt]] = await Promise.all([
      client.readContract({ address: feed, abi: aggregatorV3Abi, functionName: "decimals" }),
      client.readContract({ address: feed, abi: aggregatorV3Abi, functionName: "latestRoundData" }),
    ]);
    if (answer <= 0n) throw new Error(`non-positive answer ${answer}`);
    if (now > updatedAt + settings.nativeUsdMaxAgeSeconds) throw new Error(`answer ${now - updatedAt} s old`);
    return decimals <= 18 ? answer * 10n ** BigInt(18 - decimals) : answer / 10n ** BigInt(decimals - 18);
  } catch (error) {
    ctx.log.warn("native USD feed unusable: valuing gas at liquidator.nativeUsd", { feed, nativeUsd: settings.nativeUsd, error });
    return settings.nativeUsd;
  }
}

type IntentPayload = { market: Hex; borrower: Address; seizedAssets: bigint; block: bigint };

/** Reads Morpho's Liquidate and our FlashLiquidation events of a mined liquidation; updates the metrics. */
function settle(ctx: Ctx, market: MarketConfig, borrower: Address, receipt: TransactionReceipt) {
  const gasCost = receipt.gasUsed * receipt.effectiveGasPrice;
  ctx.m.gasSpent.inc(Number(gasCost) / 1e18);
  const flash = parseEventLogs({ abi: flashLiquidatorAbi, logs: receipt.logs, eventName: "FlashLiquidation" })[0];
  const liq = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "Liquidate" })[0];
  const profit = flash?.args.profit ?? 0n;
  const badDebt = (liq?.args.badDebtShares ?? 0n) > 0n;
  ctx.m.liquidations.inc({ market: market.name, kind: badDebt ? "bad_debt" : "partial" });
  const token = Object.entries(ctx.deployment.tokens).find(([, a]) => a.toLowerCase() === market.loanToken.toLowerCase())?.[0] ?? market.loanToken;
  const dec = token === "USDC" || token === "USDT" ? 6 : 18;
  ctx.m.profit.inc({ market: market.name, token }, Number(formatUnits(profit, dec)));
  return {
    profit,
    gasCost,
    fields: {
      block: receipt.blockNumber,
      seized: liq?.args.seizedAssets,
      repaidAssets: liq?.args.repaidAssets,
      repaidShares: liq?.args.repaidShares,
      badDebtAssets: liq?.args.badDebtAssets,
      profit,
      recipient: flash?.args.profitRecipient,
      gasUsed: receipt.gasUsed,
      borrower,
    },
  };
}

/**
 * Settles every open intent against the chain: first waits until the keeper key has nothing pending (a tx broadcast
 * before a crash is mined or dropped), then looks each intent's broadcast hashes up, or — if the crash came before a
 * hash was persisted — finds Morpho's Liquidate event by our liquidator for that borrower since the intent's block.
 * Found → final (never sent again); not found → failed ("lost"), and the position is simply re-evaluated from the
 * chain like any other (never dropped).
 */
export async function reconcile(ctx: Ctx): Promise<void> {
  const { client, sender, log, settings, db } = ctx;
  const open = openIntents<IntentPayload>(db, "liquidator");
  if (open.length === 0) return;
  log.warn("reconciling liquidation intents left open", { count: open.length });
  const deadline = Date.now() + settings.reconcileTimeoutMs;
  for (;;) {
    const [latest, pendingN] = await Promise.all([
      client.getTransactionCount({ address: sender.address, blockTag: "latest" }),
      client.getTransactionCount({ address: sender.address, blockTag: "pending" }),
    ]);
    if (latest >= pendingN || Date.now() > deadline || ctx.signal.aborted) break;
    await sleep(Math.min(settings.pollIntervalMs, 500), ctx.signal);
  }
  for (const intent of open) await reconcileOne(ctx, intent);
}

async function reconcileOne(ctx: Ctx, intent: Intent<IntentPayload>): Promise<void> {
  const { client, log, settings, db } = ctx;
  const { market: id, borrower, block } = intent.payload;
  const market = settings.markets.find((m) => m.id === id);
  for (const hash of intent.hashes) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined);
    if (!receipt) continue;
    if (receipt.status === "success") {
      const o = market ? settle(ctx, market, borrower, receipt) : undefined;
      markFinal(db, intent.key, "done", `reconciled: mined ${hash}`);
      log.info("reconciled: the liquidation sent before the restart was mined", { intent: intent.key, txHash: hash, ...o?.fields });
    } else {
      markFinal(db, intent.key, "failed", `reconciled: reverted ${hash}`);
      log.warn("reconciled: the liquidation sent before the restart reverted", { intent: intent.key, txHash: hash });
    }
    return;
  }
  const logs = await client.getContractEvents({
    address: ctx.deployment.contracts.Morpho,
    abi: morphoAbi,
    eventName: "Liquidate",
    args: { id, caller: ctx.deployment.contracts.FlashLiquidator, borrower },
    fromBlock: block,
    toBlock: "latest",
  });
  const ours = logs[0];
  if (ours?.transactionHash) {
    const receipt = await client.getTransactionReceipt({ hash: ours.transactionHash });
    const o = market ? settle(ctx, market, borrower, receipt) : undefined;
    markFinal(db, intent.key, "done", `reconciled: found on chain ${ours.transactionHash}`);
    log.info("reconciled: found the liquidation on chain", { intent: intent.key, txHash: ours.transactionHash, ...o?.fields });
    return;
  }
  markFinal(db, intent.key, "failed", "lost: not on chain after restart; the position is re-evaluated");
  log.warn("reconciled: the liquidation never reached the chain; re-evaluating the position", { intent: intent.key });
}
