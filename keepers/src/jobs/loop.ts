/**
 * The loop every polling job uses: one step at a time (never overlapping), a fixed pause between steps, a failed
 * step logged and counted (`aid_keeper_job_errors_total`) without stopping the loop, and a prompt exit when the
 * context's signal aborts (the pause is interrupted; a step in progress finishes).
 */
import type { Counter } from "prom-client";
import type { JobContext } from "./types.js";

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `step` every `intervalMs` until `ctx.signal` aborts. `step` throwing an error logs it and continues; only
 * an error marked fatal (`FatalJobError`) ends the job.
 *
 * @example
 * await runLoop(ctx, "oracle", ctx.config.pollIntervalMs, async () => { await pushDueFeeds(ctx) });
 */
export async function runLoop(
  ctx: JobContext,
  job: string,
  intervalMs: number,
  step: () => Promise<void>,
): Promise<void> {
  const errors = ctx.metrics.getSingleMetric("aid_keeper_job_errors_total") as Counter<"job"> | undefined;
  while (!ctx.signal.aborted) {
    try {
      await step();
    } catch (error) {
      if (error instanceof FatalJobError) throw error;
      errors?.inc({ job });
      ctx.log.error("step failed, retrying next tick", { error });
    }
    await sleep(intervalMs, ctx.signal);
  }
}

/** An error that ends the job (bad config, missing contract): the runtime reports it and exits non-zero. */
export class FatalJobError extends Error {
  override name = "FatalJobError";
}
