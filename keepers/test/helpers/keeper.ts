/**
 * An in-process keeper whose only job hands its `JobContext` to the test: the test then drives a job's `step`
 * directly (deterministic: no timing assumptions) with the real runtime's client, sender, state and metrics.
 */
import type { JobContext } from "../../src/jobs/types.js";
import { createLogger } from "../../src/log.js";
import { type Keeper, startKeeper } from "../../src/runtime.js";
import { type Chain, keeperConfig } from "./chain.js";

export type TestKeeper = { ctx: JobContext; keeper: Keeper; logs: Record<string, unknown>[]; stop: () => Promise<void> };

export async function startTestKeeper(
  chain: Chain,
  overrides: Record<string, unknown> = {},
  env: Record<string, string> = {},
): Promise<TestKeeper> {
  const { config } = keeperConfig(chain, overrides, env);
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({ level: "debug", write: (l) => logs.push(JSON.parse(l) as Record<string, unknown>) });
  let resolveCtx: (c: JobContext) => void = () => {};
  const got = new Promise<JobContext>((r) => (resolveCtx = r));
  const keeper = await startKeeper({
    config,
    log,
    handleSignals: false,
    jobs: [
      {
        name: "epochs", // any name: the capture job runs no logic of its own
        run: (ctx) =>
          new Promise<void>((resolve) => {
            resolveCtx(ctx);
            ctx.signal.addEventListener("abort", () => resolve());
          }),
      },
    ],
  });
  const ctx = await got;
  return {
    ctx: { ...ctx, log: ctx.log.child({ test: true }) },
    keeper,
    logs,
    stop: async () => {
      await keeper.stop("test");
      await keeper.done;
    },
  };
}

/** Metric value from the keeper's registry (sum over label sets matching `labels`). */
export async function metricValue(ctx: JobContext, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = ctx.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want))
    .reduce((a, v) => a + v.value, 0);
}
