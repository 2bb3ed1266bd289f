// What graph-node needs to index the subgraph locally, and graph-node itself (`gnd dev`), as one library used by
// `npm run subgraph:dev`, the vitest integration test, the bench and the devnet launcher:
//
//   startPostgres()        a private PostgreSQL cluster (Debian's PostgreSQL 15) run as the `postgres` user, or the
//                          server in POSTGRES_URL; database `lc_collate 'C'`, `lc_ctype 'C'`, UTF8, superuser owner
//   startIpfsResponder()   the minimal HTTP endpoint gnd probes at start-up (no content is served: see below)
//   startGnd()             `gnd dev` against an RPC; resolves once the subgraph is deployed and answers `_meta`
//   waitForSync()          polls `_meta` until the subgraph has indexed a block
//   startGraphStack()      the three composed, stopped in reverse order
//
// Every process runs in its own process group (detached), is stopped with SIGINT (postgres' "fast" shutdown, gnd's
// Ctrl-C) then SIGKILL after a grace period, and a process `exit` hook SIGKILLs whatever is still running and
// removes temporary state, so nothing outlives the caller even when its cleanup never runs. A caller killed outright
// (SIGKILL, or a signal without handler: no `exit` hook runs) is covered by a detached watchdog per process group
// and per temporary directory, which cleans up within a second of the caller's death. Ports are free ports
// (listen on 0) unless given. State goes to a fresh temporary directory unless a directory is given (--keep-state).
//
// IPFS: no real IPFS implementation from npm runs here offline — `kubo`/`go-ipfs` download their binary in a
// postinstall step, and js-ipfs (`ipfs`, `ipfs-http-server`) is deprecated with a large dependency tree and is not a
// dependency of the project; Helia has no Kubo RPC API. `gnd dev` loads the manifest and WASM from the build
// directory and fetches nothing from IPFS; it only probes the endpoint at start-up (`POST /api/v0/version`, and the
// gateway probe `HEAD /ipfs/<cid>`). So startIpfsResponder() answers exactly those probes and 404s everything else
// (file data sources or `ipfs.cat` in mappings would need a real node: this subgraph uses neither).
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, isPortFree } from '../../tools/lib/net.mjs'

/** The subgraph workspace (…/subgraph). */
export const SUBGRAPH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** The repository root. */
export const REPO_ROOT = resolve(SUBGRAPH_DIR, '..')
/** Debian's PostgreSQL 15 binaries (override with PG_BIN). */
export const DEFAULT_PG_BIN = '/usr/lib/postgresql/15/bin'
/** The name `gnd dev` gives the first manifest it deploys. */
export const GND_SUBGRAPH_NAME = 'subgraph-0'
/** The name the stack also serves the subgraph under (through graph-node's admin API). */
export const DEFAULT_SUBGRAPH_NAME = 'aid-protocol'

/**
 * @typedef {{ stop: () => Promise<void> }} Stoppable
 * @typedef {Stoppable & { url: string, port: number | undefined, dataDir: string | undefined, external: boolean, logFile: string | undefined }} Postgres
 * @typedef {Stoppable & { url: string, hostPort: string, port: number, requests: () => string[] }} IpfsResponder
 * @typedef {{ graphql: number, admin: number, metrics: number, indexStatus: number }} GndPorts
 * @typedef {Stoppable & {
 *   url: string, graphqlUrl: string, gndUrl: string, name: string, deployment: string,
 *   statusUrl: string, metricsUrl: string, adminUrl: string,
 *   ports: GndPorts, logFile: string, pid: number | undefined, log: () => string
 * }} Gnd
 * @typedef {Stoppable & { postgres: Postgres, ipfs: IpfsResponder, gnd: Gnd, url: string, stateDir: string }} GraphStack
 */

// ---------------------------------------------------------------------------------------------------------------
// Processes: one registry, one exit hook.

/** @type {Set<() => void>} synchronous last-resort cleanups, run on process exit */
const exitCleanups = new Set()
let exitHookInstalled = false
function onExit(cleanup) {
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

export { freePort, isPortFree }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * A detached `sh` that outlives this process if it is killed outright (SIGKILL, or a signal with no handler, where no
 * `exit` hook runs): once our pid is gone it SIGKILLs process group `pgid` (when given) and removes `dir` (when
 * given). Returns a function that ends the watchdog (for a normal stop).
 * @param {{ pgid?: number, dir?: string }} what
 */
function watchdog({ pgid, dir }) {
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

function signalGroup(child, sig) {
  try {
    if (child.pid) process.kill(-child.pid, sig)
  } catch {
    // Already gone.
  }
}

/**
 * Spawns `cmd args` in its own process group with stdout/stderr appended to `logFile`; `stop()` sends `stopSignal`
 * to the group, then SIGKILL after `graceMs`; resolves once the process exited. Idempotent.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, logFile: string, stopSignal?: NodeJS.Signals, graceMs?: number }} options
 */
function spawnGroup(cmd, args, { cwd, env, logFile, stopSignal = 'SIGTERM', graceMs = 10_000 }) {
  const fd = openSync(logFile, 'a')
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true })
  closeSync(fd)
  const exited = new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(undefined)
    else child.once('exit', () => r(undefined))
  })
  child.on('error', () => {})
  const offExit = onExit(() => signalGroup(child, 'SIGKILL'))
  const endWatchdog = child.pid ? watchdog({ pgid: child.pid }) : () => {}
  /** @type {Promise<void> | undefined} */
  let stopping
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, stopSignal)
        const t = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
        t.unref()
        await exited
        clearTimeout(t)
      }
      // The group may still hold children whose leader exited (e.g. runuser's child): kill the rest.
      signalGroup(child, 'SIGKILL')
      offExit()
      endWatchdog()
    })()
    return stopping
  }
  const running = () => child.exitCode === null && child.signalCode === null
  return { child, stop, running, exited }
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

// ---------------------------------------------------------------------------------------------------------------
// State directories.

/**
 * A state directory: `dir` (created, kept) or a fresh temporary one (removed by `remove()` and on process exit).
 * @param {string | undefined} dir
 */
export function stateDirectory(dir) {
  if (dir) {
    mkdirSync(dir, { recursive: true })
    return { dir: resolve(dir), temporary: false, remove: () => {} }
  }
  const created = mkdtempSync(join(tmpdir(), 'aid-graph-'))
  // mkdtemp makes it 0700: the `postgres` user must be able to reach a cluster inside it.
  chmodSync(created, 0o755)
  const rm = () => rmSync(created, { recursive: true, force: true })
  const off = onExit(rm)
  const endWatchdog = watchdog({ dir: created })
  return {
    dir: created,
    temporary: true,
    remove: () => {
      off()
      endWatchdog()
      rm()
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL.

const INSTALL_HINT =
  'PostgreSQL 15 is not installed: run `apt-get install -y postgresql-15` (Debian/Ubuntu, as root; ' +
  '`apt-get update` first on a fresh machine), or set POSTGRES_URL to an existing server ' +
  "(database with lc_collate 'C', lc_ctype 'C', encoding UTF8, owned by a superuser), or PG_BIN to another " +
  'PostgreSQL bin directory (initdb, pg_ctl, postgres, psql, pg_isready).'

/** The PostgreSQL bin directory, or throws the install instructions. */
export function postgresBinDir(env = process.env) {
  const dir = env.PG_BIN ?? DEFAULT_PG_BIN
  for (const b of ['initdb', 'postgres', 'psql', 'pg_isready']) {
    if (!existsSync(join(dir, b))) throw new Error(`${INSTALL_HINT} (missing ${join(dir, b)})`)
  }
  return dir
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** `postgres` refuses to run as root: run its binaries as the `postgres` user when we are root. */
function asPostgres(bin, args) {
  return isRoot() ? { cmd: 'runuser', args: ['-u', 'postgres', '--', bin, ...args] } : { cmd: bin, args }
}

function postgresIds() {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
  if (r.status !== 0 || g.status !== 0) {
    throw new Error(
      'running as root but there is no `postgres` user to run PostgreSQL as (postgres refuses root): ' +
        'install the server package (`apt-get install -y postgresql-15`, which creates the user) or set POSTGRES_URL',
    )
  }
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) }
}

function chownTree(path, uid, gid) {
  chownSync(path, uid, gid)
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid)
}

/** Every ancestor of `dir` must be traversable by the `postgres` user. */
function checkTraversable(dir) {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const mode = statSync(d).mode
    if ((mode & 0o001) === 0) {
      throw new Error(
        `${d} is not traversable by the postgres user (mode ${(mode & 0o777).toString(8)}): ` +
          'choose a state directory under a world-traversable path, e.g. /tmp',
      )
    }
    if (d === dirname(d)) break
  }
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout || r.error}`)
  return r.stdout
}

/**
 * A PostgreSQL server for graph-node. With POSTGRES_URL set (or `url` given) that server is used as is and `stop()`
 * does nothing. Otherwise a private cluster: `initdb` into `dataDir` (default a temporary directory, removed by
 * `stop()`; an existing cluster in a given `dataDir` is reused), `postgres` on 127.0.0.1:`port` (default a free port)
 * without Unix sockets, trust authentication, and a database `name` (default `graph`) with `lc_collate 'C'`,
 * `lc_ctype 'C'`, UTF8, owned by the superuser `postgres`.
 * @param {{ dataDir?: string, port?: number, database?: string, url?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<Postgres>}
 */
export async function startPostgres({ dataDir, port, database = 'graph', url, env = process.env } = {}) {
  const external = url ?? env.POSTGRES_URL
  if (external) {
    return { url: external, port: undefined, dataDir: undefined, external: true, logFile: undefined, stop: async () => {} }
  }
  const bin = postgresBinDir(env)
  const state = stateDirectory(dataDir ? dirname(resolve(dataDir)) : undefined)
  const pgData = dataDir ? resolve(dataDir) : join(state.dir, 'pgdata')
  const logFile = join(state.dir, 'postgres.log')
  try {
    mkdirSync(pgData, { recursive: true })
    if (isRoot()) {
      const { uid, gid } = postgresIds()
      checkTraversable(pgData)
      chownTree(pgData, uid, gid)
    }
    if (!existsSync(join(pgData, 'PG_VERSION'))) {
      const init = asPostgres(join(bin, 'initdb'), [
        '-D', pgData, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync',
      ])
      run(init.cmd, init.args, 'initdb')
    }
    port ??= await freePort()
    const pg = asPostgres(join(bin, 'postgres'), [
      '-D', pgData,
      '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
    ])
    // SIGINT = "fast shutdown" (SIGTERM would wait for clients to disconnect).
    const proc = spawnGroup(pg.cmd, pg.args, { logFile, stopSignal: 'SIGINT', graceMs: 10_000 })
    const stop = async () => {
      await proc.stop()
      state.remove()
    }
    const psql = (sql, db = 'postgres') =>
      run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-XAtqc', sql], 'psql')
    try {
      for (let i = 0; ; i++) {
        if (!proc.running()) throw new Error(`postgres exited at start-up:\n${tail(logFile)}`)
        const r = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q'])
        if (r.status === 0) break
        if (i > 300) throw new Error(`postgres did not accept connections on 127.0.0.1:${port}:\n${tail(logFile)}`)
        await sleep(100)
      }
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name "${database}"`)
      if (psql(`SELECT 1 FROM pg_database WHERE datname = '${database}'`).trim() !== '1') {
        psql(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' OWNER postgres`)
      }
    } catch (error) {
      await stop()
      throw error
    }
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
      port,
      dataDir: pgData,
      external: false,
      logFile,
      stop,
    }
  } catch (error) {
    if (state.temporary) state.remove()
    throw error
  }
}

// ---------------------------------------------------------------------------------------------------------------
// IPFS start-up probe responder.

/**
 * The minimal IPFS endpoint `gnd dev` needs at start-up (see the header): answers `POST /api/v0/version` with a
 * Kubo-shaped version and `HEAD|GET /ipfs/<cid>` with 200 and an empty body; everything else is a 404.
 * @param {{ port?: number }} [options]
 * @returns {Promise<IpfsResponder>}
 */
export async function startIpfsResponder({ port } = {}) {
  /** @type {string[]} */
  const seen = []
  const server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    req.resume()
    const path = (req.url ?? '').split('?')[0]
    if (path === '/api/v0/version' && req.method === 'POST') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ Version: '0.0.0-aid-probe-responder', Commit: '', Repo: '0', System: 'none', Golang: '' }))
    } else if (path.startsWith('/ipfs/') && (req.method === 'HEAD' || req.method === 'GET')) {
      res.writeHead(200, { 'content-length': '0' })
      res.end()
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('this is a start-up probe responder, not an IPFS node (see subgraph/scripts/graph-stack.mjs)\n')
    }
  })
  await new Promise((r, reject) => {
    server.once('error', reject)
    server.listen(port ?? 0, '127.0.0.1', () => r(undefined))
  })
  server.unref()
  const bound = /** @type {import('node:net').AddressInfo} */ (server.address()).port
  /** @type {Promise<void> | undefined} */
  let stopping
  return {
    url: `http://127.0.0.1:${bound}`,
    hostPort: `127.0.0.1:${bound}`,
    port: bound,
    requests: () => [...seen],
    stop: () => {
      stopping ??= new Promise((r) => {
        server.close(() => r(undefined))
        server.closeAllConnections()
      })
      return stopping
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// graph-node (gnd dev).

/** Path of the `gnd` binary (the npm wrapper in node_modules/.bin). */
export function gndBinary() {
  for (const dir of [SUBGRAPH_DIR, REPO_ROOT]) {
    const p = join(dir, 'node_modules', '.bin', 'gnd')
    if (existsSync(p)) return p
  }
  throw new Error('gnd not found in node_modules/.bin: run `npm install` at the repository root (@graphprotocol/gnd)')
}

/**
 * POSTs a GraphQL query; resolves with `data`, rejects on transport errors and on `errors`.
 * @param {string} url
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 */
export async function graphql(url, query, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const text = await res.text()
  /** @type {{ data?: any, errors?: { message: string }[] }} */
  let body
  try {
    body = JSON.parse(text)
  } catch {
    throw new Error(`GraphQL at ${url} answered HTTP ${res.status}: ${text.slice(0, 300)}`)
  }
  if (body.errors?.length) {
    const error = new Error(`GraphQL errors at ${url}: ${body.errors.map((e) => e.message).join('; ')}`)
    Object.assign(error, { errors: body.errors })
    throw error
  }
  if (!res.ok) throw new Error(`GraphQL at ${url} answered HTTP ${res.status}: ${text.slice(0, 300)}`)
  return body.data
}

const META_QUERY = '{ _meta { deployment hasIndexingErrors block { number hash } } }'

/**
 * The index-node status of every deployment (health, fatal error, latest and head blocks).
 * @param {string} statusUrl `http://127.0.0.1:<index node port>/graphql`
 */
export async function indexingStatuses(statusUrl) {
  const data = await graphql(
    statusUrl,
    '{ indexingStatuses { subgraph synced health fatalError { message block { number } } nonFatalErrors { message } ' +
      'chains { network latestBlock { number } chainHeadBlock { number } } } }',
  )
  return data.indexingStatuses
}

/**
 * One call to graph-node's JSON-RPC admin API.
 * @param {string} adminUrl
 * @param {string} method
 * @param {Record<string, unknown>} params
 */
export async function adminCall(adminUrl, method, params) {
  const res = await fetch(adminUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = await res.json()
  if (body.error) throw new Error(`${method} failed: ${body.error.message ?? JSON.stringify(body.error)}`)
  return body.result
}

/**
 * Starts `gnd dev` on a built subgraph (`manifest` next to its `build/`) and resolves once the subgraph is deployed
 * and answers `_meta`. gnd serves it as `subgraph-0`; it is also given `name` (default `aid-protocol`: the same
 * deployment, through the admin API's subgraph_create + subgraph_deploy), and `url` is that name's endpoint.
 * Ports default to free ports. Output goes to `logDir`/gnd.log (default a temporary directory).
 * @param {{
 *   manifest: string, rpcUrl: string, network: string, postgresUrl: string, ipfsUrl: string, name?: string,
 *   ports?: Partial<GndPorts>, logDir?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, extraArgs?: string[]
 * }} options `ipfsUrl` as `http://host:port` or `host:port`
 * @returns {Promise<Gnd>}
 */
export async function startGnd({
  manifest,
  name = DEFAULT_SUBGRAPH_NAME,
  rpcUrl,
  network,
  postgresUrl,
  ipfsUrl,
  ports = {},
  logDir,
  env = process.env,
  timeoutMs = 180_000,
  extraArgs = [],
}) {
  const manifestPath = resolve(manifest)
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} not found: build the subgraph first`)
  /** @type {GndPorts} */
  const p = {
    graphql: ports.graphql ?? (await freePort()),
    admin: ports.admin ?? (await freePort()),
    metrics: ports.metrics ?? (await freePort()),
    indexStatus: ports.indexStatus ?? (await freePort()),
  }
  const state = stateDirectory(logDir)
  const logFile = join(state.dir, 'gnd.log')
  const args = [
    'dev',
    '--manifests', manifestPath,
    '--database-dir', join(state.dir, 'gnd-db'),
    '--postgres-url', postgresUrl,
    '--ethereum-rpc', `${network}:${rpcUrl}`,
    '--ipfs', ipfsUrl.replace(/^https?:\/\//, ''),
    '--http-port', String(p.graphql),
    '--admin-port', String(p.admin),
    '--metrics-port', String(p.metrics),
    '--index-node-port', String(p.indexStatus),
    ...extraArgs,
  ]
  const proc = spawnGroup(gndBinary(), args, {
    cwd: dirname(manifestPath),
    // Poll the chain head often: anvil mines on demand and tests wait for the head.
    env: { GRAPH_ETHEREUM_POLLING_INTERVAL: '200', GRAPH_LOG: 'info', ...env },
    logFile,
    // gnd shuts down on SIGINT (Ctrl-C); it ignored SIGTERM for the whole grace period in a trial.
    stopSignal: 'SIGINT',
    graceMs: 5_000,
  })
  const base = `http://127.0.0.1:${p.graphql}`
  const gndUrl = `${base}/subgraphs/name/${GND_SUBGRAPH_NAME}`
  const url = `${base}/subgraphs/name/${name}`
  const adminUrl = `http://127.0.0.1:${p.admin}`
  const statusUrl = `http://127.0.0.1:${p.indexStatus}/graphql`
  const stop = async () => {
    await proc.stop()
    state.remove()
  }
  const started = Date.now()
  let deployment = ''
  try {
    for (;;) {
      if (!proc.running()) throw new Error(`gnd dev exited at start-up (log ${logFile}):\n${tail(logFile)}`)
      try {
        const data = await graphql(gndUrl, META_QUERY)
        if (data?._meta) {
          deployment = data._meta.deployment
          break
        }
      } catch {
        // Not up or not deployed yet.
      }
      if (Date.now() - started > timeoutMs) {
        throw new Error(`gnd dev did not serve ${url} within ${timeoutMs} ms (log ${logFile}):\n${tail(logFile)}`)
      }
      await sleep(250)
    }
    if (name !== GND_SUBGRAPH_NAME) {
      // A kept state (--keep-state) already has the name.
      await adminCall(adminUrl, 'subgraph_create', { name }).catch((error) => {
        if (!/already exists/i.test(error.message)) throw error
      })
      await adminCall(adminUrl, 'subgraph_deploy', { name, ipfs_hash: deployment })
      for (let i = 0; ; i++) {
        const data = await graphql(url, META_QUERY).catch(() => undefined)
        if (data?._meta?.deployment === deployment) break
        if (i > 100) throw new Error(`${url} does not serve ${deployment} after subgraph_deploy`)
        await sleep(100)
      }
    }
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url,
    graphqlUrl: url,
    gndUrl,
    name,
    deployment,
    statusUrl,
    metricsUrl: `http://127.0.0.1:${p.metrics}/metrics`,
    adminUrl,
    ports: p,
    logFile,
    pid: proc.child.pid,
    log: () => tail(logFile, 200),
    stop,
  }
}

/**
 * Polls `_meta` at `graphqlUrl` until the subgraph has indexed `blockNumber` (or later). Rejects when
 * `hasIndexingErrors` turns true (with the index-node's fatal error when `statusUrl` is given) or on timeout.
 * @param {string} graphqlUrl
 * @param {number | bigint} blockNumber
 * @param {{ timeoutMs?: number, statusUrl?: string, intervalMs?: number }} [options]
 * @returns {Promise<{ block: number, hasIndexingErrors: boolean, deployment: string }>}
 */
export async function waitForSync(graphqlUrl, blockNumber, { timeoutMs = 300_000, statusUrl, intervalMs = 200 } = {}) {
  const target = Number(blockNumber)
  const started = Date.now()
  let last = -1
  for (;;) {
    try {
      const { _meta } = await graphql(graphqlUrl, META_QUERY)
      last = _meta.block.number
      if (_meta.hasIndexingErrors) {
        let why = ''
        if (statusUrl) {
          const statuses = await indexingStatuses(statusUrl).catch(() => [])
          why = statuses.map((s) => s.fatalError?.message).filter(Boolean).join('; ')
        }
        throw Object.assign(new Error(`subgraph has indexing errors at block ${last}${why ? `: ${why}` : ''}`), {
          fatal: true,
        })
      }
      if (last >= target) return { block: last, hasIndexingErrors: false, deployment: _meta.deployment }
    } catch (error) {
      if (/** @type {any} */ (error).fatal) throw error
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`subgraph at ${graphqlUrl} did not reach block ${target} within ${timeoutMs} ms (at ${last})`)
    }
    await sleep(intervalMs)
  }
}

/**
 * Postgres (or POSTGRES_URL), the IPFS probe responder and `gnd dev`, started in that order and stopped in reverse.
 * `stateDir` keeps the cluster between runs (`--keep-state`); by default everything lives in a temporary directory.
 * @param {{
 *   manifest: string, rpcUrl: string, network?: string, name?: string, stateDir?: string, ports?: Partial<GndPorts>,
 *   postgresPort?: number, ipfsPort?: number, env?: NodeJS.ProcessEnv, timeoutMs?: number
 * }} options
 * @returns {Promise<GraphStack>}
 */
export async function startGraphStack({
  manifest,
  rpcUrl,
  network = 'devnet',
  name,
  stateDir,
  ports,
  postgresPort,
  ipfsPort,
  env = process.env,
  timeoutMs,
}) {
  const state = stateDirectory(stateDir)
  /** @type {Stoppable[]} */
  const started = []
  let stopping
  const stop = () => {
    stopping ??= (async () => {
      for (const s of started.reverse()) await s.stop().catch(() => {})
      state.remove()
    })()
    return stopping
  }
  try {
    const postgres = await startPostgres({ dataDir: join(state.dir, 'pgdata'), port: postgresPort, env })
    started.push(postgres)
    const ipfs = await startIpfsResponder({ port: ipfsPort })
    started.push(ipfs)
    const gnd = await startGnd({
      manifest,
      rpcUrl,
      network,
      name,
      postgresUrl: postgres.url,
      ipfsUrl: ipfs.hostPort,
      ports,
      logDir: state.dir,
      env,
      timeoutMs,
    })
    started.push(gnd)
    return { postgres, ipfs, gnd, url: gnd.url, stateDir: state.dir, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
