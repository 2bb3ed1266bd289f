#!/usr/bin/env node
// Generates subgraph.yaml (from subgraph.template.yaml) and networks.json (graph-cli's networks file convention)
// from a deployments/<chainId>.json written by the deploy script, and refreshes abis/ from forge's out/.
//
//   node scripts/prepare.mjs --network devnet [--deployment <file>] [--out-dir <forge out>]
//
// --deployment defaults to ../deployments/<chainId of the network>.json; --out-dir to ../out (OUT_DIR env too).
// When out/ has no artifacts (fresh clone, nothing compiled), the committed abis/ are used as they are.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repo = resolve(here, '..')

/** graph-cli network name → chain id. */
const NETWORKS = { devnet: 31337, mainnet: 1, sepolia: 11155111, base: 8453, 'base-sepolia': 84532 }

/** ABI file (abis/<name>.json) → forge artifact (out/<file>/<contract>.json). */
const ABIS = {
  AID: 'IAID.sol/IAID.json',
  // The Reserve emits deal and admin events from ReserveOperations by delegatecall: all are declared in IReserve.
  Reserve: 'IReserve.sol/IReserve.json',
  DealBook: 'IDealBook.sol/IDealBook.json',
  StakedAID: 'IStakedAID.sol/IStakedAID.json',
  PushFeed: 'IPushFeed.sol/IPushFeed.json',
  ERC20: 'IERC20Metadata.sol/IERC20Metadata.json',
}

/** Data sources with one fixed address: template key → path in the deployments file. */
const SOURCES = {
  AID: ['tokens', 'AID'],
  Reserve: ['contracts', 'Reserve'],
  DealBook: ['contracts', 'DealBook'],
  StakedAID: ['tokens', 'sAID'],
}

function fail(message) {
  console.error(`prepare: ${message}`)
  process.exit(1)
}

const { values } = parseArgs({
  options: {
    network: { type: 'string', default: 'devnet' },
    deployment: { type: 'string' },
    'out-dir': { type: 'string' },
  },
})
const network = values.network
const chainId = NETWORKS[network]
if (chainId === undefined) fail(`unknown network "${network}" (known: ${Object.keys(NETWORKS).join(', ')})`)

const deploymentFile = values.deployment
  ? resolve(process.cwd(), values.deployment)
  : join(repo, 'deployments', `${chainId}.json`)
if (!existsSync(deploymentFile)) {
  fail(
    `${deploymentFile} not found: deploy first (npm run deploy:local) or pass --deployment <file>` +
      ' (CI uses fixtures/deployments.devnet.json)',
  )
}
const deployment = JSON.parse(readFileSync(deploymentFile, 'utf8'))
if (Number(deployment.chainId) !== chainId) {
  fail(`${deploymentFile} is for chain ${deployment.chainId}, network "${network}" is chain ${chainId}`)
}
const startBlock = Number(deployment.startBlock ?? 0)
const isAddress = (a) => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a)

function pick(path) {
  let v = deployment
  for (const k of path) v = v?.[k]
  if (!isAddress(v)) fail(`${deploymentFile}: ${path.join('.')} is not an address (${v})`)
  return v
}

// networks.json: { <network>: { <dataSource name>: { address, startBlock } } }
const entries = {}
for (const [name, path] of Object.entries(SOURCES)) entries[name] = { address: pick(path), startBlock }
const feeds = Object.entries(deployment.feeds ?? {})
if (feeds.length === 0) fail(`${deploymentFile}: no feeds`)
const feedSources = []
for (const [key] of feeds) {
  const name = `PushFeed_${key}`
  entries[name] = { address: pick(['feeds', key]), startBlock }
  feedSources.push(name)
}
const networksFile = join(here, 'networks.json')
const networks = existsSync(networksFile) ? JSON.parse(readFileSync(networksFile, 'utf8')) : {}
networks[network] = entries
writeFileSync(networksFile, `${JSON.stringify(networks, null, 2)}\n`)

// subgraph.yaml: the template with the network, this network's addresses, and one data source per feed.
const template = readFileSync(join(here, 'subgraph.template.yaml'), 'utf8')
const feedBlock = /# --- feed ---\n([\s\S]*?)# --- end feed ---\n/.exec(template)
if (!feedBlock) fail('subgraph.template.yaml: no "# --- feed ---" block')
const render = (text, vars) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in vars)) fail(`subgraph.template.yaml: unknown placeholder {{${k}}}`)
    return String(vars[k])
  })
const feedYaml = feedSources
  .map((name) => render(feedBlock[1], { name, feedKey: name.slice('PushFeed_'.length), address: entries[name].address, network, startBlock }))
  .join('')
const vars = { network, startBlock }
for (const name of Object.keys(SOURCES)) vars[`address${name}`] = entries[name].address
const manifest = render(template.replace(feedBlock[0], feedYaml), vars)
writeFileSync(join(here, 'subgraph.yaml'), manifest)

// Every feed data source gets its own generated ABI module (generated/<data source>/PushFeed.ts, identical): the
// feed mappings import the event classes through this re-export so they do not depend on the feed names.
writeFileSync(
  join(here, 'src', 'push-feed', 'abi.generated.ts'),
  `// Generated by scripts/prepare.mjs: do not edit.\n` +
    `export { AnswerUpdated, NewRound } from '../../generated/${feedSources[0]}/PushFeed'\n`,
)

// ABIs from forge's out/ when compiled; otherwise the committed copies stay.
const outDir = resolve(process.cwd(), values['out-dir'] ?? process.env.OUT_DIR ?? join(repo, 'out'))
mkdirSync(join(here, 'abis'), { recursive: true })
let copied = 0
for (const [name, artifact] of Object.entries(ABIS)) {
  const src = join(outDir, artifact)
  const dst = join(here, 'abis', `${name}.json`)
  if (existsSync(src)) {
    const abi = JSON.parse(readFileSync(src, 'utf8')).abi
    writeFileSync(dst, `${JSON.stringify(abi, null, 2)}\n`)
    copied++
  } else if (!existsSync(dst)) {
    fail(`${src} not found and abis/${name}.json not committed: run \`npx forge build\` first`)
  }
}
console.log(
  `prepare: ${network} (chain ${chainId}) from ${deploymentFile}: ${Object.keys(entries).length} data sources; ` +
    (copied ? `${copied} ABIs refreshed from ${outDir}` : 'ABIs: committed abis/ (no forge out/)'),
)
