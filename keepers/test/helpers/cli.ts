/**
 * Runs the BUILT CLI (dist/cli.js, from `npm run build`) as a child process through tools/lib/process.mjs: `runCli` to
 * its end (`runToExit`, any exit code), `spawnCli` long-running in its own process group (`spawnGroup`), which is
 * SIGKILLed when the test worker exits or is killed.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runToExit, spawnGroup } from "../../../tools/lib/process.mjs";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export type CliRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` in keepers/ first (npm test does)`);
}

/** Runs the CLI to completion; resolves whatever its exit code (the tests assert it). */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  assertBuilt();
  const { code, signal, stdout, stderr } = await runToExit(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    what: `aid-keeper ${args.join(" ")}`,
  });
  return { code, signal, stdout, stderr };
}

export type Spawned = {
  child: ChildProcess;
  /** Every stdout line parsed as JSON (pino records). */
  records: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until a log record matches. */
  waitFor: (pred: (r: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  /** Sends `sig` to the CLI (a no-op once it exited). */
  kill: (sig: NodeJS.Signals) => void;
};

/** Starts a long-running CLI; whatever is left of its group is SIGKILLed once it exits, or when the test worker does. */
export function spawnCli(args: string[], env: Record<string, string> = {}): Spawned {
  assertBuilt();
  const group = spawnGroup(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  const { child } = group;
  let out = "";
  let err = "";
  const parsed: Record<string, unknown>[] = [];
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
    let nl = out.indexOf("\n");
    while (nl >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      try {
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log record
      }
      nl = out.indexOf("\n");
    }
  });
  child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
  // Once the CLI exited, stop() only SIGKILLs what is left of the group and ends the exit hook and the watchdog.
  const exited = group.exited.then(async () => {
    await group.stop();
    return { code: child.exitCode, signal: child.signalCode };
  });
  return {
    child,
    records: () => parsed,
    stderr: () => err,
    exited,
    waitFor: async (pred, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = parsed.find(pred);
        if (hit) return hit;
        if (!group.running()) throw new Error(`CLI exited (${await group.exited}) before the record; stderr: ${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for a log record; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: (sig) => {
      if (group.running()) child.kill(sig);
    },
  };
}

/** Starts the CLI and SIGKILLs it right after it logged the broadcast of a `label` tx (before any receipt). */
export async function killAfterSend(args: string[], env: Record<string, string>, label: string): Promise<void> {
  const cli = spawnCli(args, env);
  try {
    await cli.waitFor((r) => r.msg === "sent" && r.label === label);
    cli.kill("SIGKILL");
    await cli.exited;
  } finally {
    cli.kill("SIGKILL");
  }
}

/**
 * Starts the CLI, waits until its /metrics matched `pass` twice (a metric every pass sets), stops it with SIGTERM.
 * Returns its log records.
 */
export async function runPasses(args: string[], env: Record<string, string>, pass: RegExp): Promise<Record<string, unknown>[]> {
  const cli = spawnCli(args, env);
  try {
    const started = await cli.waitFor((r) => r.msg === "keeper started");
    for (let seen = 0; seen < 2; ) {
      const text = await (await fetch(`http://127.0.0.1:${started.metricsPort as number}/metrics`)).text();
      if (pass.test(text)) seen++;
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    cli.kill("SIGTERM");
    await cli.exited;
  }
  return cli.records();
}
