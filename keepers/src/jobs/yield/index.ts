import { runLoop } from "../loop.js";
import type { Job } from "../types.js";

/** Placeholder loop (the real job lands next). */
export const yieldJob: Job = {
  name: "yield",
  run: (ctx) => runLoop(ctx, "yield", ctx.config.pollIntervalMs, async () => {}),
};
