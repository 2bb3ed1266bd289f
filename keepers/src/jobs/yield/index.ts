/**
 * yield — forwards the Reserve's realised income into sAID's vesting schedule and keeps deal NAV marks fresh.
 *
 * - Distribution: the Reserve mints realised income (net of fees) as AID to the YieldDistributor; its
 *   `distributable()` is `min(balance, vault.maxYield())`, and 0 while the previous vesting has not ended. When it
 *   is ≥ both `yield.minDistribution` and the distributor's own `minDistribution()`, the keeper (KEEPER_ROLE) calls
 *   `distribute()` once per vesting schedule: intent `yield:distribute:<vestingEnd>`, re-checked on chain right
 *   before sending. A second instance or a restart finds `vestingEnd` moved (or the simulation refused with
 *   `NothingToDistribute`) and skips: the chain is the arbiter, the contract the last guard.
 * - NAV marks: every Active/Late deal whose `lastMarkedAt` is older than `yield.navMarkIntervalSeconds` is marked
 *   from the GPU-NAV feed with the permissionless `markNavFromFeed(dealId)` (intent
 *   `yield:nav:<dealId>:<lastMarkedAt>`). A stale feed makes the simulation revert (`StaleNav`): logged, retried
 *   next tick, nothing sent.
 */
import { dealBookAbi, stakedAidAbi, yieldDistributorAbi } from "@aid-protocol/sdk";
import { Counter, Gauge } from "prom-client";
import { encodeFunctionData, formatEther } from "viem";
import { reconcileIntents } from "../../state.js";
import { TxSimulationError } from "../../tx/errors.js";
import { runLoop } from "../loop.js";
import { sendOnce } from "../once.js";
import type { Job, JobContext } from "../types.js";

const JOB = "yield";
const ACTIVE = 2;
const LATE = 3;

function metrics(ctx: JobContext) {
  const registers = [ctx.metrics];
  return {
    distributions: new Counter({
      name: "aid_keeper_yield_distributions_total",
      help: "distribute() calls mined",
      registers,
    }),
    distributed: new Counter({
      name: "aid_keeper_yield_distributed_aid_total",
      help: "AID forwarded into sAID vesting (whole AID, float)",
      registers,
    }),
    pending: new Gauge({
      name: "aid_keeper_yield_pending_aid",
      help: "AID waiting in the YieldDistributor (whole AID, float)",
      registers,
    }),
    navMarks: new Counter({ name: "aid_keeper_yield_nav_marks_total", help: "markNavFromFeed calls mined", registers }),
  };
}

type Payload = { kind: "distribute"; vestingEnd: bigint } | { kind: "nav"; dealId: bigint; lastMarkedAt: bigint };

async function readDistribution(ctx: JobContext) {
  const { client, deployment } = ctx;
  const distributor = deployment.contracts.YieldDistributor;
  const [distributable, pending, contractMin, vestingEnd] = await Promise.all([
    client.readContract({ address: distributor, abi: yieldDistributorAbi, functionName: "distributable" }),
    client.readContract({ address: distributor, abi: yieldDistributorAbi, functionName: "pendingYield" }),
    client.readContract({ address: distributor, abi: yieldDistributorAbi, functionName: "minDistribution" }),
    client.readContract({ address: deployment.contracts.StakedAID, abi: stakedAidAbi, functionName: "vestingEnd" }),
  ]);
  const floor = contractMin > ctx.config.yield.minDistribution ? contractMin : ctx.config.yield.minDistribution;
  return { distributable, pending, vestingEnd, due: distributable > 0n && distributable >= floor };
}

async function distributeStep(ctx: JobContext, m: ReturnType<typeof metrics>): Promise<void> {
  const d = await readDistribution(ctx);
  m.pending.set(Number(formatEther(d.pending)));
  if (!d.due) return;
  const r = await sendOnce<Payload>(ctx, {
    job: JOB,
    key: `yield:distribute:${d.vestingEnd}`,
    payload: { kind: "distribute", vestingEnd: d.vestingEnd },
    stillNeeded: async () => {
      const again = await readDistribution(ctx);
      return again.due && again.vestingEnd === d.vestingEnd;
    },
    request: {
      to: ctx.deployment.contracts.YieldDistributor,
      data: encodeFunctionData({ abi: yieldDistributorAbi, functionName: "distribute" }),
      label: "distribute",
    },
  });
  if (r.status === "sent" && r.result.status === "mined") {
    m.distributions.inc();
    m.distributed.inc(Number(formatEther(d.distributable)));
    ctx.log.info("yield distributed", { amount: d.distributable, previousVestingEnd: d.vestingEnd, hash: r.result.hash });
  } else if (r.status === "skipped") ctx.log.info("distribution skipped", { reason: r.reason });
}

async function navStep(ctx: JobContext, m: ReturnType<typeof metrics>): Promise<void> {
  const interval = BigInt(ctx.config.yield.navMarkIntervalSeconds);
  if (interval === 0n) return;
  const { client, deployment } = ctx;
  const book = deployment.contracts.DealBook;
  const count = await client.readContract({ address: book, abi: dealBookAbi, functionName: "dealCount" });
  const now = (await client.getBlock()).timestamp;
  const readDeal = (dealId: bigint) =>
    client.readContract({ address: book, abi: dealBookAbi, functionName: "getDeal", args: [dealId] });
  for (let dealId = 1n; dealId <= count && !ctx.signal.aborted; dealId++) {
    const deal = await readDeal(dealId);
    const due = (x: typeof deal) =>
      (x.status === ACTIVE || x.status === LATE) && x.terms.navUnits > 0n && BigInt(x.lastMarkedAt) + interval <= now;
    if (!due(deal)) continue;
    try {
      const r = await sendOnce<Payload>(ctx, {
        job: JOB,
        key: `yield:nav:${dealId}:${deal.lastMarkedAt}`,
        payload: { kind: "nav", dealId, lastMarkedAt: BigInt(deal.lastMarkedAt) },
        stillNeeded: async () => {
          const again = await readDeal(dealId);
          return due(again) && again.lastMarkedAt === deal.lastMarkedAt;
        },
        request: {
          to: book,
          data: encodeFunctionData({ abi: dealBookAbi, functionName: "markNavFromFeed", args: [dealId] }),
          label: "markNavFromFeed",
        },
      });
      if (r.status === "sent") {
        m.navMarks.inc();
        ctx.log.info("deal NAV marked from feed", { dealId });
      }
    } catch (error) {
      if (!(error instanceof TxSimulationError)) throw error;
      ctx.log.warn("NAV mark refused at simulation (stale GPU-NAV feed?), retrying next tick", { dealId, error });
    }
  }
}

/** Builds the yield job for `ctx` (intents reconciled against the chain); `step` is one tick. */
export async function createYield(ctx: JobContext): Promise<{ step: () => Promise<void> }> {
  const m = metrics(ctx);
  const open = await reconcileIntents<Payload>(ctx.db, ctx.client, JOB, async (intent) => {
    const p = intent.payload;
    if (p.kind === "distribute") {
      const vestingEnd = await ctx.client.readContract({
        address: ctx.deployment.contracts.StakedAID,
        abi: stakedAidAbi,
        functionName: "vestingEnd",
      });
      return vestingEnd !== p.vestingEnd ? "done" : "retry";
    }
    const deal = await ctx.client.readContract({
      address: ctx.deployment.contracts.DealBook,
      abi: dealBookAbi,
      functionName: "getDeal",
      args: [p.dealId],
    });
    return BigInt(deal.lastMarkedAt) !== p.lastMarkedAt ? "done" : "retry";
  });
  if (open.length > 0) ctx.log.info("open intents after restart, re-checked on the next pass", { keys: open.map((i) => i.key) });
  return {
    step: async () => {
      await distributeStep(ctx, m);
      await navStep(ctx, m);
    },
  };
}

export const yieldJob: Job = {
  name: "yield",
  run: async (ctx) => {
    const { step } = await createYield(ctx);
    await runLoop(ctx, JOB, ctx.config.pollIntervalMs, step);
  },
};
