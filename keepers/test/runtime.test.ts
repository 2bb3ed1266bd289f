/**
 * The runtime on a real deployment: context wiring, metrics and health endpoints, a failing job, graceful stop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../src/jobs/types.js";
import { createLogger } from "../src/log.js";
import { startKeeper } from "../src/runtime.js";
import { type Chain, keeperConfig, startChain } from "./helpers/chain.js";

let chain: Chain;
beforeAll(async () => {
  chain = await startChain();
});
afterAll(async () => chain?.stop());

const quiet = () => createLogger({ level: "error", write: () => {} });

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
}

describe("startKeeper", () => {
  it("builds the context, serves /metrics and /healthz, and stops gracefully", async () => {
    const { config } = keeperConfig(chain);
    const seen: string[] = [];
    const job: Job = {
      name: "epochs",
      run: async (ctx) => {
        seen.push(ctx.deployment.contracts.Reserve, ctx.sender.address);
        expect(await ctx.client.getChainId(), "client on the configured chain").toBe(config.chainId);
        ctx.db.exec("CREATE TABLE IF NOT EXISTS epochs_probe (x INTEGER)");
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
      },
    };
    const keeper = await startKeeper({ config, jobs: [job], log: quiet(), handleSignals: false });
    try {
      expect(seen[0], "deployment parsed").toBe(chain.deployment.contracts.Reserve);
      const metrics = await get(keeper.metricsPort, "/metrics");
      expect(metrics.status, "metrics 200").toBe(200);
      expect(metrics.text, "last block gauge").toMatch(/aid_keeper_last_block \d+/);
      expect(metrics.text, "job up").toMatch(/aid_keeper_job_up\{job="epochs"\} 1/);
      const health = await get(keeper.metricsPort, "/healthz");
      expect(health.status, `healthy: ${health.text}`).toBe(200);
    } finally {
      await keeper.stop("test");
    }
    await keeper.done;
    await expect(fetch(`http://127.0.0.1:${keeper.metricsPort}/healthz`), "server closed").rejects.toThrow();
    expect(keeper.db.open, "db closed").toBe(false);
  });

  it("reports a dead job and a stale chain on /healthz (503) and fails `done`", async () => {
    const { config } = keeperConfig(chain, { blockAgeAlarmSeconds: 1 });
    const job: Job = {
      name: "oracle",
      run: async () => {
        throw new Error("boom");
      },
    };
    const idle: Job = { name: "yield", run: (ctx) => new Promise((r) => ctx.signal.addEventListener("abort", () => r())) };
    const keeper = await startKeeper({ config, jobs: [job, idle], log: quiet(), handleSignals: false });
    const port = keeper.metricsPort;
    await new Promise((r) => setTimeout(r, 1_300)); // anvil mines no block while idle: age passes 1 s
    const health = await get(port, "/healthz");
    expect(health.status, "unhealthy").toBe(503);
    const body = JSON.parse(health.text) as { reasons: string[] };
    expect(body.reasons.join("; "), "names the dead job").toMatch(/job oracle is not running/);
    expect(body.reasons.join("; "), "names the stale chain").toMatch(/no new block/);
    const metrics = await get(port, "/metrics");
    expect(metrics.text, "stale gauge").toMatch(/aid_keeper_block_stale 1/);
    await keeper.stop("test");
    await expect(keeper.done, "done rejects with the job error").rejects.toThrow("boom");
  });

  it("refuses a deployment file of another chain", async () => {
    const { config } = keeperConfig(chain, { chainId: 1 });
    await expect(startKeeper({ config, jobs: [], log: quiet(), handleSignals: false })).rejects.toThrow(/chain/);
  });
});
