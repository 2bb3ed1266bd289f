import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const dir = mkdtempSync(join(tmpdir(), "keeper-config-"));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}
const good = { rpcUrls: ["http://127.0.0.1:8545"], chainId: 31337, deploymentFile: "deployments/local.json" };

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error, "must be a ConfigError").toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error("expected loadConfig to throw");
}

describe("loadConfig", () => {
  it("loads a valid file with the key from env and applies section defaults", () => {
    const c = loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY } });
    expect(c.privateKey, "key from env").toBe(KEY);
    expect(c.keySource, "key source").toBe("env");
    expect(c.dryRun, "dryRun default").toBe(false);
    expect(c.oracle, "oracle defaults").toEqual({ deviationBps: 50, heartbeatSeconds: 3600 });
    expect(c.yield.minDistribution, "yield default").toBe(0n);
    expect(c.liquidator, "liquidator defaults").toEqual({ minProfit: 0n, maxRouteImpactBps: 100 });
  });

  it("parses minProfit and minDistribution as 18-decimal bigints", () => {
    const c = loadConfig({
      file: file({ ...good, yield: { minDistribution: "1000" }, liquidator: { minProfit: "12.5" } }),
      env: { KEEPER_PRIVATE_KEY: KEY },
    });
    expect(c.liquidator.minProfit, "12.5 AID").toBe(12_500_000_000_000_000_000n);
    expect(c.yield.minDistribution, "1000 AID").toBe(1_000n * 10n ** 18n);
  });

  it.each([
    [{ ...good, rpcUrls: [] }, "rpcUrls"],
    [{ ...good, rpcUrls: ["not a url"] }, "rpcUrls.0"],
    [{ ...good, chainId: -1 }, "chainId"],
    [{ ...good, chainId: "x" }, "chainId"],
    [{ ...good, deploymentFile: "" }, "deploymentFile"],
    [{ ...good, dryRun: "yes" }, "dryRun"],
    [{ ...good, oracle: { deviationBps: 10_001 } }, "oracle.deviationBps"],
    [{ ...good, oracle: { heartbeatSeconds: 0 } }, "oracle.heartbeatSeconds"],
    [{ ...good, yield: { minDistribution: "-1" } }, "yield.minDistribution"],
    [{ ...good, liquidator: { minProfit: 5 } }, "liquidator.minProfit"],
    [{ ...good, liquidator: { minProfit: "1.0000000000000000001" } }, "liquidator.minProfit"],
    [{ ...good, liquidator: { maxRouteImpactBps: 1.5 } }, "liquidator.maxRouteImpactBps"],
    [{ ...good, liquidator: { typo: 1 } }, "liquidator"],
  ])("names the bad field %#: %s", (content, path) => {
    const issues = issuesOf(() => loadConfig({ file: file(content), env: { KEEPER_PRIVATE_KEY: KEY } }));
    expect(issues.map((i) => i.path), "the bad field is named").toContain(path);
    expect(issues.length, "only the bad field is reported").toBe(1);
  });

  it("names a missing field", () => {
    const { chainId: _, ...noChain } = good;
    const issues = issuesOf(() => loadConfig({ file: file(noChain), env: { KEEPER_PRIVATE_KEY: KEY } }));
    expect(issues.map((i) => i.path), "missing chainId").toEqual(["chainId"]);
  });

  it("refuses secrets in the config file", () => {
    const issues = issuesOf(() => loadConfig({ file: file({ ...good, privateKey: KEY }), env: {} }));
    expect(issues[0]?.path, "privateKey named").toBe("privateKey");
    expect(issues[0]?.message, "tells where secrets go").toMatch(/KEEPER_PRIVATE_KEY/);
    // Even when env also supplies the key: the file must not hold one.
    const again = issuesOf(() => loadConfig({ file: file({ ...good, privateKey: KEY }), env: { KEEPER_PRIVATE_KEY: KEY } }));
    expect(again[0]?.path, "refused even with env key").toBe("privateKey");
  });

  it("refuses a private key flag", () => {
    const issues = issuesOf(() => loadConfig({ file: file(good), argv: ["--private-key", KEY] }));
    expect(issues[0]?.path, "flag named").toBe("--private-key");
  });

  it("requires a key, and exactly one source", () => {
    expect(issuesOf(() => loadConfig({ file: file(good), env: {} }))[0]?.path, "no key").toBe("privateKey");
    const keyFile = file(KEY);
    expect(
      issuesOf(() => loadConfig({ file: file({ ...good, keyFile }), env: { KEEPER_PRIVATE_KEY: KEY } }))[0]?.path,
      "two key sources",
    ).toBe("keyFile");
  });

  it("reads the key from keyFile and validates its content", () => {
    const keyFile = file(`${KEY}\n`);
    const c = loadConfig({ file: file({ ...good, keyFile }), env: {} });
    expect(c.privateKey, "key from file, trimmed").toBe(KEY);
    expect(c.keySource, "source").toBe("keyFile");
    const bad = file("0x1234");
    expect(issuesOf(() => loadConfig({ file: file({ ...good, keyFile: bad }) }))[0]?.path, "bad key content").toBe(
      "keyFile",
    );
    expect(
      issuesOf(() => loadConfig({ file: file({ ...good, keyFile: join(dir, "missing") }) }))[0]?.path,
      "missing key file",
    ).toBe("keyFile");
  });

  it("validates an env private key", () => {
    expect(issuesOf(() => loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: "0xabc" } }))[0]?.path).toBe(
      "privateKey",
    );
  });

  it("env overrides the file and flags override env", () => {
    const env = {
      KEEPER_PRIVATE_KEY: KEY,
      KEEPER_CHAIN_ID: "1",
      KEEPER_RPC_URLS: "http://a.example, http://b.example",
      KEEPER_DRY_RUN: "true",
    };
    const fromEnv = loadConfig({ file: file(good), env });
    expect(fromEnv.chainId, "env beats file").toBe(1);
    expect(fromEnv.rpcUrls, "comma list").toEqual(["http://a.example", "http://b.example"]);
    expect(fromEnv.dryRun, "env dry run").toBe(true);
    const fromFlags = loadConfig({
      file: file(good),
      env,
      argv: ["--chain-id", "10", "--rpc-url", "http://c.example", "--rpc-url", "http://d.example"],
    });
    expect(fromFlags.chainId, "flag beats env").toBe(10);
    expect(fromFlags.rpcUrls, "repeated flag").toEqual(["http://c.example", "http://d.example"]);
    expect(loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY }, argv: ["--dry-run"] }).dryRun).toBe(true);
  });

  it("names bad env values and bad flags", () => {
    expect(
      issuesOf(() => loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY, KEEPER_CHAIN_ID: "abc" } }))[0]
        ?.path,
    ).toBe("chainId");
    expect(issuesOf(() => loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY }, argv: ["--nope"] }))[0]?.path).toBe(
      "--nope",
    );
    expect(
      issuesOf(() => loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY }, argv: ["--chain-id"] }))[0]?.path,
    ).toBe("--chain-id");
  });

  it("takes the file from --config and reports unreadable or non-JSON files", () => {
    expect(loadConfig({ env: { KEEPER_PRIVATE_KEY: KEY }, argv: ["--config", file(good)] }).chainId).toBe(31337);
    expect(issuesOf(() => loadConfig({ file: join(dir, "nope.json") }))[0]?.path).toBe("(file)");
    expect(issuesOf(() => loadConfig({ file: file("{not json") }))[0]?.message).toMatch(/not valid JSON/);
    expect(issuesOf(() => loadConfig({ file: file([1]) }))[0]?.message).toMatch(/JSON object/);
  });
});
