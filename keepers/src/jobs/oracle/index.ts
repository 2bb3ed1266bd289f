import { runLoop } from "../loop.js";
import type { Job } from "../types.js";

/** Placeholder loop (the real job lands next). */
export const oracleJob: Job = {
  name: "oracle",
  run: (ctx) => runLoop(ctx, "oracle", ctx.config.pollIntervalMs, async () => {}),
};
