/** The built CLI: help, usage and config errors (exit 2 naming the field), a clean SIGTERM shutdown (exit 0). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chain, KEYS, keeperConfig, startChain } from "./helpers/chain.js";
import { runCli, spawnCli } from "./helpers/cli.js";

describe("aid-keeper CLI (no chain)", () => {
  it("--help prints usage and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.code, "exit 0").toBe(0);
    expect(r.stdout, "usage").toMatch(/aid-keeper <job\.\.\.\|all>/);
    expect(r.stdout, "lists the jobs").toMatch(/oracle[\s\S]*yield[\s\S]*epochs[\s\S]*liquidator/);
  });

  it("no arguments: usage on stdout, exit 2", async () => {
    const r = await runCli([]);
    expect(r.code, "exit 2").toBe(2);
  });

  it("an unknown job exits 2 naming it", async () => {
    const r = await runCli(["orcale"]);
    expect(r.code, "exit 2").toBe(2);
    expect(r.stderr, "names the job").toMatch(/unknown job "orcale"/);
  });

  it("a bad config exits 2 naming the field", async () => {
    const r = await runCli(["oracle", "--rpc-url", "http://127.0.0.1:1", "--chain-id", "abc"], {
      KEEPER_PRIVATE_KEY: KEYS.deployer,
      KEEPER_DEPLOYMENT_FILE: "/nonexistent.json",
    });
    expect(r.code, "exit 2").toBe(2);
    expect(r.stderr, "names chainId").toMatch(/chainId: Expected number/);
    const flag = await runCli(["yield", "--private-key", KEYS.deployer]);
    expect(flag.code, "exit 2").toBe(2);
    expect(flag.stderr, "refuses the key flag").toMatch(/--private-key: secrets are never taken from flags/);
  });
});

describe("aid-keeper CLI (on a deployment)", () => {
  let chain: Chain;
  beforeAll(async () => {
    chain = await startChain();
  });
  afterAll(async () => chain?.stop());

  it("runs `all`, serves /healthz, and exits 0 on SIGTERM", async () => {
    const { file } = keeperConfig(chain);
    const keeper = spawnCli(["all", "--config", file], { KEEPER_PRIVATE_KEY: KEYS.deployer });
    try {
      const started = await keeper.waitFor((r) => r.msg === "keeper started");
      expect(started.jobs, "every built job").toEqual(expect.arrayContaining(["oracle", "yield", "epochs"]));
      const res = await fetch(`http://127.0.0.1:${started.metricsPort as number}/healthz`);
      expect(res.status, "healthy").toBe(200);
      keeper.kill("SIGTERM");
      const exit = await keeper.exited;
      expect(exit.code, `clean exit; stderr: ${keeper.stderr()}`).toBe(0);
      expect(keeper.records().some((r) => r.msg === "keeper stopped"), "logged the shutdown").toBe(true);
    } finally {
      keeper.kill("SIGKILL");
    }
  });
});
