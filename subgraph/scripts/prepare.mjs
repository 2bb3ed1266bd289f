#!/usr/bin/env node
// Generates subgraph.yaml (from subgraph.template.yaml) and networks.json (graph-cli's networks file convention)
// from a deployments/<chainId>.json written by the deploy script, and refreshes abis/ from forge's out/ (and the
// Uniswap v3 pool ABI from @uniswap/v3-core).
//
//   node scripts/prepare.mjs --network devnet [--deployment <file>] [--out-dir <forge out>]
//
// --deployment defaults to ../deployments/<chainId of the network>.json; --out-dir to ../out (OUT_DIR env too).
// When out/ has no artifacts (fresh clone, nothing compiled), the committed abis/ are used as they are.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
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
  // Morpho Blue declares its events in EventsLib (solc 0.8.19 leaves them out of Morpho's own ABI).
  MorphoBlue: 'EventsLib.sol/EventsLib.json',
  MorphoOracle: 'IOracle.sol/IOracle.json',
}
/** ABIs from npm packages: abis/<name>.json → module path. */
const PACKAGE_ABIS = {
  UniswapV3Pool: '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
}

/** Data sources with one fixed address: template key → path in the deployments file. */
const SOURCES = {
  AID: ['tokens', 'AID'],
  Reserve: ['contracts', 'Reserve'],
  DealBook: ['contracts', 'DealBook'],
  StakedAID: ['tokens', 'sAID'],
}

/** Pool key part (AID_USDC → AID, USDC) → key in the deployment's `tokens`. */
const POOL_TOKEN_KEYS = { AID: 'AID', SAID: 'sAID', USDC: 'USDC', USDT: 'USDT' }
/** Tokens valued at par ($1) for pool volumes, in order of preference. */
const PAR_TOKENS = ['USDC', 'USDT', 'AID']

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

const feeds = Object.keys(deployment.feeds ?? {})
if (feeds.length === 0) fail(`${deploymentFile}: no feeds`)
const feedItems = feeds.map((key) => {
  const name = `PushFeed_${key}`
  entries[name] = { address: pick(['feeds', key]), startBlock }
  return { name, feedKey: key, address: entries[name].address }
})

// Morpho Blue: one data source, filtered to the deployment's market ids (topic1) and naming them in its context.
const markets = Object.entries(deployment.markets ?? {})
for (const [key, market] of markets) {
  if (!/^0x[0-9a-fA-F]{64}$/.test(market?.id ?? '')) fail(`${deploymentFile}: markets.${key}.id is not a bytes32`)
}
const withMorpho = markets.length > 0
if (withMorpho) entries.MorphoBlue = { address: pick(['contracts', 'Morpho']), startBlock }

// Uniswap v3 pools: token0/token1 sorted by address (as the factory does); the par token values volumes.
const poolItems = Object.keys(deployment.pools ?? {}).map((key) => {
  const parts = key.split('_')
  if (parts.length !== 2 || !parts.every((p) => p in POOL_TOKEN_KEYS)) {
    fail(`${deploymentFile}: pool key "${key}" is not <TOKEN>_<TOKEN> of ${Object.keys(POOL_TOKEN_KEYS).join(', ')}`)
  }
  const tokens = parts.map((p) => ({ part: p, address: pick(['tokens', POOL_TOKEN_KEYS[p]]) }))
  tokens.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
  const par = PAR_TOKENS.map((p) => tokens.find((t) => t.part === p)).find(Boolean)
  if (!par) fail(`${deploymentFile}: pool ${key} has no par token (${PAR_TOKENS.join(', ')})`)
  const name = `UniswapV3Pool_${key}`
  entries[name] = { address: pick(['pools', key]), startBlock }
  return {
    name,
    poolKey: key,
    address: entries[name].address,
    token0: tokens[0].address,
    token1: tokens[1].address,
    parToken: par.address,
  }
})

const networksFile = join(here, 'networks.json')
const networks = existsSync(networksFile) ? JSON.parse(readFileSync(networksFile, 'utf8')) : {}
networks[network] = entries
writeFileSync(networksFile, `${JSON.stringify(networks, null, 2)}\n`)

// subgraph.yaml: the template with the network, this network's addresses, one data source per feed and per pool,
// and the Morpho data source when there are markets.
const render = (text, vars) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in vars)) fail(`subgraph.template.yaml: unknown placeholder {{${k}}}`)
    return String(vars[k])
  })
/** Replaces the `# --- <marker> ---` block of `text` by one rendering per item (none for an empty list). */
function repeatBlock(text, marker, items) {
  const block = new RegExp(`# --- ${marker} ---\\n([\\s\\S]*?)# --- end ${marker} ---\\n`).exec(text)
  if (!block) fail(`subgraph.template.yaml: no "# --- ${marker} ---" block`)
  return text.replace(block[0], () => items.map((item) => render(block[1], { network, startBlock, ...item })).join(''))
}
// Per market: its key, and its parameters (loan,collateral,oracle,irm,lltv) so the mappings can create the market
// even when its CreateMarket precedes the start block.
const contextEntry = (name, data) => `      ${name}:\n        type: String\n        data: "${data}"`
const marketContext = markets
  .flatMap(([key, m]) => {
    const id = m.id.toLowerCase()
    for (const field of ['loanToken', 'collateralToken', 'oracle', 'irm']) pick(['markets', key, field])
    if (!/^[0-9]+$/.test(String(m.lltv))) fail(`${deploymentFile}: markets.${key}.lltv is not a decimal integer`)
    const params = [m.loanToken, m.collateralToken, m.oracle, m.irm].map((a) => a.toLowerCase()).concat(String(m.lltv))
    return [contextEntry(`market_${id}`, key), contextEntry(`marketParams_${id}`, params.join(','))]
  })
  .join('\n')
const marketTopics = `[${markets.map(([, m]) => `"${m.id.toLowerCase()}"`).join(', ')}]`
const vars = { network, startBlock, marketContext, marketTopics }
for (const name of Object.keys(SOURCES)) vars[`address${name}`] = entries[name].address
if (withMorpho) vars.addressMorpho = entries.MorphoBlue.address

let template = readFileSync(join(here, 'subgraph.template.yaml'), 'utf8')
template = repeatBlock(template, 'feed', feedItems)
template = repeatBlock(template, 'pool', poolItems.map((item) => ({ ...vars, ...item })))
template = repeatBlock(template, 'morpho', withMorpho ? [vars] : [])
writeFileSync(join(here, 'subgraph.yaml'), render(template, vars))

// Feed and pool data sources each get their own generated ABI module (generated/<data source>/<Abi>.ts, identical):
// the mappings import the event classes through these re-exports so they do not depend on the data source names.
const reexport = (file, names, source) => {
  const path = join(here, 'src', file)
  if (!source) return rmSync(path, { force: true })
  writeFileSync(
    path,
    `// Generated by scripts/prepare.mjs: do not edit.\nexport { ${names.join(', ')} } from '../../generated/${source}'\n`,
  )
}
reexport('push-feed/abi.generated.ts', ['AnswerUpdated', 'NewRound'], `${feedItems[0].name}/PushFeed`)
reexport(
  'uniswap-pool/abi.generated.ts',
  ['Burn', 'Initialize', 'Mint', 'Swap'],
  poolItems.length ? `${poolItems[0].name}/UniswapV3Pool` : undefined,
)

// ABIs from forge's out/ (and npm packages) when available; otherwise the committed copies stay.
const outDir = resolve(process.cwd(), values['out-dir'] ?? process.env.OUT_DIR ?? join(repo, 'out'))
mkdirSync(join(here, 'abis'), { recursive: true })
const require = createRequire(import.meta.url)
const sources = Object.entries(ABIS).map(([name, artifact]) => [name, join(outDir, artifact)])
for (const [name, module] of Object.entries(PACKAGE_ABIS)) {
  let path
  try {
    path = require.resolve(module)
  } catch {
    path = join(outDir, '__missing__', module)
  }
  sources.push([name, path])
}
let copied = 0
for (const [name, src] of sources) {
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
  `prepare: ${network} (chain ${chainId}) from ${deploymentFile}: ${Object.keys(entries).length} data sources ` +
    `(${feedItems.length} feeds, ${markets.length} markets, ${poolItems.length} pools); ` +
    (copied ? `${copied} ABIs refreshed` : 'ABIs: committed abis/ (no forge out/)'),
)
