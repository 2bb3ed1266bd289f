/**
 * Exactly-once sends for the polling jobs, with the chain as arbiter (see the intent protocol in ../state.ts):
 * record the intent under a key derived from on-chain state, re-check the condition on chain right before sending,
 * persist every broadcast hash, and finalise. A second instance (another process, another state file) is stopped
 * by the same on-chain re-check or, in a race, by the pre-send simulation against `pending` and by the contract's
 * own guard (a second distribution / settlement / round reverts), never by local state alone.
 */
import { type Hex, TransactionReceiptNotFoundError } from "viem";
import { markFinal, markSent, recordIntent } from "../state.js";
import { TxSimulationError } from "../tx/errors.js";
import type { SendResult, TxRequest } from "../tx/sender.js";
import type { JobContext } from "./types.js";

export type SendOnceParameters<P> = {
  job: string;
  /** What must happen once, derived from chain state (e.g. `yield:distribute:<vestingEnd>`). */
  key: string;
  payload: P;
  /** Re-reads the chain: is the effect still needed? Called right before sending and after a refused send. */
  stillNeeded: () => Promise<boolean>;
  request: Omit<TxRequest, "onSent">;
  /** Called after each broadcast, once its hash is persisted (e.g. to tell other jobs in this process). */
  onSent?: TxRequest["onSent"];
};

export type SendOnceResult =
  | { status: "sent"; result: SendResult }
  /** Already done (by us earlier, found by receipt) or no longer needed (another instance did it). */
  | { status: "skipped"; reason: string };

async function minedHash(ctx: JobContext, hashes: readonly Hex[]): Promise<{ hash: Hex; ok: boolean } | undefined> {
  for (const hash of hashes) {
    try {
      const r = await ctx.client.getTransactionReceipt({ hash });
      return { hash, ok: r.status === "success" };
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
    }
  }
  return undefined;
}

/**
 * @example
 * await sendOnce(ctx, { job: "epochs", key: `epochs:settle:${epoch}`, payload: { epoch },
 *   stillNeeded: async () => (await readEpoch()) === epoch, request: { to: vault, data, label: "settleEpoch" } });
 */
export async function sendOnce<P>(ctx: JobContext, params: SendOnceParameters<P>): Promise<SendOnceResult> {
  const { db } = ctx;
  const { key } = params;
  if (ctx.config.dryRun) {
    // Nothing is sent, so nothing is recorded: a later real run starts from the chain alone.
    if (!(await params.stillNeeded())) return { status: "skipped", reason: "condition no longer holds on chain" };
    return { status: "sent", result: await ctx.sender.send(params.request) };
  }
  const { intent, created } = recordIntent(db, { key: params.key, job: params.job, payload: params.payload });
  if (!created) {
    // Seen before (a restart, a drop, a failure, or the same effect due again after a reorg). A receipt of ours
    // on the canonical chain settles it; otherwise the chain decides below.
    const mined = await minedHash(ctx, intent.hashes);
    if (mined?.ok) {
      if (intent.status !== "done") markFinal(db, key, "done", `found receipt ${mined.hash}`);
      return { status: "skipped", reason: `intent ${key} was mined in ${mined.hash}` };
    }
    if (intent.status === "done" && intent.hashes.length > 0)
      ctx.log.warn("our mined transaction is no longer on chain (reorg): re-checking", { key, hashes: intent.hashes });
  }
  if (!(await params.stillNeeded())) {
    markFinal(db, key, "skipped", "condition no longer holds on chain");
    return { status: "skipped", reason: "condition no longer holds on chain" };
  }
  try {
    const result = await ctx.sender.send({
      ...params.request,
      onSent: (sent) => {
        markSent(db, key, sent);
        params.onSent?.(sent);
      },
    });
    markFinal(db, key, "done", result.status === "mined" ? result.hash : result.status);
    return { status: "sent", result };
  } catch (error) {
    // Refused at simulation: if the chain moved on (another instance did it), that is success for the protocol.
    if (error instanceof TxSimulationError && !(await params.stillNeeded())) {
      markFinal(db, key, "skipped", "another sender got there first");
      return { status: "skipped", reason: "another sender got there first" };
    }
    markFinal(db, key, "failed", error instanceof Error ? error.message.slice(0, 500) : String(error));
    throw error;
  }
}
