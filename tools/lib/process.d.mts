import type { ChildProcess } from "node:child_process";

/** Registers a synchronous cleanup run when this process exits; returns a function that removes it. */
export function onExit(cleanup: () => void): () => void;

/**
 * A detached `sh` that, once this process is gone (even SIGKILLed), SIGKILLs process group `pgid` and removes `dir`
 * (each when given). Returns a function that ends the watchdog (for a normal stop).
 */
export function watchdog(what: { pgid?: number | undefined; dir?: string | undefined }): () => void;

/** The last `lines` (default 40) lines of a log file ('' when it cannot be read). */
export function logTail(file: string, lines?: number): string;

/** A long-running child in its own process group (see `spawnGroup`). */
export type ProcessGroup = {
  readonly child: ChildProcess;
  /** The leader's pid, which is also the process group id (undefined when the spawn failed). */
  readonly pid: number | undefined;
  /** Where stdout and stderr go; undefined when they are piped. */
  readonly logFile: string | undefined;
  /** Resolves with the exit code, the signal name, or `spawn error: <message>` once the leader is gone. */
  readonly exited: Promise<string>;
  /** True until the leader exited (or failed to spawn). */
  running(): boolean;
  /** The last `lines` (default 40) lines of the output (from the log file, or kept from the pipes). */
  tail(lines?: number): string;
  /** The stop signal to the group, SIGKILL after the grace period, then SIGKILL to what is left; idempotent. */
  stop(graceMs?: number): Promise<void>;
};

export type SpawnGroupOptions = {
  cwd?: string | undefined;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Append stdout and stderr to this file; without it they are piped and the last 64 KiB kept for `tail()`. */
  logFile?: string | undefined;
  /** Sent to the group by `stop()` (default SIGTERM). */
  stopSignal?: NodeJS.Signals | undefined;
  /** How long `stop()` waits before SIGKILL (default 5000 ms). */
  graceMs?: number | undefined;
  /** A detached watchdog that kills the group if this process is killed outright (default true). */
  watchdog?: boolean | undefined;
};

/**
 * Starts `cmd args` detached in its own process group, output to `logFile` (or piped). The group is SIGKILLed when this
 * process exits, and by a watchdog when this process is killed outright.
 */
export function spawnGroup(cmd: string, args: readonly string[], options?: SpawnGroupOptions): ProcessGroup;

export type WaitUntilOptions = {
  /** Default 60 000 ms. */
  timeoutMs?: number | undefined;
  /** Default 100 ms. */
  intervalMs?: number | undefined;
  /** Fail early when it exits; its log file and output tail go into the error. */
  service?: Pick<ProcessGroup, "exited" | "logFile" | "tail"> | undefined;
};

/**
 * Polls `probe` until it resolves true (a throwing probe counts as "not yet"); rejects when `service` exits first or
 * after `timeoutMs`.
 */
export function waitUntil(what: string, probe: () => boolean | Promise<boolean>, options?: WaitUntilOptions): Promise<void>;

/** The rejection of `runToCompletion`. */
export type RunError = Error & {
  /** null when the command could not start, was aborted or died of a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The whole interleaved stdout+stderr ('' with `stdio: 'inherit'`). */
  output: string;
};

export type RunOptions = {
  cwd?: string | undefined;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Names the command in errors (default: the command line). */
  what?: string | undefined;
  /** 'pipe' (default) captures the output; 'inherit' shares this process's stdio (nothing captured). */
  stdio?: "pipe" | "inherit" | undefined;
  /** Also write the captured stdout and stderr to this process's, as they arrive (default false; with 'pipe'). */
  echo?: boolean | undefined;
  /** Aborting kills the child with `killSignal` (default SIGTERM). */
  signal?: AbortSignal | undefined;
  killSignal?: NodeJS.Signals | undefined;
};

/** How a command ended and what it printed (outputs are '' with `stdio: 'inherit'`). */
export type RunResult = {
  /** The exit code; null when a signal ended the command. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
};

/**
 * Runs `cmd args` to its end and resolves however it exits; rejects (a `RunError` `<what> could not start` /
 * `<what> was aborted`) only when it cannot start or is aborted.
 */
export function runToExit(cmd: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;

export type RunToCompletionOptions = RunOptions & {
  /** Lines of output in the error message (default 40). */
  tailLines?: number | undefined;
};

/**
 * Runs `cmd args` to its end: resolves with stdout and the interleaved output on exit 0, rejects with a `RunError`
 * `<what> failed (exit <code>):\n<output tail>` otherwise.
 */
export function runToCompletion(
  cmd: string,
  args: readonly string[],
  options?: RunToCompletionOptions,
): Promise<{ stdout: string; output: string }>;
