/** Runs the BUILT CLI (dist/cli.js, from `npm run build`) as a child process, in its own process group. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export type CliRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} missing: run \`npm run build\` in keepers/ first (npm test does)`);
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export type Spawned = {
  child: ChildProcess;
  /** Every stdout line parsed as JSON (pino records). */
  records: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until a log record matches. */
  waitFor: (pred: (r: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  kill: (sig: NodeJS.Signals) => void;
};

/** Starts a long-running CLI; the process is SIGKILLed when the test worker exits. */
export function spawnCli(args: string[], env: Record<string, string> = {}): Spawned {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: "pipe" });
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      process.off("exit", onExit);
      resolve({ code, signal });
    }),
  );
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
        if (child.exitCode !== null) throw new Error(`CLI exited (${child.exitCode}) before the record; stderr: ${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for a log record; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: (sig) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
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
