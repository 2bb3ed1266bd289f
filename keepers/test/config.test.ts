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
    expect(c.oracle, "oracle defaults").toEqual({
      deviationBps: 50,
      heartbeatSeconds: 3600,
      heartbeatMarginSeconds: 300,
      feeds: [],
      signing: { mode: "solo", maxProposalDeviationBps: 100, quorumTimeoutSeconds: 120, signerKey: KEY },
    });
    expect(c.yield, "yield defaults").toEqual({ minDistribution: 0n, navMarkIntervalSeconds: 86_400 });
    expect(c.epochs, "epochs defaults").toEqual({ settleEpochs: true, processQueue: true, processQueueMax: 50 });
    expect(c.liquidator, "liquidator defaults").toEqual({
      minProfit: 0n,
      maxRouteImpactBps: 100,
      nativeUsd: 3_000n * 10n ** 18n,
      nativeUsdMaxAgeSeconds: 86_400,
      markets: ["SAID_USDC", "AID_USDC", "USDC_AID"],
    });
    expect(c.metricsPort, "metrics port default").toBe(9464);
    expect(c.tx.maxFeePerGasGwei, "fee cap default 200 gwei").toBe(200_000_000_000n);
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
    [{ ...good, liquidator: { recipient: "0x12" } }, "liquidator.recipient"],
    [{ ...good, liquidator: { markets: ["BTC_USDC"] } }, "liquidator.markets.0"],
    [{ ...good, liquidator: { startBlock: -1 } }, "liquidator.startBlock"],
    [{ ...good, metricsPort: 70_000 }, "metricsPort"],
    [{ ...good, tx: { maxFeePerGasGwei: 10 } }, "tx.maxFeePerGasGwei"],
    [{ ...good, epochs: { processQueueMax: 0 } }, "epochs.processQueueMax"],
    [{ ...good, yield: { navMarkIntervalSeconds: -5 } }, "yield.navMarkIntervalSeconds"],
    [{ ...good, oracle: { feeds: [{ feed: "NOPE", sources: [{ type: "static", value: "1" }] }] } }, "oracle.feeds.0.feed"],
    [{ ...good, oracle: { feeds: [{ feed: "AID_USD", sources: [] }] } }, "oracle.feeds.0.sources"],
    [
      { ...good, oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "static", value: "1" }], minSources: 2 }] } },
      "oracle.feeds.0.minSources",
    ],
    [{ ...good, oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "nope" }] }] } }, "oracle.feeds.0.sources.0.type"],
    [
      { ...good, oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "http", url: "http://x.example" }] }] } },
      "oracle.feeds.0.sources.0.path",
    ],
    [
      { ...good, oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "uniswapV3Twap", pool: "AID_USDC", base: "DOGE" }] }] } },
      "oracle.feeds.0.sources.0.base",
    ],
    [{ ...good, oracle: { signing: { mode: "transmitter" } } }, "oracle.signing.shareDir"],
    [{ ...good, oracle: { signing: { mode: "boss", shareDir: "/tmp" } } }, "oracle.signing.mode"],
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

  it("refuses secrets nested anywhere in the file", () => {
    const issues = issuesOf(() =>
      loadConfig({ file: file({ ...good, oracle: { signing: { signerKey: KEY } } }), env: { KEEPER_PRIVATE_KEY: KEY } }),
    );
    expect(issues[0]?.path, "nested secret named by path").toBe("oracle.signing.signerKey");
  });

  it("reads YAML files and names bad YAML fields the same way", () => {
    const yamlFile = (text: string) => {
      const path = join(dir, `c${n++}.yaml`);
      writeFileSync(path, text);
      return path;
    };
    const c = loadConfig({
      file: yamlFile(
        [
          "rpcUrls: [http://127.0.0.1:8545]",
          "chainId: 31337",
          "deploymentFile: deployments/31337.json",
          "oracle:",
          "  feeds:",
          "    - feed: AID_USD",
          "      minSources: 2",
          "      sources:",
          "        - { type: static, value: \"1.0001\" }",
          "        - { type: reserveCollateralRatio }",
        ].join("\n"),
      ),
      env: { KEEPER_PRIVATE_KEY: KEY },
    });
    expect(c.oracle.feeds[0]?.sources[0], "static source parsed to 18 decimals").toEqual({
      type: "static",
      value: 1_000_100_000_000_000_000n,
    });
    expect(c.oracle.feeds[0]?.sources[1], "collateral ratio default cap").toEqual({
      type: "reserveCollateralRatio",
      cap: 10n ** 18n,
    });
    const bad = issuesOf(() =>
      loadConfig({ file: yamlFile("rpcUrls: [x]\nchainId: 1\ndeploymentFile: d"), env: { KEEPER_PRIVATE_KEY: KEY } }),
    );
    expect(bad.map((i) => i.path), "YAML field named").toEqual(["rpcUrls.0"]);
    expect(issuesOf(() => loadConfig({ file: yamlFile("a: [") }))[0]?.message, "bad YAML").toMatch(/not valid YAML/);
  });

  it("takes the oracle signer key from env, else from oracle.signing.keyFile, else the keeper key", () => {
    const other = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    expect(
      loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY, KEEPER_ORACLE_SIGNER_KEY: other } }).oracle.signing
        .signerKey,
      "env signer key",
    ).toBe(other);
    const kf = file(other);
    expect(
      loadConfig({ file: file({ ...good, oracle: { signing: { keyFile: kf } } }), env: { KEEPER_PRIVATE_KEY: KEY } })
        .oracle.signing.signerKey,
      "signer key file",
    ).toBe(other);
    expect(
      issuesOf(() => loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY, KEEPER_ORACLE_SIGNER_KEY: "0x1" } }))[0]
        ?.path,
      "bad env signer key named",
    ).toBe("KEEPER_ORACLE_SIGNER_KEY");
  });

  it("takes the liquidator's own key from env, else from liquidator.keyFile, else none (the keeper key)", () => {
    const other = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    expect(loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY } }).liquidator.privateKey, "none").toBeUndefined();
    expect(
      loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY, KEEPER_LIQUIDATOR_KEY: other } }).liquidator.privateKey,
      "env liquidator key",
    ).toBe(other);
    const kf = file(other);
    expect(
      loadConfig({ file: file({ ...good, liquidator: { keyFile: kf } }), env: { KEEPER_PRIVATE_KEY: KEY } }).liquidator
        .privateKey,
      "liquidator key file",
    ).toBe(other);
    expect(
      issuesOf(() => loadConfig({ file: file(good), env: { KEEPER_PRIVATE_KEY: KEY, KEEPER_LIQUIDATOR_KEY: "0x1" } }))[0]?.path,
      "bad env liquidator key named",
    ).toBe("KEEPER_LIQUIDATOR_KEY");
    expect(
      issuesOf(() => loadConfig({ file: file({ ...good, liquidator: { keyFile: file("nope") } }), env: { KEEPER_PRIVATE_KEY: KEY } }))[0]
        ?.path,
      "bad key file content named",
    ).toBe("liquidator.keyFile");
    expect(
      issuesOf(() => loadConfig({ file: file({ ...good, liquidator: { privateKey: other } }), env: { KEEPER_PRIVATE_KEY: KEY } }))[0]
        ?.message,
      "a liquidator key in the file is refused",
    ).toMatch(/never read from the config file/);
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

describe("examples/*.yaml", () => {
  const examples = new URL("../examples/", import.meta.url);
  it.each(["oracle", "yield", "epochs", "liquidator", "all"])("examples/%s.yaml is a valid config", async (name) => {
    const { fileURLToPath } = await import("node:url");
    const c = loadConfig({ file: fileURLToPath(new URL(`${name}.yaml`, examples)), env: { KEEPER_PRIVATE_KEY: KEY } });
    expect(c.rpcUrls.length, "has RPC URLs").toBeGreaterThan(0);
  });
});
