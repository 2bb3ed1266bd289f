#!/usr/bin/env node
// `npm run subgraph:dev`: indexes a running chain (anvil by default) with the real graph-node.
//
//   RPC_URL=http://127.0.0.1:8545 npm run subgraph:dev [-- --port 8000 --keep-state <dir> --network devnet]
//
// Reads deployments/<chainId>.json (or DEPLOYMENT_FILE, relative to the repository root), prepares + codegens +
// builds the subgraph, starts a private PostgreSQL cluster (or uses POSTGRES_URL), the IPFS probe responder and
// `gnd dev`, and prints the GraphQL URL. Ctrl-C stops everything. See scripts/graph-stack.mjs.
import { existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_RPC_URL, deploymentPath, fetchChainId } from '../../tools/deploy-local.mjs'
import { runToCompletion } from '../../tools/lib/process.mjs'
import { SUBGRAPH_DIR, isPortFree, startGraphStack } from './graph-stack.mjs'

/** Chain id → graph-cli network name (the networks scripts/prepare.mjs knows). */
export const NETWORK_OF_CHAIN = { 31337: 'devnet', 1: 'mainnet', 11155111: 'sepolia', 8453: 'base', 84532: 'base-sepolia' }

/**
 * Runs a command in the subgraph directory, output passed through (or captured when `quiet`, and then the tail of it
 * is in the error); rejects on non-zero.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ quiet?: boolean }} [options]
 */
export async function runIn(cmd, args, { quiet = false } = {}) {
  await runToCompletion(cmd, args, { cwd: SUBGRAPH_DIR, stdio: quiet ? 'pipe' : 'inherit' })
}

/**
 * prepare (subgraph.yaml + networks.json from `deploymentFile`) + codegen + build, in the subgraph directory.
 * @param {{ deploymentFile: string, network?: string, quiet?: boolean }} options
 * @returns {Promise<string>} the manifest path
 */
export async function buildSubgraph({ deploymentFile, network = 'devnet', quiet = false }) {
  const graph = join(SUBGRAPH_DIR, 'node_modules', '.bin', 'graph')
  const graphBin = existsSync(graph) ? graph : join(SUBGRAPH_DIR, '..', 'node_modules', '.bin', 'graph')
  await runIn(process.execPath, ['scripts/prepare.mjs', '--network', network, '--deployment', deploymentFile], { quiet })
  await runIn(graphBin, ['codegen', 'subgraph.yaml', '--output-dir', 'generated'], { quiet })
  await runIn(
    graphBin,
    ['build', 'subgraph.yaml', '--network', network, '--network-file', 'networks.json', '--output-dir', 'build'],
    { quiet },
  )
  return join(SUBGRAPH_DIR, 'subgraph.yaml')
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'keep-state': { type: 'string' },
      network: { type: 'string' },
      name: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(
      'usage: npm run subgraph:dev [-- --port <graphql port, default 8000 or a free one> --keep-state <dir> ' +
        '--network <name> --name <subgraph name, default aid-protocol> --skip-build]\nenv: RPC_URL (default http://127.0.0.1:8545), DEPLOYMENT_FILE, POSTGRES_URL, PG_BIN',
    )
    return
  }
  const rpcUrl = process.env.RPC_URL ?? DEFAULT_RPC_URL
  let chainId
  try {
    chainId = await fetchChainId(rpcUrl)
  } catch (error) {
    throw new Error(`no node answers at ${rpcUrl}: start one (\`npx anvil\`) or set RPC_URL`, { cause: error })
  }
  const network = values.network ?? NETWORK_OF_CHAIN[chainId]
  if (!network) throw new Error(`chain ${chainId} has no network name: pass --network <name>`)
  const deploymentFile = deploymentPath(chainId)
  if (!existsSync(deploymentFile)) {
    throw new Error(`${deploymentFile} not found: deploy first (RPC_URL=${rpcUrl} npm run deploy:local)`)
  }
  console.log(`subgraph:dev: chain ${chainId} at ${rpcUrl}, network "${network}", ${relative(process.cwd(), deploymentFile)}`)
  const manifest = values['skip-build']
    ? join(SUBGRAPH_DIR, 'subgraph.yaml')
    : await buildSubgraph({ deploymentFile, network })

  const graphqlPort = values.port ? Number(values.port) : (await isPortFree(8000)) ? 8000 : undefined
  const stack = await startGraphStack({
    manifest,
    rpcUrl,
    network,
    name: values.name,
    stateDir: values['keep-state'],
    ports: { graphql: graphqlPort },
  })
  let stopping = false
  const shutdown = async (why) => {
    if (stopping) return
    stopping = true
    console.log(`\nsubgraph:dev: ${why}, stopping gnd, IPFS responder and Postgres…`)
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('interrupted'))
  process.on('SIGTERM', () => void shutdown('terminated'))

  const pg = stack.postgres.external ? 'POSTGRES_URL' : `private cluster ${stack.postgres.dataDir}`
  console.log(
    [
      '',
      `GraphQL       ${stack.url}`,
      `              ${stack.gnd.gndUrl} (the same deployment, gnd's own name)`,
      `index status  ${stack.gnd.statusUrl}`,
      `metrics       ${stack.gnd.metricsUrl}`,
      `postgres      ${stack.postgres.url} (${pg})`,
      `ipfs          ${stack.ipfs.url} (start-up probe responder, not an IPFS node)`,
      `gnd log       ${stack.gnd.logFile}`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  )
  // Watch the deployment: report an indexing error once; exit if gnd dies.
  let reported = false
  for (;;) {
    await new Promise((r) => setTimeout(r, 5_000))
    try {
      const res = await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _meta { hasIndexingErrors block { number } } }' }),
      })
      const { data } = await res.json()
      if (data?._meta?.hasIndexingErrors && !reported) {
        reported = true
        console.error(`indexing error at block ${data._meta.block.number}: see ${stack.gnd.logFile} and ${stack.gnd.statusUrl}`)
      }
    } catch {
      if (!stopping) {
        console.error(`gnd stopped answering; last log lines:\n${stack.gnd.log().split('\n').slice(-20).join('\n')}`)
        await stack.stop()
        process.exit(1)
      }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(`subgraph:dev: ${error.message}`)
    process.exit(1)
  })
}
