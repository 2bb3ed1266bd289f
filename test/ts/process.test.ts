/**
 * tools/lib/process.mjs with real child processes (`node -e` scripts): the whole process group is stopped, SIGKILL
 * follows a grace period the child ignores, nothing outlives a caller that exits or is SIGKILLed, and
 * runToCompletion's errors name the command and carry the tail of its output, runToExit resolves however the command
 * ends, and `echo` tees the output live.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ProcessGroup,
  type RunError,
  runToCompletion,
  runToExit,
  spawnGroup,
  waitUntil,
} from "../../tools/lib/process.mjs";

const NODE = process.execPath;
const PROCESS_LIB = new URL("../../tools/lib/process.mjs", import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), "aid-process-test-"));
/** Every group a test started, stopped in afterAll even when the test failed. */
const started: ProcessGroup[] = [];
/** Pids a test saw, SIGKILLed in afterAll should the code under test have left them running. */
const seen: number[] = [];

afterAll(async () => {
  for (const group of started) await group.stop(0);
  for (const pid of seen) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone, as it should be.
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Whether `pid` is a live process (a zombie awaiting its reaper counts as dead). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Waits (up to 10 s) for `pid` to be gone; resolves whether it is still alive then. */
async function stillAliveAfterWaiting(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return alive(pid);
}

/** A script that ignores SIGTERM (when asked), starts a grandchild that also does (when asked), prints pids, idles. */
function idler({ ignoreTerm = false, grandchild = false, grandchildIgnoresTerm = false } = {}): string {
  const ignore = "process.on('SIGTERM', () => {});";
  const gc = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(
    `${grandchildIgnoresTerm ? ignore : ""} setInterval(() => {}, 1000)`,
  )}], { stdio: 'ignore' })`;
  return `${ignoreTerm ? ignore : ""}
    ${grandchild ? `const gc = ${gc}; console.log('grandchild ' + gc.pid);` : ""}
    console.log('leader ' + process.pid);
    setInterval(() => {}, 1000);`;
}

/** Starts `script` with spawnGroup (output to a log file) and resolves with the pids it printed. */
async function startIdler(
  script: string,
  options: { stopSignal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<{ group: ProcessGroup; pids: Record<string, number> }> {
  const logFile = join(dir, `idler-${started.length}.log`);
  const group = spawnGroup(NODE, ["-e", script], { logFile, ...options });
  started.push(group);
  const pids: Record<string, number> = {};
  const wantsGrandchild = script.includes("grandchild");
  await waitUntil(
    "idler printed its pids",
    () => {
      for (const m of readFileSync(logFile, "utf8").matchAll(/^(leader|grandchild) (\d+)$/gm))
        pids[m[1] as string] = Number(m[2]);
      return pids.leader !== undefined && (!wantsGrandchild || pids.grandchild !== undefined);
    },
    { service: group, timeoutMs: 30_000 },
  );
  seen.push(...Object.values(pids));
  return { group, pids };
}

describe("spawnGroup", () => {
  it("runs the child in its own process group with its output in the log file", async () => {
    const { group, pids } = await startIdler(idler());
    expect(pids.leader, "the leader is the spawned process").toBe(group.pid);
    const pgid = Number(readFileSync(`/proc/${group.pid}/stat`, "utf8").split(") ")[1]?.split(" ")[2]);
    expect(pgid, "the child leads its own process group").toBe(group.pid);
    expect(group.tail(), "tail() reads the log file").toContain(`leader ${group.pid}`);
    expect(group.running(), "running before stop()").toBe(true);
    await group.stop();
    expect(group.running(), "not running after stop()").toBe(false);
    expect(await group.exited, "stopped by SIGTERM").toBe("SIGTERM");
  });

  it("stop() signals the whole group: a grandchild is stopped too", async () => {
    const { group, pids } = await startIdler(idler({ grandchild: true }));
    const grandchild = pids.grandchild as number;
    expect(alive(grandchild), "grandchild running").toBe(true);
    await group.stop();
    expect(await stillAliveAfterWaiting(grandchild), "grandchild gone after stop()").toBe(false);
  });

  it("SIGKILLs the group after the grace period when the child ignores the stop signal", async () => {
    const { group, pids } = await startIdler(idler({ ignoreTerm: true, grandchild: true, grandchildIgnoresTerm: true }));
    await group.stop(300);
    expect(await group.exited, "the leader died of SIGKILL").toBe("SIGKILL");
    expect(await stillAliveAfterWaiting(pids.grandchild as number), "grandchild SIGKILLed too").toBe(false);
  });

  it("after the leader exits on the stop signal, what is left of the group is SIGKILLed", async () => {
    const { group, pids } = await startIdler(idler({ grandchild: true, grandchildIgnoresTerm: true }));
    await group.stop(60_000);
    expect(await group.exited, "the leader stopped on SIGTERM").toBe("SIGTERM");
    expect(await stillAliveAfterWaiting(pids.grandchild as number), "the SIGTERM-ignoring grandchild is gone").toBe(false);
  });

  it("uses the stop signal it is given, and stop() is idempotent", async () => {
    const script = "process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(7) }); console.log('leader ' + process.pid); setInterval(() => {}, 1000)";
    const { group } = await startIdler(script, { stopSignal: "SIGINT" });
    await Promise.all([group.stop(), group.stop()]);
    await group.stop();
    expect(await group.exited, "exit code of the SIGINT handler").toBe("7");
    expect(group.tail(), "the handler ran").toContain("got SIGINT");
  });

  it("without a log file the output is piped and kept for tail()", async () => {
    const group = spawnGroup(NODE, ["-e", "console.log('to stdout'); console.error('to stderr'); process.exit(3)"]);
    started.push(group);
    expect(await group.exited, "exit code").toBe("3");
    expect(group.logFile).toBeUndefined();
    expect(group.tail(), "stdout kept").toContain("to stdout");
    expect(group.tail(), "stderr kept").toContain("to stderr");
  });

  it("a command that cannot start resolves exited with the spawn error", async () => {
    const group = spawnGroup(join(dir, "no-such-command"), []);
    started.push(group);
    expect(await group.exited).toMatch(/^spawn error: .*ENOENT/);
    expect(group.running()).toBe(false);
    await group.stop();
  });

  it("nothing outlives a caller that exits without stopping its groups (exit hook)", async () => {
    const program = `const { spawnGroup } = await import(${JSON.stringify(PROCESS_LIB)});
      const g = spawnGroup(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { watchdog: false });
      console.log(g.pid); setTimeout(() => process.exit(0), 200);`;
    const { stdout } = await runToCompletion(NODE, ["--input-type=module", "-e", program]);
    const pid = Number(stdout.trim());
    seen.push(pid);
    expect(pid, "the caller printed the pid").toBeGreaterThan(0);
    expect(await stillAliveAfterWaiting(pid), "killed by the exit hook").toBe(false);
  });

  it("nothing outlives a caller killed with SIGKILL (watchdog)", async () => {
    const program = `const { spawnGroup } = await import(${JSON.stringify(PROCESS_LIB)});
      const g = spawnGroup(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
      console.log(g.pid); setInterval(() => {}, 1000);`;
    const caller = spawn(NODE, ["--input-type=module", "-e", program], { stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = "";
      caller.stdout.on("data", (c: Buffer) => {
        out += c;
        if (out.includes("\n")) resolve(Number(out.trim()));
      });
      caller.once("exit", (code) => reject(new Error(`caller exited (${code}) before printing the pid`)));
    });
    seen.push(pid);
    expect(alive(pid), "the group leader runs").toBe(true);
    caller.kill("SIGKILL");
    expect(await stillAliveAfterWaiting(pid), "killed by the watchdog").toBe(false);
  });
});

describe("waitUntil", () => {
  it("resolves once the probe is true (a throwing probe counts as not yet)", async () => {
    let calls = 0;
    await waitUntil("third call", () => {
      calls++;
      if (calls === 1) throw new Error("not up");
      return calls >= 3;
    }, { intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it("rejects when the service exits first, with its log file and the tail of its output", async () => {
    const logFile = join(dir, "dies.log");
    const group = spawnGroup(NODE, ["-e", "console.error('boom: bad config'); process.exit(2)"], { logFile });
    started.push(group);
    const error = await waitUntil("dies", async () => false, { service: group, timeoutMs: 60_000 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("dies: the process exited (2) before it was ready");
    expect((error as Error).message).toContain(logFile);
    expect((error as Error).message).toContain("boom: bad config");
  });

  it("rejects after the timeout", async () => {
    await expect(waitUntil("never", () => false, { timeoutMs: 50, intervalMs: 10 })).rejects.toThrow("never: not ready after 0.05 s");
  });
});

describe("runToCompletion", () => {
  it("resolves with stdout and the interleaved output on exit 0", async () => {
    const { stdout, output } = await runToCompletion(NODE, ["-e", "console.log('out'); console.error('err')"]);
    expect(stdout, "stdout only").toBe("out\n");
    expect(output, "stderr in the output").toContain("err");
  });

  it("rejects with the command and the tail of its output on a non-zero exit", async () => {
    const script = "for (let i = 1; i <= 100; i++) console.log('line ' + i); console.error('the reason'); process.exit(3)";
    const error = (await runToCompletion(NODE, ["-e", script], { what: "the build" }).catch((e: unknown) => e)) as RunError;
    expect(error).toBeInstanceOf(Error);
    expect(error.message, "names the command and the exit code").toMatch(/^the build failed \(exit 3\):\n/);
    expect(error.message, "the last lines").toContain("line 100");
    expect(error.message, "the stderr line").toContain("the reason");
    expect(error.message, "only the tail").not.toContain("line 1\n");
    expect(error.exitCode).toBe(3);
    expect(error.output, "the whole output is kept").toContain("line 1\n");
  });

  it("names the command line by default", async () => {
    await expect(runToCompletion(NODE, ["-e", "process.exit(1)"])).rejects.toThrow(/^node -e process\.exit\(1\) failed \(exit 1\)$/);
  });

  it("rejects when the command cannot start", async () => {
    const error = (await runToCompletion(join(dir, "no-such-command"), []).catch((e: unknown) => e)) as RunError;
    expect(error.message).toMatch(/no-such-command could not start: .*ENOENT/);
    expect(error.exitCode).toBeNull();
  });

  it("an abort kills the command with the kill signal", async () => {
    const pidFile = join(dir, "aborted.pid");
    const script = `process.on('SIGTERM', () => {}); require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
    const abort = new AbortController();
    const run = runToCompletion(NODE, ["-e", script], { signal: abort.signal, killSignal: "SIGKILL" });
    const failed = run.catch((e: unknown) => e as RunError);
    let pid = 0;
    await waitUntil("the command wrote its pid", () => {
      pid = Number(readFileSync(pidFile, "utf8"));
      return pid > 0;
    });
    seen.push(pid);
    abort.abort();
    expect((await failed).message).toMatch(/was aborted/);
    expect(await stillAliveAfterWaiting(pid), "the SIGTERM-ignoring command was SIGKILLed").toBe(false);
  });
});

describe("runToExit", () => {
  it("resolves on a non-zero exit with the code, stdout, stderr and the interleaved output", async () => {
    const script = "console.log('out 1'); console.error('err 1'); console.log('out 2'); process.exitCode = 2";
    const run = await runToExit(NODE, ["-e", script]);
    expect(run.code, "the exit code").toBe(2);
    expect(run.signal, "no signal").toBeNull();
    expect(run.stdout, "stdout only").toBe("out 1\nout 2\n");
    expect(run.stderr, "stderr only").toBe("err 1\n");
    expect(run.output, "both").toMatch(/out 1[\s\S]*err 1|err 1[\s\S]*out 1/);
    expect(run.output.length, "every line once").toBe("out 1\nerr 1\nout 2\n".length);
  });

  it("reports the signal that ended the command", async () => {
    const run = await runToExit(NODE, ["-e", "console.log('before'); process.kill(process.pid, 'SIGKILL')"]);
    expect(run.code, "no exit code").toBeNull();
    expect(run.signal, "the signal").toBe("SIGKILL");
  });

  it("rejects when the command cannot start, naming it", async () => {
    const error = (await runToExit(join(dir, "missing"), [], { what: "the tool" }).catch((e: unknown) => e)) as RunError;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^the tool could not start: .*ENOENT/);
  });

  it("echo tees the output to this process's stdout and stderr as it arrives, and still captures it", async () => {
    // A caller runs a command with `echo: true`; the command prints, then waits for `go` before it ends. The printed
    // lines must reach the caller's own stdout/stderr while the command still runs (a copy made at the end never
    // would), and the caller's result must hold them too.
    const go = join(dir, "echo.go");
    const command = `console.log('live out'); console.error('live err');
      const t = setInterval(() => { if (require('node:fs').existsSync(${JSON.stringify(go)})) { console.log('after go'); clearInterval(t) } }, 20)`;
    const program = `const { runToCompletion } = await import(${JSON.stringify(PROCESS_LIB)});
      const r = await runToCompletion(process.execPath, ['-e', ${JSON.stringify(command)}], { echo: true });
      console.log('captured ' + JSON.stringify(r));`;
    const caller = spawnGroup(NODE, ["--input-type=module", "-e", program]);
    started.push(caller);
    let out = "";
    let err = "";
    caller.child.stdout?.on("data", (c: Buffer) => (out += c));
    caller.child.stderr?.on("data", (c: Buffer) => (err += c));
    await waitUntil("the echoed lines reached the caller's stdout and stderr", () => out.includes("live out") && err.includes("live err"), {
      service: caller,
      timeoutMs: 30_000,
    });
    expect(out, "nothing after the wait yet: the command is still running").not.toContain("after go");
    writeFileSync(go, "");
    expect(await caller.exited, "the caller exits 0").toBe("0");
    expect(out, "stdout echoed").toContain("live out\nafter go\n");
    expect(err, "stderr echoed to stderr only").toBe("live err\n");
    const captured = JSON.parse(out.slice(out.indexOf("captured ") + "captured ".length)) as { stdout: string; output: string };
    expect(captured.stdout, "stdout still captured").toBe("live out\nafter go\n");
    expect(captured.output, "stderr still captured").toContain("live err");
  });
});
