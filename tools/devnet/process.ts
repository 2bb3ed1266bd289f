/**
 * Child processes of the devnet: each in its own process group (npm's `anvil` and `gnd` are node wrappers around a
 * binary, so the group is signalled, not just the wrapper), output kept in a log file under the state directory,
 * stopped with SIGTERM then SIGKILL, and killed on any exit of the launcher so Ctrl-C leaves nothing running.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

export type Service = {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop: (graceMs?: number) => Promise<void>;
};

const live = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, sig);
  } catch {
    // Already gone.
  }
}

process.once("exit", () => {
  for (const child of live) signalGroup(child, "SIGKILL");
});

export type SpawnServiceParameters = {
  name: string;
  command: string;
  args: readonly string[];
  logFile: string;
  cwd?: string;
  env?: Record<string, string>;
};

/** Starts `command` detached in its own group, stdout+stderr appended to `logFile`. */
export function spawnService(p: SpawnServiceParameters): Service {
  const log = createWriteStream(p.logFile, { flags: "a" });
  const child = spawn(p.command, [...p.args], {
    cwd: p.cwd,
    env: { ...process.env, ...p.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  live.add(child);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, sig) => {
      live.delete(child);
      resolve(sig ?? String(code));
    });
    child.once("error", (error) => {
      live.delete(child);
      resolve(`spawn error: ${error.message}`);
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000) => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) return;
      signalGroup(child, "SIGTERM");
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
      if ((await Promise.race([exited, timer])) === "timeout") {
        signalGroup(child, "SIGKILL");
        await exited;
      }
    })();
    return stopping;
  };
  return { name: p.name, pid: child.pid ?? -1, logFile: p.logFile, exited, stop };
}

/** Polls `probe` every `intervalMs` until it resolves true, the service exits, or `timeoutMs` passes. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs = 60_000, intervalMs = 100, service }: { timeoutMs?: number; intervalMs?: number; service?: Service } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  void service?.exited.then((code) => {
    exited = code;
  });
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // Not up yet.
    }
    if (exited !== undefined)
      throw new Error(`${what}: the process exited (${exited}) before it was ready; see ${service?.logFile}`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready after ${timeoutMs / 1000} s${service ? `; see ${service.logFile}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
