/**
 * The subgraph on the real graph-node against a real chain: a fresh anvil, the real deploy and seed scripts
 * (tools/deploy-local.mjs), the subgraph built from that deployment and served by `gnd dev` on a private PostgreSQL
 * cluster (scripts/graph-stack.mjs), then the scripted scenario (test/scenario.ts) run while gnd indexes live. Once
 * the subgraph has reached the chain head, its GraphQL answers are compared with the chain read directly: protocol
 * totals, every account's AID and sAID balances, every redemption request and deal, every sAID exchange-rate point
 * against `convertToAssets(1e18)` at its block, and `_meta.hasIndexingErrors`.
 *
 * anvil, Postgres and gnd are stopped in afterAll, and by the process exit hooks of anvil.ts / graph-stack.mjs if
 * afterAll never runs.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Address, type Log, getAddress, parseAbiItem } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Anvil, startAnvil } from "../../test/ts/anvil.js";
import { ROOT, runScript } from "../../tools/deploy-local.mjs";
import { buildSubgraph } from "../scripts/dev.mjs";
import { type GraphStack, graphql, indexingStatuses, startGraphStack, waitForSync } from "../scripts/graph-stack.mjs";
import {
  type Deployment,
  Driver,
  type ScenarioResult,
  dealBookAbi,
  erc20Abi,
  reserveAbi,
  runScenario,
  stakedAidAbi,
} from "./scenario.js";

const E18 = 10n ** 18n;
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");
const ZERO = "0x0000000000000000000000000000000000000000";

let anvil: Anvil | undefined;
let stack: GraphStack | undefined;
let deploymentFile: string | undefined;
let dep: Deployment;
let driver: Driver;
let scenario: ScenarioResult;
let head: bigint;

/** GraphQL against the subgraph. */
async function query<T>(q: string, variables?: Record<string, unknown>): Promise<T> {
  if (!stack) throw new Error("graph stack not started");
  return (await graphql(stack.url, q, variables)) as T;
}

/** Every entity of a collection, paged by id (graph-node caps `first` at 1000). */
async function all<T extends { id: string }>(collection: string, fields: string): Promise<T[]> {
  const out: T[] = [];
  let last = "";
  for (;;) {
    const data = await query<Record<string, T[]>>(
      `query($last: String!) { ${collection}(first: 1000, orderBy: id, where: { id_gt: $last }) { id ${fields} } }`,
      { last },
    );
    const page = data[collection] ?? [];
    out.push(...page);
    if (page.length < 1000) return out;
    last = page[page.length - 1]?.id ?? last;
  }
}

async function logsOf(address: Address): Promise<Log<bigint, number, false, typeof transferEvent>[]> {
  return driver.pub.getLogs({ address, event: transferEvent, fromBlock: BigInt(dep.startBlock), toBlock: head });
}

beforeAll(async () => {
  anvil = await startAnvil();
  // A scratch deployment file: a developer's deployments/31337.json is never touched.
  const relative = `deployments/.subgraph-indexing-${process.pid}.json`;
  deploymentFile = join(ROOT, relative);
  const env = { DEPLOYMENT_FILE: relative };
  await runScript("deploy", { rpcUrl: anvil.rpcUrl, env, quiet: true });
  await runScript("seed", { rpcUrl: anvil.rpcUrl, env, quiet: true });
  dep = JSON.parse(readFileSync(deploymentFile, "utf8")) as Deployment;
  driver = new Driver(anvil.rpcUrl);

  const manifest = await buildSubgraph({ deploymentFile, network: "devnet", quiet: true });
  stack = await startGraphStack({ manifest, rpcUrl: anvil.rpcUrl, network: "devnet" });
  // The scenario runs while gnd indexes: the live polling path, not only a catch-up from history.
  scenario = await runScenario(anvil.rpcUrl, dep);
  head = await driver.pub.getBlockNumber();
  try {
    await waitForSync(stack.url, head, { statusUrl: stack.gnd.statusUrl, timeoutMs: 600_000 });
  } catch (error) {
    const tail = stack.gnd.log().split("\n").slice(-30).join("\n");
    throw new Error(`${error instanceof Error ? error.message : error}\n--- gnd log (last lines) ---\n${tail}`);
  }
}, 900_000);

afterAll(async () => {
  await stack?.stop();
  await anvil?.stop();
  if (deploymentFile && existsSync(deploymentFile)) rmSync(deploymentFile);
});

describe("gnd dev indexes the devnet scenario", () => {
  test("indexed to the chain head without errors, and the deployment is healthy", async () => {
    const { _meta } = await query<{ _meta: { hasIndexingErrors: boolean; block: { number: number } } }>(
      "{ _meta { hasIndexingErrors block { number } } }",
    );
    expect(_meta.hasIndexingErrors, "hasIndexingErrors").toBe(false);
    expect(BigInt(_meta.block.number), "indexed block").toBeGreaterThanOrEqual(head);
    const statuses = await indexingStatuses(stack?.gnd.statusUrl ?? "");
    expect(statuses.length, "one deployment").toBe(1);
    expect(statuses[0].health, `health (fatal: ${statuses[0].fatalError?.message})`).toBe("healthy");
    expect(statuses[0].nonFatalErrors, "non-fatal errors").toEqual([]);
    // The scenario really ran (each step left blocks behind it).
    expect(scenario.transactions, "scenario transactions").toBeGreaterThan(50);
  });

  test("protocol totals equal the contracts' views", async () => {
    type Row = {
      totalAidSupply: string;
      totalLiquidUSD: string;
      totalCarryingValueUSD: string;
      totalBackingUSD: string;
      collateralRatio: string;
      totalDeployedPrincipalUSD: string;
      totalQueuedAid: string;
      sAidExchangeRate: string;
      mintPaused: boolean;
      redeemPaused: boolean;
      dealCount: number;
      aid: { totalSupply: string };
      sAid: { totalSupply: string };
    };
    const { protocols } = await query<{ protocols: Row[] }>(
      `{ protocols { totalAidSupply totalLiquidUSD totalCarryingValueUSD totalBackingUSD collateralRatio
         totalDeployedPrincipalUSD totalQueuedAid sAidExchangeRate mintPaused redeemPaused dealCount
         aid { totalSupply } sAid { totalSupply } } }`,
    );
    expect(protocols.length, "one Protocol entity").toBe(1);
    const p = protocols[0] as Row;
    const reserve = dep.contracts.Reserve as Address;
    const book = dep.contracts.DealBook as Address;
    const read = (address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
      driver.pub.readContract({ address, abi: abi as typeof reserveAbi, functionName: functionName as "backing", args: args as [] });
    const aidSupply = await driver.pub.readContract({ address: dep.tokens.AID, abi: erc20Abi, functionName: "totalSupply" });
    const sAidSupply = await driver.pub.readContract({ address: dep.tokens.sAID, abi: erc20Abi, functionName: "totalSupply" });
    const totalLiquid18 = await read(reserve, reserveAbi, "totalLiquid18");
    const backing = await read(reserve, reserveAbi, "backing");
    const ratio = await read(reserve, reserveAbi, "collateralRatio");
    const escrowed = await read(reserve, reserveAbi, "totalEscrowed");
    const carrying = await read(book, dealBookAbi, "totalCarryingValue");
    const principal = await read(book, dealBookAbi, "totalOutstandingPrincipal");
    const dealCount = await read(book, dealBookAbi, "dealCount");
    const rate = await driver.pub.readContract({
      address: dep.tokens.sAID,
      abi: stakedAidAbi,
      functionName: "convertToAssets",
      args: [E18],
    });
    expect(BigInt(p.totalAidSupply), "totalAidSupply = AID.totalSupply()").toBe(aidSupply);
    expect(BigInt(p.aid.totalSupply), "Token AID totalSupply").toBe(aidSupply);
    expect(BigInt(p.sAid.totalSupply), "Token sAID totalSupply").toBe(sAidSupply);
    expect(BigInt(p.totalLiquidUSD), "totalLiquidUSD = Reserve.totalLiquid18()").toBe(totalLiquid18);
    expect(BigInt(p.totalCarryingValueUSD), "totalCarryingValueUSD = DealBook.totalCarryingValue()").toBe(carrying);
    expect(BigInt(p.totalBackingUSD), "totalBackingUSD = Reserve.backing()").toBe(backing);
    expect(BigInt(p.collateralRatio), "collateralRatio = Reserve.collateralRatio()").toBe(ratio);
    expect(BigInt(p.totalDeployedPrincipalUSD), "totalDeployedPrincipalUSD = DealBook.totalOutstandingPrincipal()").toBe(
      principal,
    );
    expect(BigInt(p.totalQueuedAid), "totalQueuedAid = Reserve.totalEscrowed()").toBe(escrowed);
    expect(BigInt(p.dealCount), "dealCount = DealBook.dealCount()").toBe(dealCount);
    // The subgraph's latest point is the rate after the last distribution/loss/epoch event; the vault's rate moves
    // on with vesting since, so it can only have grown (or stayed).
    expect(rate, "convertToAssets(1e18) now ≥ the last indexed rate").toBeGreaterThanOrEqual(BigInt(p.sAidExchangeRate));
    expect(p.mintPaused, "mintPaused").toBe(await read(reserve, reserveAbi, "mintPaused"));
    expect(p.redeemPaused, "redeemPaused").toBe(await read(reserve, reserveAbi, "redeemPaused"));
  });

  test("every account's AID and sAID balance equals balanceOf", async () => {
    const holders = new Set<Address>();
    for (const token of [dep.tokens.AID, dep.tokens.sAID]) {
      for (const log of await logsOf(token)) {
        if (log.args.from && log.args.from !== ZERO) holders.add(getAddress(log.args.from));
        if (log.args.to && log.args.to !== ZERO) holders.add(getAddress(log.args.to));
      }
    }
    expect(holders.size, "the scenario's holders").toBeGreaterThan(10);
    for (const a of Object.values(scenario.actors)) expect(holders.has(getAddress(a)), `actor ${a} holds`).toBe(true);
    const accounts = await all<{ id: string; aidBalance: string; sAidBalance: string }>(
      "accounts",
      "aidBalance sAidBalance",
    );
    const byId = new Map(accounts.map((a) => [getAddress(a.id), a]));
    for (const holder of holders) expect(byId.has(holder), `Account ${holder} indexed`).toBe(true);
    // Every indexed account (holders, and accounts created by other events, e.g. Morpho positions, which must then
    // hold nothing) against the chain.
    for (const [id, account] of byId) {
      const [aid, sAid] = await Promise.all([
        driver.pub.readContract({ address: dep.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [id] }),
        driver.pub.readContract({ address: dep.tokens.sAID, abi: erc20Abi, functionName: "balanceOf", args: [id] }),
      ]);
      expect(BigInt(account.aidBalance), `AID balance of ${id}`).toBe(aid);
      expect(BigInt(account.sAidBalance), `sAID balance of ${id}`).toBe(sAid);
    }
  });

  test("every sAID exchange-rate point equals convertToAssets(1e18) at its block", async () => {
    const points = await all<{ id: string; reason: string; rate: string; totalShares: string; blockNumber: string }>(
      "exchangeRatePoints",
      "reason rate totalShares blockNumber",
    );
    const vault = dep.tokens.sAID;
    const [distributed, losses, epochs] = await Promise.all(
      (["YieldDistributed", "LossReported", "EpochSettled"] as const).map((eventName) =>
        driver.pub.getContractEvents({ address: vault, abi: stakedAidAbi, eventName, fromBlock: BigInt(dep.startBlock), toBlock: head }),
      ),
    );
    const reasons = points.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.reason]: (acc[p.reason] ?? 0) + 1 }), {});
    expect(reasons.YIELD_DISTRIBUTED ?? 0, "a point per YieldDistributed").toBe(distributed?.length);
    expect(reasons.LOSS_REPORTED ?? 0, "a point per LossReported").toBe(losses?.length);
    expect(reasons.EPOCH_SETTLED ?? 0, "a point per EpochSettled").toBe(epochs?.length);
    // The scenario produced every kind (seed distribution + scenario distribution, the write-down's loss, an epoch).
    expect(distributed?.length ?? 0, "distributions").toBeGreaterThanOrEqual(2);
    expect(losses?.length ?? 0, "losses").toBeGreaterThanOrEqual(1);
    expect(epochs?.length ?? 0, "epochs").toBeGreaterThanOrEqual(1);
    for (const p of points) {
      const blockNumber = BigInt(p.blockNumber);
      const [rate, shares] = await Promise.all([
        driver.pub.readContract({ address: vault, abi: stakedAidAbi, functionName: "convertToAssets", args: [E18], blockNumber }),
        driver.pub.readContract({ address: vault, abi: erc20Abi, functionName: "totalSupply", blockNumber }),
      ]);
      expect(BigInt(p.rate), `${p.reason} point at block ${blockNumber}: rate`).toBe(rate);
      expect(BigInt(p.totalShares), `${p.reason} point at block ${blockNumber}: total shares`).toBe(shares);
    }
  });

  test("redemption requests and deals match the contracts", async () => {
    const statusName = ["None", "Pending", "Claimable", "Claimed", "Cancelled"];
    const requests = await all<{ id: string; requestId: string; status: string; aidAmount: string; payoutStable: string | null }>(
      "redeemRequests",
      "requestId status aidAmount payoutStable",
    );
    const next = await driver.pub.readContract({ address: dep.contracts.Reserve as Address, abi: reserveAbi, functionName: "nextRequestId" });
    const first = next - BigInt(requests.length);
    expect(requests.length, "requests indexed").toBeGreaterThanOrEqual(2);
    const seen = new Set<string>();
    for (const r of requests) {
      const onChain = await driver.pub.readContract({
        address: dep.contracts.Reserve as Address,
        abi: reserveAbi,
        functionName: "getRequest",
        args: [BigInt(r.requestId)],
      });
      seen.add(onChain.status === 0 ? "" : statusName[onChain.status] ?? "?");
      expect(r.status, `request ${r.requestId} status`).toBe(statusName[onChain.status]);
      expect(BigInt(r.aidAmount), `request ${r.requestId} aidAmount`).toBe(onChain.aidAmount);
      if (onChain.payout !== 0n) expect(BigInt(r.payoutStable ?? -1), `request ${r.requestId} payout`).toBe(onChain.payout);
      expect(BigInt(r.requestId), `request ids are the last ${requests.length}`).toBeGreaterThanOrEqual(first);
    }
    expect([...seen].sort(), "the scenario claimed one request and cancelled one").toEqual(
      expect.arrayContaining(["Cancelled", "Claimed"]),
    );

    const dealStatus = ["None", "Proposed", "Active", "Late", "Defaulted", "Liquidated", "Repaid"];
    const deals = await all<{
      id: string;
      dealId: string;
      status: string;
      outstandingPrincipalUSD: string;
      carryingValueUSD: string;
      principalRepaidUSD: string;
      incomeReceivedUSD: string;
    }>("deals", "dealId status outstandingPrincipalUSD carryingValueUSD principalRepaidUSD incomeReceivedUSD");
    expect(deals.length, "deals indexed").toBe(3);
    const liquidated = deals.filter((deal) => deal.status === "Liquidated");
    expect(liquidated.length, "the scenario liquidated one deal").toBe(1);
    for (const deal of deals) {
      const onChain = await driver.pub.readContract({
        address: dep.contracts.DealBook as Address,
        abi: dealBookAbi,
        functionName: "getDeal",
        args: [BigInt(deal.dealId)],
      });
      expect(deal.status, `deal ${deal.dealId} status`).toBe(dealStatus[onChain.status]);
      expect(BigInt(deal.outstandingPrincipalUSD), `deal ${deal.dealId} outstanding`).toBe(onChain.outstandingPrincipal);
      expect(BigInt(deal.carryingValueUSD), `deal ${deal.dealId} carrying value`).toBe(onChain.carryingValue);
      expect(BigInt(deal.principalRepaidUSD), `deal ${deal.dealId} principal repaid`).toBe(onChain.principalRepaid);
      expect(BigInt(deal.incomeReceivedUSD), `deal ${deal.dealId} income`).toBe(onChain.incomeReceived);
    }
  });
});

