#!/usr/bin/env node
// Runs the forge deployment scripts against a running node (anvil by default):
//
//   npm run deploy:local   → script/Deploy.s.sol, writes deployments/<chainId>.json
//   npm run seed:local     → script/Seed.s.sol, reads it and seeds a demo state
//
// RPC_URL (default http://127.0.0.1:8545) selects the node; DEPLOYMENT_FILE (relative to the repository root, under
// deployments/) overrides deployments/<chainId>.json. Every other setting is read by the scripts from the
// environment (DEPLOYER_PRIVATE_KEY, ORACLE_SIGNER_PRIVATE_KEY, USDC, USDT, …: see script/lib/DeployConfigLib.sol).
// Without DEPLOYER_PRIVATE_KEY the scripts use anvil's PUBLIC test keys and refuse any chain but 31337.
//
// Also imported by test/ts/deployments.test.ts, so the test runs exactly what the npm scripts run.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runToExit } from "./lib/process.mjs";
import { rpc } from "./lib/rpc.mjs";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

const SCRIPTS = {
  deploy: "script/Deploy.s.sol:Deploy",
  seed: "script/Seed.s.sol:Seed",
};

/** Path of the deployment file of `chainId` (or of `DEPLOYMENT_FILE` when set in `env`). */
export function deploymentPath(chainId, env = process.env) {
  return env.DEPLOYMENT_FILE ? join(ROOT, env.DEPLOYMENT_FILE) : join(ROOT, "deployments", `${chainId}.json`);
}

/** `eth_chainId` of the node at `rpcUrl`, as a number. */
export async function fetchChainId(rpcUrl) {
  return Number(BigInt(await rpc(rpcUrl, "eth_chainId")));
}

/**
 * Runs `forge script <which> --rpc-url <rpcUrl> --broadcast` from the repository root and resolves with the wall-clock
 * duration in milliseconds. Rejects when forge exits non-zero; a failed deploy also removes the deployment file it
 * may have written during simulation, so no file ever describes a deployment that is not on chain.
 * @param {"deploy" | "seed"} which
 * @param {{ rpcUrl?: string, env?: Record<string, string>, quiet?: boolean }} [options] `env` is added to
 * `process.env` for forge.
 */
export async function runScript(which, { rpcUrl = DEFAULT_RPC_URL, env = {}, quiet = false } = {}) {
  const target = SCRIPTS[which];
  if (!target) throw new Error(`unknown script "${which}" (expected ${Object.keys(SCRIPTS).join(" or ")})`);
  const chainId = await fetchChainId(rpcUrl);
  const forge = join(ROOT, "node_modules", ".bin", "forge");
  const fullEnv = { ...process.env, ...env };
  // --slow: one transaction at a time, each confirmed before the next. Without it forge sends a burst, and anvil's
  // automine can fill a block to its gas limit and leave the remainder pending with no new transaction to trigger
  // another block: the script then waits for receipts forever.
  const args = ["script", target, "--rpc-url", rpcUrl, "--broadcast", "--slow", "--non-interactive"];
  const file = deploymentPath(chainId, fullEnv);
  const started = performance.now();
  // forge's output is shown live (unless quiet) and kept for the checks below.
  const { code, signal, output } = await runToExit(forge, args, {
    cwd: ROOT,
    env: fullEnv,
    echo: !quiet,
    what: `forge script ${target}`,
  });
  const ms = performance.now() - started;
  // forge exits 0 even when a broadcast transaction reverted on chain: treat any failed receipt as a failure.
  const failedTx = /Transaction Failure/.test(output);
  if (code !== 0 || failedTx) {
    if (which === "deploy" && existsSync(file)) rmSync(file);
    const why =
      code !== 0 ? (signal ? `was killed by ${signal}` : `exited with code ${code}`) : "broadcast a transaction that reverted on chain";
    const error = new Error(`forge script ${target} ${why}`);
    error.output = output;
    throw error;
  }
  return { chainId, ms, path: file };
}

async function main() {
  const which = process.argv[2];
  const rpcUrl = process.env.RPC_URL ?? DEFAULT_RPC_URL;
  try {
    const { chainId, ms, path } = await runScript(which, { rpcUrl });
    const what = which === "deploy" ? `deployed; addresses in ${path}` : `seeded from ${path}`;
    console.log(`\nchain ${chainId} (${rpcUrl}): ${what} in ${(ms / 1000).toFixed(1)} s wall clock`);
  } catch (error) {
    console.error(`\n${which} failed: ${error.message}`);
    if (error.cause?.code === "ECONNREFUSED" || /fetch failed/.test(error.message)) {
      console.error(`No node answers at ${rpcUrl}: start one (\`npx anvil\`) or set RPC_URL.`);
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
