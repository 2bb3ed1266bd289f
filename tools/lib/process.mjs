// Child processes, one implementation for every tool and test that starts one (the devnet, graph-stack's PostgreSQL
// and graph-node, the anvil test helper, builds and psql calls):
//
//   spawnGroup()        a long-running service in its own process group (npm's `anvil` and `gnd` are node wrappers
//                       around a binary, so the whole group is signalled, not just the wrapper), output appended to a
//                       log file (or piped and kept in memory), stopped with a signal then SIGKILL after a grace period
//   runToExit()         a command run to its end: its exit code or signal, stdout, stderr, optionally teed live
//   runToCompletion()   the same, but rejects with the command and the tail of its output unless it exits 0
//   waitUntil()         polls a readiness probe; fails early, with the log tail, when the service exits first
//   onExit(), watchdog() last-resort cleanups: a process `exit` hook (SIGKILLs every live group), and a detached `sh`
//                       that cleans up within a second when this process is killed outright (SIGKILL, or a signal with
//                       no handler, where no `exit` hook runs)
import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'

/** @type {Set<() => void>} synchronous last-resort cleanups, run (newest first) when this process exits */
const exitCleanups = new Set()
let exitHookInstalled = false

/**
 * Registers a synchronous cleanup run when this process exits (however it exits, short of being killed outright).
 * @param {() => void} cleanup
 * @returns {() => void} removes the cleanup (after a normal stop)
 */
export function onExit(cleanup) {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const c of [...exitCleanups].reverse()) {
        try {
          c()
        } catch {
          // Best effort: the process is going away.
        }
      }
    })
  }
  exitCleanups.add(cleanup)
  return () => exitCleanups.delete(cleanup)
}

/**
 * A detached `sh` that outlives this process if it is killed outright: once our pid is gone it SIGKILLs process group
 * `pgid` (when given) and removes `dir` (when given).
 * @param {{ pgid?: number | undefined, dir?: string | undefined }} what
 * @returns {() => void} ends the watchdog (for a normal stop)
 */
export function watchdog({ pgid, dir }) {
  const script =
    'while kill -0 "$0" 2>/dev/null; do sleep 1; done; ' +
    '[ -n "$1" ] && kill -9 "-$1" 2>/dev/null; [ -n "$2" ] && rm -rf -- "$2"; exit 0'
  const dog = spawn('sh', ['-c', script, String(process.pid), pgid ? String(pgid) : '', dir ?? ''], {
    stdio: 'ignore',
    detached: true,
  })
  dog.unref()
  dog.on('error', () => {})
  const end = () => {
    try {
      if (dog.pid) process.kill(dog.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  const off = onExit(end)
  return () => {
    off()
    end()
  }
}

/** @param {number | undefined} pgid @param {NodeJS.Signals} sig */
function signalGroup(pgid, sig) {
  try {
    if (pgid) process.kill(-pgid, sig)
  } catch {
    // Already gone.
  }
}

/** The last `lines` lines of `text`. @param {string} text @param {number} lines */
function lastLines(text, lines) {
  return text.replace(/\n+$/, '').split('\n').slice(-lines).join('\n')
}

/**
 * The last `lines` lines of a log file ('' when it cannot be read).
 * @param {string} file @param {number} [lines]
 */
export function logTail(file, lines = 40) {
  try {
    return lastLines(readFileSync(file, 'utf8'), lines)
  } catch {
    return ''
  }
}

/** How much piped output a service handle keeps for `tail()`. */
const KEPT_OUTPUT_CHARS = 64 * 1024

/**
 * @typedef {{
 *   child: import('node:child_process').ChildProcess,
 *   pid: number | undefined,
 *   logFile: string | undefined,
 *   exited: Promise<string>,
 *   running: () => boolean,
 *   tail: (lines?: number) => string,
 *   stop: (graceMs?: number) => Promise<void>,
 * }} ProcessGroup
 */

/**
 * Starts `cmd args` detached in its own process group. With `logFile` its stdout and stderr are appended to that file;
 * without, they are piped (`child.stdout`/`child.stderr`) and the last 64 KiB are kept for `tail()`. `stop()` sends
 * `stopSignal` (default SIGTERM) to the group, SIGKILLs it after `graceMs` (default 5 s) if the leader is still
 * running, then SIGKILLs whatever is left of the group; resolves once the leader exited. Idempotent. The group is
 * SIGKILLed when this process exits, and by a watchdog when this process is killed outright (`watchdog: false` to
 * skip it). `exited` resolves with the exit code, the signal name, or `spawn error: <message>`.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, logFile?: string, stopSignal?: NodeJS.Signals, graceMs?: number,
 *   watchdog?: boolean }} [options] `env` is the child's whole environment (default: this process's)
 * @returns {ProcessGroup}
 */
export function spawnGroup(cmd, args, options = {}) {
  const { cwd, env, logFile, stopSignal = 'SIGTERM', graceMs = 5_000, watchdog: guard = true } = options
  const fd = logFile === undefined ? undefined : openSync(logFile, 'a')
  /** @type {import('node:child_process').ChildProcess} */
  let child
  try {
    const stdio = fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd]
    child = spawn(cmd, [...args], { cwd, env, stdio, detached: true })
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  let kept = ''
  const keep = (/** @type {Buffer} */ chunk) => {
    kept = (kept + chunk).slice(-KEPT_OUTPUT_CHARS)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let done = false
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, sig) => {
      done = true
      resolveExit(sig ?? String(code))
    })
    child.on('error', (error) => {
      // A spawn failure (no pid) emits no 'exit'; an error after the start (a failed kill) is not an exit.
      if (child.pid !== undefined) return
      done = true
      resolveExit(`spawn error: ${error.message}`)
    })
  })
  const pgid = child.pid
  const offExit = onExit(() => signalGroup(pgid, 'SIGKILL'))
  const endWatchdog = guard && pgid ? watchdog({ pgid }) : () => {}
  /** @type {Promise<void> | undefined} */
  let stopping
  /** @param {number} [grace] */
  const stop = (grace = graceMs) => {
    stopping ??= (async () => {
      if (!done) {
        signalGroup(pgid, stopSignal)
        const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), grace)
        timer.unref()
        await exited
        clearTimeout(timer)
      }
      // The group may still hold children whose leader exited (runuser's postgres, a wrapper's binary): kill the rest.
      signalGroup(pgid, 'SIGKILL')
      offExit()
      endWatchdog()
    })()
    return stopping
  }
  return {
    child,
    pid: pgid,
    logFile,
    exited,
    running: () => !done,
    tail: (lines = 40) => (logFile === undefined ? lastLines(kept, lines) : logTail(logFile, lines)),
    stop,
  }
}

/**
 * Polls `probe` every `intervalMs` (default 100) until it resolves true (a probe that throws counts as "not yet").
 * Rejects when `service` exits first or after `timeoutMs` (default 60 s), naming `what`, the service's log file and
 * the tail of its output.
 * @param {string} what
 * @param {() => boolean | Promise<boolean>} probe
 * @param {{ timeoutMs?: number, intervalMs?: number,
 *   service?: Pick<ProcessGroup, 'exited' | 'logFile' | 'tail'> }} [options]
 * @returns {Promise<void>}
 */
export async function waitUntil(what, probe, { timeoutMs = 60_000, intervalMs = 100, service } = {}) {
  const deadline = Date.now() + timeoutMs
  /** @type {string | undefined} */
  let exitedWith
  void service?.exited.then((code) => {
    exitedWith = code
  })
  const details = () => {
    if (!service) return ''
    const tail = service.tail()
    return `${service.logFile ? `; see ${service.logFile}` : ''}${tail ? `:\n${tail}` : ''}`
  }
  for (;;) {
    try {
      if (await probe()) return
    } catch {
      // Not up yet.
    }
    if (exitedWith !== undefined) throw new Error(`${what}: the process exited (${exitedWith}) before it was ready${details()}`)
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s${details()}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/**
 * @typedef {Error & { exitCode: number | null, signal: NodeJS.Signals | null, output: string }} RunError
 */

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, output: string }}
 *   RunResult
 */

/** @param {string} cmd @param {readonly string[]} args */
const commandLine = (cmd, args) => [basename(cmd), ...args].join(' ')

/**
 * Runs `cmd args` to its end, whatever the exit. Output is captured (`stdio: 'pipe'`, the default) or shared with this
 * process (`'inherit'`, nothing captured); with `echo` the captured output is also written, as it arrives, to this
 * process's stdout and stderr (a tee). Resolves with the exit code (null when a signal ended it), the signal, stdout,
 * stderr and the interleaved stdout+stderr (`output`). Rejects only when the command cannot start, or is aborted
 * through `signal`: a RunError `<what> could not start` / `<what> was aborted` with the cause (`what` defaults to the
 * command line).
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, what?: string, stdio?: 'pipe' | 'inherit', echo?: boolean,
 *   signal?: AbortSignal, killSignal?: NodeJS.Signals }} [options] `env` is the child's whole environment
 * @returns {Promise<RunResult>}
 */
export function runToExit(cmd, args, { cwd, env, what, stdio = 'pipe', echo = false, signal, killSignal } = {}) {
  const name = what ?? commandLine(cmd, args)
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, [...args], {
      cwd,
      env,
      signal,
      killSignal,
      stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let output = ''
    child.stdout?.setEncoding('utf8').on('data', (/** @type {string} */ c) => {
      stdout += c
      output += c
      if (echo) process.stdout.write(c)
    })
    child.stderr?.setEncoding('utf8').on('data', (/** @type {string} */ c) => {
      stderr += c
      output += c
      if (echo) process.stderr.write(c)
    })
    let settled = false
    child.on('error', (error) => {
      if (settled) return
      settled = true
      const how = error.name === 'AbortError' ? 'was aborted' : 'could not start'
      const failure = new Error(`${name} ${how}: ${error.message}`, { cause: error })
      reject(Object.assign(failure, { exitCode: null, signal: null, output }))
    })
    child.once('close', (code, sig) => {
      if (settled) return
      settled = true
      resolveRun({ code, signal: sig, stdout, stderr, output })
    })
  })
}

/**
 * Runs `cmd args` to its end (through `runToExit`, same options). Resolves with the captured stdout and the
 * interleaved stdout+stderr (`output`) on exit code 0. Otherwise rejects with a RunError
 * `<what> failed (exit <code>):\n<last tailLines lines of the output>` (`what` defaults to the command line) carrying
 * `exitCode`, `signal` and the whole `output`; a command that cannot start, or is aborted through `signal`, rejects as
 * in `runToExit`.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, what?: string, stdio?: 'pipe' | 'inherit', echo?: boolean,
 *   tailLines?: number, signal?: AbortSignal, killSignal?: NodeJS.Signals }} [options]
 * @returns {Promise<{ stdout: string, output: string }>}
 */
export async function runToCompletion(cmd, args, { tailLines = 40, ...options } = {}) {
  const name = options.what ?? commandLine(cmd, args)
  const { code, signal, stdout, output } = await runToExit(cmd, args, { ...options, what: name })
  if (code === 0) return { stdout, output }
  const tail = lastLines(output, tailLines)
  const error = new Error(`${name} failed (${signal ? `signal ${signal}` : `exit ${code}`})${tail ? `:\n${tail}` : ''}`)
  throw Object.assign(error, { exitCode: code, signal, output })
}
