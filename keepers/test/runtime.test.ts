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

  it("leaves no timer behind once stopped, with two ranked endpoints (an embedding process can exit)", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    /** Resolves once `timers() <= max` held for 10 samples in a row (20 ms apart); false after `ms`. */
    const settlesAt = async (max: number, ms: number) => {
      const deadline = Date.now() + ms;
      for (let streak = 0; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20)))
        if ((streak = timers() <= max ? streak + 1 : 0) >= 10) return true;
      return false;
    };
    await settlesAt(0, 5_000); // let earlier tests' keep-alive timers expire
    const before = timers();
    const { config } = keeperConfig(chain, { rpcUrls: [chain.rpcUrl, chain.rpcUrl], rpc: { rank: true, rankIntervalMs: 50 } });
    const idle: Job = { name: "epochs", run: (ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve())) };
    const keeper = await startKeeper({ config, jobs: [idle], log: quiet(), handleSignals: false });
    await new Promise((r) => setTimeout(r, 300)); // a few ranking rounds
    await keeper.stop("test");
    await keeper.done;
    // viem's ranking loop waits 50 ms between rounds: were it still running, a timer would be back within 10 samples.
    expect(await settlesAt(before, 5_000), `timers back to ${before} after stop and staying there`).toBe(true);
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
