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
// Every process runs in its own process group (tools/lib/process.mjs `spawnGroup`), is stopped with SIGINT
// (postgres' "fast" shutdown, gnd's Ctrl-C) then SIGKILL after a grace period, and a process `exit` hook SIGKILLs
// whatever is still running and removes temporary state, so nothing outlives the caller even when its cleanup never
// runs. A caller killed outright (SIGKILL, or a signal without handler: no `exit` hook runs) is covered by a detached
// watchdog per process group and per temporary directory, which cleans up within a second of the caller's death. Ports are free ports
// (listen on 0) unless given. State goes to a fresh temporary directory unless a directory is given (--keep-state).
//
// IPFS: no real IPFS implementation from npm runs here offline — `kubo`/`go-ipfs` download their binary in a
// postinstall step, and js-ipfs (`ipfs`, `ipfs-http-server`) is deprecated with a large dependency tree and is not a
// dependency of the project; Helia has no Kubo RPC API. `gnd dev` loads the manifest and WASM from the build
// directory and fetches nothing from IPFS; it only probes the endpoint at start-up (`POST /api/v0/version`, and the
// gateway probe `HEAD /ipfs/<cid>`). So startIpfsResponder() answers exactly those probes and 404s everything else
// (file data sources or `ipfs.cat` in mappings would need a real node: this subgraph uses neither).
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, isPortFree } from '../../tools/lib/net.mjs'
import { onExit, runToCompletion, spawnGroup, waitUntil, watchdog } from '../../tools/lib/process.mjs'
import { rpc } from '../../tools/lib/rpc.mjs'

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
 *   ports: GndPorts, logFile: string, pid: number | undefined, exited: Promise<string>, log: () => string
 * }} Gnd
 * @typedef {Stoppable & { postgres: Postgres, ipfs: IpfsResponder, gnd: Gnd, url: string, stateDir: string }} GraphStack
 */

export { freePort, isPortFree }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

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

async function postgresIds() {
  try {
    const [uid, gid] = await Promise.all(['-u', '-g'].map((flag) => runToCompletion('id', [flag, 'postgres'])))
    return { uid: Number(uid?.stdout.trim()), gid: Number(gid?.stdout.trim()) }
  } catch (error) {
    throw new Error(
      'running as root but there is no `postgres` user to run PostgreSQL as (postgres refuses root): ' +
        'install the server package (`apt-get install -y postgresql-15`, which creates the user) or set POSTGRES_URL',
      { cause: error },
    )
  }
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
      const { uid, gid } = await postgresIds()
      checkTraversable(pgData)
      chownTree(pgData, uid, gid)
    }
    if (!existsSync(join(pgData, 'PG_VERSION'))) {
      const init = asPostgres(join(bin, 'initdb'), [
        '-D', pgData, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync',
      ])
      await runToCompletion(init.cmd, init.args, { what: 'initdb' })
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
    const psql = async (sql, db = 'postgres') =>
      (
        await runToCompletion(
          join(bin, 'psql'),
          ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-XAtqc', sql],
          { what: 'psql' },
        )
      ).stdout
    try {
      const pgIsReady = join(bin, 'pg_isready')
      await waitUntil(
        `postgres (connections on 127.0.0.1:${port})`,
        () => runToCompletion(pgIsReady, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q']).then(() => true),
        { service: proc, timeoutMs: 60_000 },
      )
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name "${database}"`)
      if ((await psql(`SELECT 1 FROM pg_database WHERE datname = '${database}'`)).trim() !== '1') {
        await psql(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' OWNER postgres`)
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
export function adminCall(adminUrl, method, params) {
  return rpc(adminUrl, method, params)
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
  let deployment = ''
  try {
    await waitUntil(
      `gnd dev (serving ${gndUrl})`,
      async () => {
        const data = await graphql(gndUrl, META_QUERY)
        deployment = data?._meta?.deployment ?? ''
        return Boolean(data?._meta)
      },
      { service: proc, timeoutMs, intervalMs: 250 },
    )
    if (name !== GND_SUBGRAPH_NAME) {
      // A kept state (--keep-state) already has the name.
      await adminCall(adminUrl, 'subgraph_create', { name }).catch((error) => {
        if (!/already exists/i.test(error.message)) throw error
      })
      await adminCall(adminUrl, 'subgraph_deploy', { name, ipfs_hash: deployment })
      await waitUntil(
        `${url} (serving ${deployment} after subgraph_deploy)`,
        async () => (await graphql(url, META_QUERY))?._meta?.deployment === deployment,
        { service: proc, timeoutMs: 20_000 },
      )
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
    pid: proc.pid,
    exited: proc.exited,
    log: () => proc.tail(200),
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
