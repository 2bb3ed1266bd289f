/**
 * epochs — settles sAID exit epochs and processes the Reserve's redemption queue when due.
 *
 * - sAID: when `openEpoch().endsAt` has passed and shares are queued (`totalPendingShares() > 0`), call the
 *   permissionless `settleEpoch()` once per epoch (intent `epochs:settle:<epoch>`). Empty epochs are not settled
 *   (it would only cost gas: the next request is settled as soon as its epoch is due).
 * - Reserve: when the queue head request is due (`requestedAt + redeemDelay` passed, or cancelled) and
 *   `processQueue(max)` would process at least one request (an `eth_call` of it returns > 0), send it once per queue
 *   head (intent `epochs:queue:<head>`).
 */
import { reserveAbi, stakedAidAbi } from "@aid-protocol/sdk";
import { Counter } from "prom-client";
import { encodeFunctionData } from "viem";
import { reconcileIntents } from "../../state.js";
import { runLoop } from "../loop.js";
import { sendOnce } from "../once.js";
import type { Job, JobContext } from "../types.js";

const JOB = "epochs";

function metrics(ctx: JobContext) {
  const registers = [ctx.metrics];
  return {
    settled: new Counter({ name: "aid_keeper_epochs_settled_total", help: "sAID exit epochs settled", registers }),
    processed: new Counter({
      name: "aid_keeper_epochs_queue_calls_total",
      help: "Reserve processQueue calls sent",
      registers,
    }),
  };
}

/** One pass: settle the sAID epoch if due, then process the Reserve queue if due. */
async function epochsStep(ctx: JobContext, m: ReturnType<typeof metrics>): Promise<void> {
  const { client, deployment } = ctx;
  const vault = deployment.contracts.StakedAID;
  const reserve = deployment.contracts.Reserve;
  const now = (await client.getBlock()).timestamp;

  if (ctx.config.epochs.settleEpochs) {
    const readEpoch = async () => {
      const [[epoch, endsAt], pending] = await Promise.all([
        client.readContract({ address: vault, abi: stakedAidAbi, functionName: "openEpoch" }),
        client.readContract({ address: vault, abi: stakedAidAbi, functionName: "totalPendingShares" }),
      ]);
      return { epoch, endsAt, pending };
    };
    const e = await readEpoch();
    if (e.pending > 0n && now >= e.endsAt) {
      const r = await sendOnce(ctx, {
        job: JOB,
        key: `epochs:settle:${e.epoch}`,
        payload: { kind: "settle", epoch: e.epoch },
        stillNeeded: async () => {
          const again = await readEpoch();
          return again.epoch === e.epoch && again.pending > 0n;
        },
        request: {
          to: vault,
          data: encodeFunctionData({ abi: stakedAidAbi, functionName: "settleEpoch" }),
          label: "settleEpoch",
        },
      });
      if (r.status === "sent") {
        m.settled.inc();
        ctx.log.info("epoch settled", { epoch: e.epoch, queuedShares: e.pending });
      } else ctx.log.debug("epoch settlement skipped", { epoch: e.epoch, reason: r.reason });
    }
  }

  if (ctx.config.epochs.processQueue) {
    const max = BigInt(ctx.config.epochs.processQueueMax);
    const readQueue = async () => {
      const [head, next] = await Promise.all([
        client.readContract({ address: reserve, abi: reserveAbi, functionName: "queueHead" }),
        client.readContract({ address: reserve, abi: reserveAbi, functionName: "nextRequestId" }),
      ]);
      return { head, next };
    };
    const wouldProcess = async () => {
      const { result } = await client.simulateContract({
        address: reserve,
        abi: reserveAbi,
        functionName: "processQueue",
        args: [max],
        account: ctx.sender.address,
      });
      return result > 0n;
    };
    const q = await readQueue();
    if (q.head < q.next && (await wouldProcess())) {
      const r = await sendOnce(ctx, {
        job: JOB,
        key: `epochs:queue:${q.head}`,
        payload: { kind: "queue", head: q.head },
        stillNeeded: async () => (await readQueue()).head === q.head && (await wouldProcess()),
        request: {
          to: reserve,
          data: encodeFunctionData({ abi: reserveAbi, functionName: "processQueue", args: [max] }),
          label: "processQueue",
        },
      });
      if (r.status === "sent") {
        m.processed.inc();
        ctx.log.info("redemption queue processed", { head: q.head });
      }
    }
  }
}

/** Builds the epochs job for `ctx` (intents reconciled against the chain); `step` is one tick. */
export async function createEpochs(ctx: JobContext): Promise<{ step: () => Promise<void> }> {
  const m = metrics(ctx);
  type Payload = { kind: "settle"; epoch: bigint } | { kind: "queue"; head: bigint };
  await reconcileIntents<Payload>(ctx.db, ctx.client, JOB, async ({ payload: p }) => {
    const c = ctx.deployment.contracts;
    if (p.kind === "settle") {
      const [epoch] = await ctx.client.readContract({ address: c.StakedAID, abi: stakedAidAbi, functionName: "openEpoch" });
      return epoch > p.epoch ? "done" : "retry";
    }
    const head = await ctx.client.readContract({ address: c.Reserve, abi: reserveAbi, functionName: "queueHead" });
    return head > p.head ? "done" : "retry";
  });
  return { step: () => epochsStep(ctx, m) };
}

export const epochsJob: Job = {
  name: "epochs",
  run: async (ctx) => {
    const { step } = await createEpochs(ctx);
    await runLoop(ctx, JOB, ctx.config.pollIntervalMs, step);
  },
};
