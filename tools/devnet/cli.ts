/**
 * `npm run devnet`: the whole protocol alive on one machine. See HELP in ./options.ts and the root README.
 *
 * Order: preflight (ports, PostgreSQL) → forge build → anvil → deploy → seed → interval mining → market data →
 * graph-node → keepers → descriptor + summary → live status line. Any failure stops what already started and
 * exits 1 with the fix; Ctrl-C (SIGINT) or SIGTERM stops every child and exits 0.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { http, createPublicClient, formatUnits } from "viem";
import { parseDeployment, pushFeedAbi } from "../../sdk/src/index.js";
import { ROOT } from "../deploy-local.mjs";
import {
  DEVNET_CHAIN_ID,
  DEVNET_KEEPER,
  DEVNET_LIQUIDATOR,
  deploy,
  grantKeeperRoles,
  isDeployed,
  mineBeyondBlockhashWindow,
  BLOCKHASH_WINDOW,
  seed,
  startChain,
  startIntervalMining,
  stopMining,
} from "./chain.js";
import { type DevnetDescriptor, removeDescriptor, writeDescriptor } from "./descriptor.js";
import { type GraphNode, checkPostgresInstalled, startGraph } from "./graph.js";
import { type Keepers, startKeepers } from "./keepers.js";
import { type MarketData, startMarketData } from "./marketData.js";
import { HELP, type DevnetOptions, parseDevnetOptions } from "./options.js";
import { createProgress } from "./progress.js";
import { freePort, isPortFree } from "../lib/net.mjs";
import { runToCompletion } from "../lib/process.mjs";
import { startStatusLine } from "./status.js";

/** anvil's PUBLIC test accounts (mnemonic "test test … junk") and their roles in the demo seed. */
export const DEMO_ACCOUNTS = [
  ["deployer / admin / operator", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"],
  ["oracle signer", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"],
  ["USDC lender", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"],
  ["staker + sAID borrower", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"],
  ["AID borrower", "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"],
  ["AID lender", "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"],
] as const;

/** The market data starts where the feeds are: AID and the stables at par, GPU NAV at its current answer. */
async function initialPrices(rpcUrl: string, deploymentFile: string): Promise<Record<string, string>> {
  const deployment = parseDeployment(JSON.parse(readFileSync(deploymentFile, "utf8")));
  const client = createPublicClient({ transport: http(rpcUrl) });
  const [gpuNav, decimals] = await Promise.all([
    client.readContract({ address: deployment.feeds.GPU_NAV, abi: pushFeedAbi, functionName: "latestAnswer" }),
    client.readContract({ address: deployment.feeds.GPU_NAV, abi: pushFeedAbi, functionName: "decimals" }),
  ]);
  return { AID_USD: "1", USDC_USD: "1", USDT_USD: "1", GPU_NAV: formatUnits(gpuNav, decimals) };
}

async function preflight(o: DevnetOptions): Promise<DevnetOptions["ports"]> {
  const ports = { ...o.ports };
  const names: Record<keyof DevnetOptions["ports"], string> = {
    rpc: "--rpc-port",
    graphql: "--graphql-port",
    metrics: "--metrics-port",
    marketData: "--market-port",
  };
  for (const key of Object.keys(ports) as (keyof DevnetOptions["ports"])[]) {
    if (ports[key] === 0) ports[key] = await freePort();
    else if (!(await isPortFree(ports[key])))
      throw new Error(
        `port ${ports[key]} is busy: stop what listens there (\`ss -ltnp 'sport = :${ports[key]}'\` shows it) or pass ${names[key]} <other port>`,
      );
  }
  if (o.subgraph) checkPostgresInstalled();
  return ports;
}

/** Marks a folder as a devnet state directory: only such a folder (or an empty one) is ever cleared. */
const STATE_MARKER = ".aid-devnet-state";

/** Removes a previous run's state; refuses a non-empty folder that is not a devnet state directory. */
function clearStateDir(dir: string): void {
  if (!existsSync(dir)) return;
  if (readdirSync(dir).length > 0 && !existsSync(join(dir, STATE_MARKER)))
    throw new Error(
      `refusing to clear ${dir}: it is not empty and not a devnet state directory (no ${STATE_MARKER}); pass an empty or new --state-dir`,
    );
  rmSync(dir, { recursive: true, force: true });
}

/** The keepers' SQLite state and the subgraph store: meaningless once the chain they followed is gone. */
function clearDerivedState(dir: string): void {
  for (const name of ["keeper.sqlite", "keeper.sqlite-wal", "keeper.sqlite-shm", "graph"])
    rmSync(join(dir, name), { recursive: true, force: true });
}

async function forgeBuild(): Promise<void> {
  await runToCompletion(join(ROOT, "node_modules", ".bin", "forge"), ["build"], { cwd: ROOT, what: "forge build" });
}

export async function runDevnet(o: DevnetOptions): Promise<void> {
  const progress = createProgress({ tty: Boolean(process.stdout.isTTY) && !o.ci });
  const stateDir = resolve(ROOT, o.stateDir);
  const logDir = join(stateDir, "logs");
  if (!o.keepState) clearStateDir(stateDir);
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(stateDir, STATE_MARKER), "state of `npm run devnet`; removed and recreated by each run without --keep-state\n");
  // The devnet is the local chain: its addresses go where `npm run deploy:local` puts them (the SDK examples, the
  // subgraph's dev script and the keepers' example configs read that file). A --ci run uses a scratch file under
  // deployments/ (the only folder forge scripts may write) so it never overwrites a developer's devnet.
  const deploymentFile = o.ci ? `deployments/.devnet-ci-${process.pid}.json` : `deployments/${DEVNET_CHAIN_ID}.json`;

  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    progress.done();
    removeDescriptor(stateDir);
    if (o.ci) rmSync(join(ROOT, deploymentFile), { force: true });
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));

  try {
    const ports = await progress.step("preflight: ports free, PostgreSQL present", () => preflight(o));
    await progress.step("compile contracts (forge build)", () => forgeBuild());
    const chain = await progress.step(`start anvil on :${ports.rpc}`, () =>
      startChain({
        port: ports.rpc,
        accounts: o.accounts,
        logDir,
        ...(o.keepState ? { stateFile: join(stateDir, "anvil-state.json") } : {}),
      }),
    );
    stops.push(() => chain.anvil.stop());
    const { rpcUrl } = chain;
    // The deployment file is kept in the state directory too: a --ci run's scratch file is removed on exit, and
    // deployments/31337.json may have been overwritten by a deploy to another chain since.
    const keptDeployment = join(stateDir, "deployment.json");
    if (o.keepState && existsSync(keptDeployment)) copyFileSync(keptDeployment, join(ROOT, deploymentFile));
    if (o.keepState && (await isDeployed(rpcUrl, join(ROOT, deploymentFile)))) {
      progress.info(`resumed the chain and deployment from ${relative(process.cwd(), stateDir) || "."}`);
      await progress.step(
        `mine ${BLOCKHASH_WINDOW} empty blocks (anvil does not restore BLOCKHASH for the blocks before the restart)`,
        () => mineBeyondBlockhashWindow(rpcUrl),
      );
    } else {
      if (o.keepState) {
        // Nothing to resume on the chain: the keepers' and the subgraph's state describe a chain that is gone.
        progress.info(`no deployment to resume in ${relative(process.cwd(), stateDir) || "."}: deploying afresh`);
        clearDerivedState(stateDir);
      }
      await progress.step("deploy contracts (script/Deploy.s.sol)", () => deploy(rpcUrl, deploymentFile));
      await progress.step("seed demo state (script/Seed.s.sol)", () => seed(rpcUrl, deploymentFile));
      await progress.step("grant the keeper roles to the devnet keeper (anvil #9) and liquidator (anvil #8)", () =>
        grantKeeperRoles(rpcUrl, join(ROOT, deploymentFile)),
      );
      copyFileSync(join(ROOT, deploymentFile), keptDeployment);
    }
    await progress.step(`interval mining: a block every ${o.blockTimeSeconds} s`, () =>
      startIntervalMining(rpcUrl, o.blockTimeSeconds),
    );
    const market: MarketData = await progress.step(`market-data endpoint on :${ports.marketData}`, async () =>
      startMarketData({ port: ports.marketData, initial: await initialPrices(rpcUrl, join(ROOT, deploymentFile)) }),
    );
    stops.push(() => market.stop());

    let graph: GraphNode | undefined;
    if (o.subgraph) {
      graph = await progress.step("PostgreSQL + IPFS responder + graph-node indexing the subgraph", () =>
        startGraph({ rpcUrl, deploymentFile: join(ROOT, deploymentFile), stateDir, graphqlPort: ports.graphql }),
      );
      stops.push(() => (graph as GraphNode).stop());
      if (o.keepState) {
        // Runs after the keepers stopped: no new block, and graph-node indexes up to the head before it stops. A
        // resumed anvil cannot answer eth_call at the blocks before the restart (its dump keeps only the latest
        // state), so a subgraph left behind would wait for those calls forever.
        stops.push(async () => {
          await stopMining(rpcUrl);
          await (graph as GraphNode).catchUp(30_000).catch((error: Error) => {
            progress.info(
              `⚠ graph-node did not reach the chain head before the stop (${error.message}): after a --keep-state restart it may wait forever for calls at the old blocks; start without --keep-state if it does`,
            );
          });
        });
      }
    }
    let keepers: Keepers | undefined;
    if (o.keepers) {
      keepers = await progress.step("keepers: oracle, yield, epochs, liquidator", () =>
        startKeepers({
          rpcUrl,
          deploymentFile: join(ROOT, deploymentFile),
          stateDir,
          logDir,
          metricsPort: ports.metrics,
          marketDataUrl: market.url,
          blockTimeSeconds: o.blockTimeSeconds,
        }),
      );
      stops.push(() => (keepers as Keepers).stop());
    }

    const descriptor: DevnetDescriptor = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      chainId: DEVNET_CHAIN_ID,
      rpcUrl,
      blockTimeSeconds: o.blockTimeSeconds,
      deploymentFile: join(ROOT, deploymentFile),
      marketDataUrl: market.url,
      graphqlUrl: graph?.graphqlUrl ?? null,
      keeperMetricsUrl: keepers?.metricsUrl ?? null,
      liquidatorRecipient: keepers?.liquidatorRecipient ?? null,
      logDir,
    };
    writeDescriptor(stateDir, descriptor);
    printSummary(progress.info, descriptor);
    const status = startStatusLine({ descriptor, print: progress.status });
    stops.push(async () => status.stop());
    // Any child dying on its own is fatal: say which and where its log is.
    for (const [name, exited, log] of [
      ["anvil", chain.anvil.exited, chain.logFile],
      ...(graph ? graph.watch : []),
      ...(keepers ? keepers.watch : []),
    ] as [string, Promise<string>, string][]) {
      void exited.then((code) => {
        if (stopping) return;
        progress.info(`✖ ${name} exited (${code}); its log: ${log}. Stopping the devnet.`);
        void shutdown(1);
      });
    }
  } catch (error) {
    progress.info(`\n✖ ${(error as Error).message}`);
    await shutdown(1);
  }
}

function printSummary(info: (line: string) => void, d: DevnetDescriptor): void {
  const lines = [
    "",
    "AID Protocol devnet is up",
    `  RPC            ${d.rpcUrl}  (chain ${d.chainId}, a block every ${d.blockTimeSeconds} s)`,
    `  GraphQL        ${d.graphqlUrl ?? "(--no-subgraph)"}`,
    `  keeper metrics ${d.keeperMetricsUrl ?? "(--no-keepers)"}${d.keeperMetricsUrl ? `  (health: ${d.keeperMetricsUrl.replace(/metrics$/, "healthz")})` : ""}`,
    `  market data    ${d.marketDataUrl}  (POST {"AID_USD":"0.92"} to move a price; the oracle keeper pushes it)`,
    `  deployments    ${d.deploymentFile}`,
    `  logs           ${d.logDir}`,
    "",
    "  Demo accounts — anvil's PUBLIC test keys (mnemonic \"test test … junk\"): never use them on a real chain",
    ...DEMO_ACCOUNTS.map(([role, address, key]) => `    ${address}  ${key}  ${role}`),
    `    ${DEVNET_KEEPER.address}  ${DEVNET_KEEPER.key}  keepers (YieldDistributor KEEPER_ROLE granted by the devnet)`,
    `    ${DEVNET_LIQUIDATOR.address}  ${DEVNET_LIQUIDATOR.key}  liquidator key + profit recipient (FlashLiquidator KEEPER_ROLE)`,
    "",
    "  Scenarios: npm run scenario -- price-shock | deal-default | bank-run | yield-day",
    "  Ctrl-C stops everything.",
    "",
  ];
  for (const line of lines) info(line);
}

async function main(): Promise<void> {
  let options: DevnetOptions | "help";
  try {
    options = parseDevnetOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (options === "help") {
    console.log(HELP);
    return;
  }
  try {
    await runDevnet(options);
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`);
    process.exit(1);
  }
}

await main();
