/**
 * The devnet e2e tests' one way to run `npm run devnet -- --ci …` headless: spawned in its own process group, up once
 * its descriptor (`<stateDir>/devnet.json`) appears, stopped with Ctrl-C (SIGINT to the group), and SIGKILLed from
 * `afterAll` when a test failed before that.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DevnetDescriptor } from "../../tools/devnet/descriptor.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const VITE_NODE = join(ROOT, "node_modules", ".bin", "vite-node");

export type Devnet = {
  proc: ChildProcess;
  descriptor: DevnetDescriptor;
  /** stdout + stderr so far. */
  output: () => string;
  /** Ctrl-C: SIGINT to the process group; resolves with the exit code once the output is complete. */
  interrupt: () => Promise<number | null>;
  /** SIGKILLs the process group if it still runs (for `afterAll`). */
  kill: () => void;
};

/** Starts `npm run devnet -- <args> --state-dir <stateDir>` and resolves once it is up (descriptor written). */
export async function startDevnet(stateDir: string, args: readonly string[], timeoutMs = 600_000): Promise<Devnet> {
  const proc = spawn(VITE_NODE, ["tools/devnet/cli.ts", "--", ...args, "--state-dir", stateDir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  proc.stdout?.on("data", (c: Buffer) => {
    output += c;
  });
  proc.stderr?.on("data", (c: Buffer) => {
    output += c;
  });
  const kill = () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      process.kill(-(proc.pid as number), "SIGKILL");
    } catch {
      // gone
    }
  };
  const file = join(stateDir, "devnet.json");
  const deadline = Date.now() + timeoutMs;
  try {
    while (!existsSync(file)) {
      if (proc.exitCode !== null) throw new Error(`the devnet exited (${proc.exitCode}) before it was up:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the devnet was not up after ${timeoutMs / 60_000} min:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    kill();
    throw error;
  }
  const descriptor = JSON.parse(readFileSync(file, "utf8")) as DevnetDescriptor;
  return {
    proc,
    descriptor,
    output: () => output,
    interrupt: () => {
      if (proc.exitCode !== null) return Promise.resolve(proc.exitCode);
      // "close": exited and its output read to the end.
      const exited = new Promise<number | null>((r) => proc.once("close", (code) => r(code)));
      process.kill(-(proc.pid as number), "SIGINT");
      return exited;
    },
    kill,
  };
}

/** Processes whose command line mentions `needle` (other than this test runner). */
export function processesMentioning(needle: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return ps.split("\n").filter((l) => l.includes(needle) && !l.includes("vitest") && !l.includes(" ps -eo"));
}

/** What must hold after Ctrl-C: nothing that names the state directory or anvil's port still runs. */
export function leftovers(stateDir: string, descriptor: DevnetDescriptor): string[] {
  return [...processesMentioning(stateDir), ...processesMentioning(`--port ${new URL(descriptor.rpcUrl).port}`)];
}

export async function graphql<T>(url: string | null, query: string): Promise<T> {
  if (!url) throw new Error("no GraphQL URL");
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** Waits until the subgraph at `url` has indexed `block`; returns its `_meta`. */
export async function waitForSubgraph(
  url: string | null,
  block: bigint,
  timeoutMs = 120_000,
): Promise<{ block: { number: number }; hasIndexingErrors: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { _meta } = await graphql<{ _meta: { block: { number: number }; hasIndexingErrors: boolean } }>(
      url,
      "{ _meta { block { number } hasIndexingErrors } }",
    );
    if (BigInt(_meta.block.number) >= block) return _meta;
    if (Date.now() > deadline) throw new Error(`the subgraph did not reach block ${block} (at ${_meta.block.number})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
