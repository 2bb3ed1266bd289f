import { runLoop } from "../loop.js";
import type { Job } from "../types.js";

/** Placeholder loop (the real job lands next). */
export const epochsJob: Job = {
  name: "epochs",
  run: (ctx) => runLoop(ctx, "epochs", ctx.config.pollIntervalMs, async () => {}),
};
