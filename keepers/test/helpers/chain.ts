/**
 * The keeper tests' chain: anvil (test/ts/anvil.ts) + the real deploy script (tools/deploy-local.mjs) writing a
 * scratch deployment file, plus helpers for snapshots, time travel and a keeper config pointing at it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Deployment, parseDeployment } from "@aid-protocol/sdk";
import { readFileSync } from "node:fs";
import { type Hex, type PublicClient, createPublicClient, http } from "viem";
import { foundry } from "viem/chains";
import { type Anvil, startAnvil } from "../../../test/ts/anvil.js";
import { runScript } from "../../../tools/deploy-local.mjs";
import { type KeeperConfig, loadConfig } from "../../src/config.js";

/** anvil's public accounts (mnemonic "test test … junk"): #0 deployer/admin/operator, #1 the feeds' 1-of-1 signer. */
export const KEYS = {
  deployer: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  oracle: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  k2: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  k3: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  k4: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  k5: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
} as const satisfies Record<string, Hex>;

export type Chain = {
  anvil: Anvil;
  rpcUrl: string;
  client: PublicClient;
  deployment: Deployment;
  /** Absolute path of the scratch deployment file. */
  deploymentFile: string;
  /** A scratch directory removed by `stop`. */
  dir: string;
  rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  snapshot: () => Promise<Hex>;
  revert: (id: Hex) => Promise<void>;
  /** Advances time by `seconds` and mines one block. */
  warp: (seconds: number) => Promise<void>;
  now: () => Promise<bigint>;
  stop: () => Promise<void>;
};

/** Starts anvil and deploys the protocol with the real script (optionally seeded). */
export async function startChain(options: { seed?: boolean; anvilArgs?: string[] } = {}): Promise<Chain> {
  const anvil = await startAnvil(options.anvilArgs ?? []);
  const port = new URL(anvil.rpcUrl).port;
  const rel = `deployments/.vitest-keepers-${process.pid}-${port}.json`;
  const dir = mkdtempSync(join(tmpdir(), "keeper-test-"));
  try {
    const { path } = await runScript("deploy", { rpcUrl: anvil.rpcUrl, env: { DEPLOYMENT_FILE: rel }, quiet: true });
    if (options.seed) await runScript("seed", { rpcUrl: anvil.rpcUrl, env: { DEPLOYMENT_FILE: rel }, quiet: true });
    const deploymentFile = join(dir, "deployment.json");
    writeFileSync(deploymentFile, readFileSync(path));
    rmSync(path, { force: true });
    const deployment = parseDeployment(JSON.parse(readFileSync(deploymentFile, "utf8")) as unknown);
    const client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl), pollingInterval: 100 });
    const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never) as Promise<unknown>;
    return {
      anvil,
      rpcUrl: anvil.rpcUrl,
      client,
      deployment,
      deploymentFile,
      dir,
      rpc,
      snapshot: async () => (await rpc("evm_snapshot")) as Hex,
      revert: async (id) => {
        await rpc("evm_revert", [id]);
      },
      warp: async (seconds) => {
        await rpc("evm_increaseTime", [seconds]);
        await rpc("evm_mine");
      },
      now: async () => (await client.getBlock()).timestamp,
      stop: async () => {
        await anvil.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

let configs = 0;
/** Writes a JSON config for `chain` (merged with `overrides`) and loads it like the CLI does. */
export function keeperConfig(
  chain: Chain,
  overrides: Record<string, unknown> = {},
  env: Record<string, string> = {},
): { config: KeeperConfig; file: string } {
  const file = join(chain.dir, `keeper-${configs++}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      rpcUrls: [chain.rpcUrl],
      chainId: chain.deployment.chainId,
      deploymentFile: chain.deploymentFile,
      statePath: join(chain.dir, `state-${configs}.sqlite`),
      metricsPort: 0,
      pollIntervalMs: 200,
      blockAgeAlarmSeconds: 3_600,
      tx: { inclusionTimeoutMs: 5_000 },
      ...overrides,
    }),
  );
  return { config: loadConfig({ file, env: { KEEPER_PRIVATE_KEY: KEYS.deployer, ...env } }), file };
}
