/**
 * The subgraph on the real graph-node against a real chain: a fresh anvil, the real deploy and seed scripts
 * (tools/deploy-local.mjs), the subgraph built from that deployment and served by `gnd dev` on a private PostgreSQL
 * cluster (scripts/graph-stack.mjs), then the scripted scenario (test/scenario.ts) run while gnd indexes live. Once
 * the subgraph has reached the chain head, its GraphQL answers are compared with the chain read directly: protocol
 * totals, every account's AID and sAID balances, every redemption request and deal, every sAID exchange-rate point
 * against `convertToAssets(1e18)` at its block, `_meta.hasIndexingErrors`; every Morpho position (shares, collateral
 * and assets) against `Morpho.position()`/`market()`, market totals, every liquidation against its `Liquidate`
 * event (repaid, seized, bad debt), every swap against its pool's `Swap` event and the pools' state.
 *
 * anvil, Postgres and gnd are stopped in afterAll, and by the process exit hooks of anvil.ts / graph-stack.mjs if
 * afterAll never runs.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { blueAbi } from "@morpho-org/blue-sdk-viem";
import { type Address, type Hex, type Log, getAddress, parseAbi, parseAbiItem } from "viem";
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

describe("Morpho Blue markets and Uniswap v3 pools", () => {
  type MarketRow = {
    id: Hex;
    name: string;
    lltv: string;
    fee: string;
    totalSupplyAssets: string;
    totalSupplyShares: string;
    totalBorrowAssets: string;
    totalBorrowShares: string;
    totalCollateral: string;
    lastUpdate: string;
    cumulativeBadDebtAssets: string;
  };
  type PositionRow = {
    id: Hex;
    market: { id: Hex };
    account: Hex;
    supplyShares: string;
    borrowShares: string;
    collateral: string;
    supplyAssets: string;
    borrowAssets: string;
    lastUpdatedBlockNumber: string;
  };
  const VIRTUAL_SHARES = 10n ** 6n;
  const VIRTUAL_ASSETS = 1n;
  const morpho = () => dep.contracts.Morpho as Address;
  const marketIds = () => Object.values(dep.markets).map((m) => m.id.toLowerCase() as Hex);

  /** (market id, account) of every position the chain's Morpho events touched in our markets. */
  async function chainPositions(): Promise<Map<string, { market: Hex; account: Address }>> {
    const events = await driver.pub.getContractEvents({ address: morpho(), abi: blueAbi, fromBlock: BigInt(dep.startBlock), toBlock: head });
    const ids = new Set(marketIds());
    const out = new Map<string, { market: Hex; account: Address }>();
    for (const e of events) {
      const args = e.args as { id?: Hex; onBehalf?: Address; borrower?: Address };
      const user = args.onBehalf ?? args.borrower;
      if (!args.id || !user || !ids.has(args.id.toLowerCase() as Hex)) continue;
      out.set(`${args.id.toLowerCase()}${user.toLowerCase().slice(2)}`, { market: args.id.toLowerCase() as Hex, account: getAddress(user) });
    }
    return out;
  }

  test("every position equals Morpho.position() (shares, collateral) and its assets convert as Morpho does", async () => {
    const positions = await all<PositionRow>(
      "positions",
      "market { id } account supplyShares borrowShares collateral supplyAssets borrowAssets lastUpdatedBlockNumber",
    );
    const onChain = await chainPositions();
    expect(onChain.size, "positions in the scenario (seed lenders/borrowers, carol, the liquidated borrower)").toBeGreaterThanOrEqual(6);
    expect(positions.length, "one Position per (market, account) with a Morpho event").toBe(onChain.size);
    const byKey = new Map(positions.map((p) => [`${p.market.id.toLowerCase()}${p.account.toLowerCase().slice(2)}`, p]));
    for (const [key, { market, account }] of onChain) {
      const p = byKey.get(key);
      expect(p, `Position ${market}/${account} indexed`).toBeDefined();
      if (!p) continue;
      const [supplyShares, borrowShares, collateral] = await driver.pub.readContract({
        address: morpho(), abi: blueAbi, functionName: "position", args: [market, account],
      });
      expect(BigInt(p.supplyShares), `${account} supply shares in ${market}`).toBe(supplyShares);
      expect(BigInt(p.borrowShares), `${account} borrow shares in ${market}`).toBe(borrowShares);
      expect(BigInt(p.collateral), `${account} collateral in ${market}`).toBe(collateral);
      // Assets: the shares converted with the market's totals after the position's last event, Morpho's rounding.
      const blockNumber = BigInt(p.lastUpdatedBlockNumber);
      const [tsa, tss, tba, tbs] = await driver.pub.readContract({
        address: morpho(), abi: blueAbi, functionName: "market", args: [market], blockNumber,
      });
      const supplyAssets = (supplyShares * (tsa + VIRTUAL_ASSETS)) / (tss + VIRTUAL_SHARES);
      const num = borrowShares * (tba + VIRTUAL_ASSETS);
      const den = tbs + VIRTUAL_SHARES;
      const borrowAssets = (num + den - 1n) / den;
      expect(BigInt(p.supplyAssets), `${account} supply assets at block ${blockNumber}`).toBe(supplyAssets);
      expect(BigInt(p.borrowAssets), `${account} borrow assets at block ${blockNumber}`).toBe(borrowAssets);
    }
  });

  test("every market's totals equal Morpho.market(), its collateral the sum of positions", async () => {
    const markets = await all<MarketRow>(
      "markets",
      "name lltv fee totalSupplyAssets totalSupplyShares totalBorrowAssets totalBorrowShares totalCollateral lastUpdate cumulativeBadDebtAssets",
    );
    expect(markets.map((m) => m.id.toLowerCase()).sort(), "our three markets and only them").toEqual([...marketIds()].sort());
    const onChain = await chainPositions();
    const liquidations = await driver.pub.getContractEvents({ address: morpho(), abi: blueAbi, eventName: "Liquidate", fromBlock: BigInt(dep.startBlock), toBlock: head });
    for (const m of markets) {
      const [tsa, tss, tba, tbs, lastUpdate, fee] = await driver.pub.readContract({
        address: morpho(), abi: blueAbi, functionName: "market", args: [m.id],
      });
      expect(BigInt(m.totalSupplyAssets), `${m.name} totalSupplyAssets`).toBe(tsa);
      expect(BigInt(m.totalSupplyShares), `${m.name} totalSupplyShares`).toBe(tss);
      expect(BigInt(m.totalBorrowAssets), `${m.name} totalBorrowAssets`).toBe(tba);
      expect(BigInt(m.totalBorrowShares), `${m.name} totalBorrowShares`).toBe(tbs);
      expect(BigInt(m.lastUpdate), `${m.name} lastUpdate`).toBe(lastUpdate);
      expect(BigInt(m.fee), `${m.name} fee`).toBe(fee);
      const entry = Object.values(dep.markets).find((x) => x.id.toLowerCase() === m.id.toLowerCase());
      expect(BigInt(m.lltv), `${m.name} lltv`).toBe(BigInt(entry?.lltv ?? -1));
      let collateral = 0n;
      for (const { market, account } of onChain.values()) {
        if (market !== m.id.toLowerCase()) continue;
        const [, , c] = await driver.pub.readContract({ address: morpho(), abi: blueAbi, functionName: "position", args: [market, account] });
        collateral += c;
      }
      expect(BigInt(m.totalCollateral), `${m.name} totalCollateral = Σ position().collateral`).toBe(collateral);
      const badDebt = liquidations
        .filter((l) => l.args.id?.toLowerCase() === m.id.toLowerCase())
        .reduce((a, l) => a + (l.args.badDebtAssets ?? 0n), 0n);
      expect(BigInt(m.cumulativeBadDebtAssets), `${m.name} cumulative bad debt = Σ Liquidate.badDebtAssets`).toBe(badDebt);
    }
  });

  test("every liquidation equals its Liquidate event (repaid, seized, bad debt)", async () => {
    const rows = await all<{
      id: Hex; liquidator: Hex; liquidatee: Hex; repaidAssets: string; repaidShares: string; seizedAssets: string;
      badDebtAssets: string; badDebtShares: string; transactionHash: Hex; logIndex: number; market: { id: Hex };
    }>("liquidates", "liquidator liquidatee repaidAssets repaidShares seizedAssets badDebtAssets badDebtShares transactionHash logIndex market { id }");
    const events = await driver.pub.getContractEvents({ address: morpho(), abi: blueAbi, eventName: "Liquidate", fromBlock: BigInt(dep.startBlock), toBlock: head });
    expect(events.length, "the scenario's two liquidations").toBeGreaterThanOrEqual(2);
    expect(events.some((e) => (e.args.badDebtAssets ?? 0n) > 0n), "one realised bad debt").toBe(true);
    expect(rows.length, "a Liquidate entity per event").toBe(events.length);
    const byTx = new Map(rows.map((r) => [`${r.transactionHash.toLowerCase()}:${r.logIndex}`, r]));
    for (const e of events) {
      const r = byTx.get(`${e.transactionHash.toLowerCase()}:${e.logIndex}`);
      expect(r, `Liquidate ${e.transactionHash}:${e.logIndex} indexed`).toBeDefined();
      if (!r) continue;
      const what = `liquidation ${e.transactionHash}`;
      expect(r.market.id.toLowerCase(), `${what} market`).toBe(e.args.id?.toLowerCase());
      expect(getAddress(r.liquidator), `${what} liquidator`).toBe(e.args.caller);
      expect(getAddress(r.liquidatee), `${what} borrower`).toBe(e.args.borrower);
      expect(BigInt(r.repaidAssets), `${what} repaidAssets`).toBe(e.args.repaidAssets);
      expect(BigInt(r.repaidShares), `${what} repaidShares`).toBe(e.args.repaidShares);
      expect(BigInt(r.seizedAssets), `${what} seizedAssets`).toBe(e.args.seizedAssets);
      expect(BigInt(r.badDebtAssets), `${what} badDebtAssets`).toBe(e.args.badDebtAssets);
      expect(BigInt(r.badDebtShares), `${what} badDebtShares`).toBe(e.args.badDebtShares);
    }
  });

  test("every swap equals its pool's Swap event, and pool state equals slot0()/liquidity()", async () => {
    const swapEvent = parseAbiItem(
      "event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)",
    );
    const poolAbi = parseAbi([
      "function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool)",
      "function liquidity() view returns (uint128)",
    ]);
    const pools = Object.values(dep.pools);
    const events = await driver.pub.getLogs({ address: pools, event: swapEvent, fromBlock: BigInt(dep.startBlock), toBlock: head });
    expect(events.length, "the scenario's swap").toBeGreaterThanOrEqual(1);
    const swaps = await all<{ id: Hex; amount0: string; amount1: string; sqrtPriceX96: string; liquidity: string; tick: number; transactionHash: Hex; logIndex: number; pool: { id: Hex } }>(
      "swaps",
      "amount0 amount1 sqrtPriceX96 liquidity tick transactionHash logIndex pool { id }",
    );
    expect(swaps.length, "a Swap entity per event").toBe(events.length);
    const byTx = new Map(swaps.map((s) => [`${s.transactionHash.toLowerCase()}:${s.logIndex}`, s]));
    for (const e of events) {
      const s = byTx.get(`${e.transactionHash.toLowerCase()}:${e.logIndex}`);
      expect(s, `Swap ${e.transactionHash} indexed`).toBeDefined();
      if (!s) continue;
      expect(getAddress(s.pool.id), "pool").toBe(getAddress(e.address));
      expect(BigInt(s.amount0), "amount0").toBe(e.args.amount0);
      expect(BigInt(s.amount1), "amount1").toBe(e.args.amount1);
      expect(BigInt(s.sqrtPriceX96), "sqrtPriceX96").toBe(e.args.sqrtPriceX96);
      expect(BigInt(s.liquidity), "liquidity").toBe(e.args.liquidity);
      expect(s.tick, "tick").toBe(e.args.tick);
    }
    const rows = await all<{ id: Hex; sqrtPriceX96: string; tick: number | null; liquidity: string }>("pools", "sqrtPriceX96 tick liquidity");
    expect(rows.length, "our three pools").toBe(pools.length);
    for (const p of rows) {
      const [sqrtPriceX96, tick] = await driver.pub.readContract({ address: p.id, abi: poolAbi, functionName: "slot0" });
      const liquidity = await driver.pub.readContract({ address: p.id, abi: poolAbi, functionName: "liquidity" });
      expect(BigInt(p.sqrtPriceX96), `pool ${p.id} sqrtPriceX96`).toBe(sqrtPriceX96);
      expect(p.tick, `pool ${p.id} tick`).toBe(tick);
      expect(BigInt(p.liquidity), `pool ${p.id} liquidity`).toBe(liquidity);
    }
  });
});
