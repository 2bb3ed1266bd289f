/**
 * The running devnet's descriptor, `<stateDir>/devnet.json`: written once everything is up, removed on shutdown.
 * Scenarios and tests find the devnet through it (no port guessing).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type DevnetDescriptor = {
  pid: number;
  startedAt: string;
  chainId: number;
  rpcUrl: string;
  blockTimeSeconds: number;
  deploymentFile: string;
  marketDataUrl: string;
  graphqlUrl: string | null;
  keeperMetricsUrl: string | null;
  /** Where the liquidator keeper sends its profit (null without keepers). */
  liquidatorRecipient: `0x${string}` | null;
  logDir: string;
};

export const descriptorPath = (stateDir: string) => join(stateDir, "devnet.json");

export function writeDescriptor(stateDir: string, d: DevnetDescriptor): void {
  writeFileSync(descriptorPath(stateDir), `${JSON.stringify(d, null, 2)}\n`);
}

export function removeDescriptor(stateDir: string): void {
  rmSync(descriptorPath(stateDir), { force: true });
}

/** Reads the descriptor of a running devnet; throws with the fix when none runs. */
export function readDescriptor(stateDir = ".devnet"): DevnetDescriptor {
  const file = descriptorPath(stateDir);
  if (!existsSync(file)) throw new Error(`no devnet is running (${file} is missing): start one with \`npm run devnet\``);
  const d = JSON.parse(readFileSync(file, "utf8")) as DevnetDescriptor;
  try {
    process.kill(d.pid, 0);
  } catch {
    throw new Error(`the devnet in ${file} (pid ${d.pid}) is gone: start one with \`npm run devnet\``);
  }
  return d;
}
