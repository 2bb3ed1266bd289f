#!/usr/bin/env node
// Runs the subgraph's JSON tests (tests/*.json: blocks of events in, GraphQL answers out) through graph-node's own
// test runner (`gnd test`), on a private PostgreSQL cluster started and stopped here (scripts/graph-stack.mjs; or
// POSTGRES_URL). The subgraph must be built from the fixture deployment first (`npm test` does it):
//
//   npm run prepare:fixture && npm run codegen && npm run build && node scripts/gnd-test.mjs [tests/x.json ...]
//
// It also checks that every example query in queries/*.graphql is asserted, verbatim, by one of the JSON tests, so
// the README's analyst queries are verified against graph-node.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { runToCompletion } from '../../tools/lib/process.mjs'
import { gndBinary, postgresBinDir, startPostgres, SUBGRAPH_DIR } from './graph-stack.mjs'

/** The fixture's Reserve address: the JSON tests emit events at the fixture's addresses. */
const FIXTURE = JSON.parse(readFileSync(join(SUBGRAPH_DIR, 'fixtures', 'deployments.devnet.json'), 'utf8'))

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { verbose: { type: 'boolean', short: 'v', default: false } },
})

/** A query without comments and with whitespace collapsed (the form in which queries are compared). */
export function normaliseQuery(text) {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}():,])\s*/g, '$1')
    .trim()
}

function fail(message) {
  console.error(`gnd-test: ${message}`)
  process.exit(1)
}

const testsDir = join(SUBGRAPH_DIR, 'tests')
const files = positionals.length
  ? positionals
  : readdirSync(testsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(testsDir, f))
if (files.length === 0) fail('no tests/*.json')

const manifest = join(SUBGRAPH_DIR, 'build', 'subgraph.yaml')
if (!existsSync(manifest)) fail('build/subgraph.yaml missing: npm run prepare:fixture && npm run codegen && npm run build')
if (!readFileSync(manifest, 'utf8').toLowerCase().includes(FIXTURE.contracts.Reserve.toLowerCase())) {
  fail('build/ is not built from fixtures/deployments.devnet.json: npm run prepare:fixture && codegen && build')
}

// Every documented query must be one of the tests' assertions.
const asserted = new Set()
for (const f of readdirSync(testsDir).filter((x) => x.endsWith('.json'))) {
  const test = JSON.parse(readFileSync(join(testsDir, f), 'utf8'))
  for (const a of test.assertions ?? []) asserted.add(normaliseQuery(a.query))
}
const queriesDir = join(SUBGRAPH_DIR, 'queries')
const queries = existsSync(queriesDir) ? readdirSync(queriesDir).filter((f) => f.endsWith('.graphql')) : []
const unverified = queries.filter((f) => !asserted.has(normaliseQuery(readFileSync(join(queriesDir, f), 'utf8'))))
if (unverified.length) fail(`queries not asserted verbatim by any tests/*.json: ${unverified.join(', ')}`)

const postgres = await startPostgres()
const psqlBin = join(postgresBinDir(), 'psql')
const base = new URL(postgres.url)
/** Runs SQL on the server's maintenance database (the server is ours, or POSTGRES_URL's with a superuser). */
async function psql(sql) {
  await runToCompletion(
    psqlBin,
    ['-h', base.hostname, '-p', base.port || '5432', '-U', decodeURIComponent(base.username), '-d', 'postgres', '-XAtqc', sql],
    { what: `psql ${sql}`, env: { ...process.env, PGPASSWORD: decodeURIComponent(base.password) } },
  )
}
/** Aborting kills the running `gnd test`. */
const running = new AbortController()
const stop = async () => {
  running.abort()
  await postgres.stop()
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop().finally(() => process.exit(130))
  })
}

/**
 * One `gnd test` per file, each on a fresh database: gnd keeps a failed test's database "for inspection", and the
 * next test of the same subgraph would then find its deployment already past the test's blocks.
 */
async function runFile(file, index) {
  const database = `gnd_test_${process.pid}_${index}`
  await psql(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`)
  try {
    const url = new URL(postgres.url)
    url.pathname = `/${database}`
    // gnd insists on a password in the URL; trust authentication ignores it.
    if (!url.password) url.password = 'postgres'
    const args = ['test', '--skip-build', '--postgres-url', url.toString(), ...(values.verbose ? ['-v'] : []), file]
    // gnd does not stop on SIGTERM while it waits for a sync: an abort SIGKILLs it.
    const gnd = runToCompletion(gndBinary(), args, { cwd: SUBGRAPH_DIR, stdio: 'inherit', signal: running.signal, killSignal: 'SIGKILL' })
    return await gnd.then(
      () => 0,
      (error) => {
        if (running.signal.aborted || error.signal) return 1
        if (typeof error.exitCode === 'number') return error.exitCode
        throw error
      },
    )
  } finally {
    await psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  }
}

const failed = []
try {
  console.log(`gnd-test: ${files.length} test files; ${queries.length} example queries are asserted by them`)
  for (const [i, file] of files.entries()) {
    if ((await runFile(file, i)) !== 0) failed.push(relative(SUBGRAPH_DIR, file))
  }
} finally {
  await stop()
}
if (failed.length) {
  console.error(`gnd-test: ${failed.length} of ${files.length} test files failed: ${failed.join(', ')}`)
  process.exit(1)
}
console.log(`gnd-test: ${files.length} test files passed`)
