/**
 * The subgraph client against the REAL graph-node: a fresh anvil with the real deploy + seed, the subgraph built
 * from this tree (subgraph/scripts/dev.mjs `buildSubgraph`) and indexed by `gnd dev` on a private PostgreSQL 15
 * (subgraph/scripts/graph-stack.mjs, the repository's one graph-node launcher). Every collection of the schema is
 * queried through the SDK (graph-node rejects an unknown field, argument or filter type, so this checks the generated
 * names and types against graph-node's own API schema), pagination runs over real pages, and the headline values equal
 * the chain at the indexed block. Everything is stopped even when a step fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Address, createPublicClient, erc20Abi, http } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSubgraph } from "../../subgraph/scripts/dev.mjs";
import { startGraphStack, waitForSync } from "../../subgraph/scripts/graph-stack.mjs";
import { aidAbi } from "../src/abis/aid.js";
import { dealBookAbi } from "../src/abis/dealBook.js";
import { stakedAidAbi } from "../src/abis/stakedAid.js";
import { type Deployment, parseDeployment } from "../src/deployment.js";
import {
  type SubgraphClient,
  type SubgraphEntityName,
  createSubgraphClient,
  fetchAccount,
  fetchAggregation,
  fetchAllEntities,
  fetchDeals,
  fetchEntities,
  fetchEntity,
  fetchEpochs,
  fetchExchangeRatePoints,
  fetchFeedRounds,
  fetchFeeds,
  fetchMeta,
  fetchProtocol,
  fetchRedeemRequests,
  fetchYieldDistributions,
  subgraphSchema,
} from "../src/subgraph/index.js";
import { type Devnet, startDevnet } from "./devnet.js";

type Stack = { url: string; gnd: { statusUrl: string; log: () => string }; stop: () => Promise<void> };

// anvil's 4th public account: the staker the seed script funds and stakes for.
const STAKER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

let devnet: Devnet | undefined;
let stack: Stack | undefined;
let scratch: string | undefined;
let deployment: Deployment;
let subgraph: SubgraphClient;
let block: { number: number };
let synced: { deployment: string };

beforeAll(async () => {
  devnet = await startDevnet();
  deployment = parseDeployment(devnet.json);
  scratch = mkdtempSync(join(tmpdir(), "aid-sdk-subgraph-"));
  const deploymentFile = join(scratch, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(devnet.json));
  const manifest = (await buildSubgraph({ deploymentFile, quiet: true })) as string;
  stack = (await startGraphStack({ manifest, rpcUrl: devnet.rpcUrl })) as Stack;
  const chain = createPublicClient({ transport: http(devnet.rpcUrl) });
  const head = await chain.getBlockNumber();
  synced = (await waitForSync(stack.url, head, { statusUrl: stack.gnd.statusUrl })) as { deployment: string };
  subgraph = createSubgraphClient({ url: stack.url });
  block = { number: Number(head) };
}, 900_000);

afterAll(async () => {
  await stack?.stop().catch((error: unknown) => console.error("graph stack stop:", error));
  await devnet?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("real graph-node", () => {
  test("_meta: indexed up to the chain head, no indexing error", async () => {
    const meta = await fetchMeta(subgraph);
    expect(meta.block.number, "synced").toBeGreaterThanOrEqual(block.number);
    expect(meta.hasIndexingErrors, "no indexing error").toBe(false);
    // `gnd dev` names the deployment after its manifest (graph-node proper: an IPFS hash).
    expect(meta.deployment, "deployment id").toBe(synced.deployment);
    expect(meta.deployment.length, "non-empty").toBeGreaterThan(0);
  });

  test("every entity collection and single-entity query is accepted and parses", async () => {
    const names = Object.entries(subgraphSchema.types)
      .filter(([, t]) => (t.kind as string) !== "aggregation")
      .map(([name]) => name as SubgraphEntityName);
    expect(names.length, "schema has entities").toBeGreaterThan(10);
    const counts: Record<string, number> = {};
    for (const entity of names) {
      // Small pages: collections with more than 3 entities are read over several cursor pages.
      const all = await fetchAllEntities(subgraph, { entity, block, pageSize: 3 });
      counts[entity] = all.length;
      const first = all[0] as { id: never } | undefined;
      if (first) {
        const again = await fetchEntity(subgraph, { entity, id: first.id, block });
        expect(again, `${entity} by id`).toEqual(first);
        // One page, ordered and filtered on a real field, must also be accepted.
        const page = await fetchEntities(subgraph, { entity, block, first: 2, orderBy: "id", orderDirection: "desc", where: { id_in: [first.id] } as never });
        expect(page, `${entity} where id_in`).toEqual([first]);
      }
    }
    // The seed creates protocol state: these collections cannot be empty.
    for (const entity of ["Protocol", "Token", "Account", "Mint", "Deal", "Feed", "FeedRound", "ExchangeRatePoint"]) {
      expect(counts[entity], `${entity} indexed (counts: ${JSON.stringify(counts)})`).toBeGreaterThan(0);
    }
  });

  test("every aggregation query (each interval, current bucket included) is accepted and parses", async () => {
    const aggregations = Object.entries(subgraphSchema.types as Record<string, { kind: string; intervals?: readonly string[] }>)
      .filter(([, t]) => t.kind === "aggregation");
    const fetchAny = fetchAggregation as unknown as (client: SubgraphClient, parameters: Record<string, unknown>) => Promise<unknown[]>;
    let queried = 0;
    for (const [aggregation, t] of aggregations) {
      for (const interval of t.intervals ?? []) {
        const buckets = await fetchAny(subgraph, { aggregation, interval, current: "include", first: 5, orderDirection: "desc", block });
        expect(Array.isArray(buckets), `${aggregation} ${interval}`).toBe(true);
        queried++;
      }
    }
    expect(queried, "one query per aggregation interval").toBe(aggregations.reduce((n, [, t]) => n + (t.intervals?.length ?? 0), 0));
  });

  test("pagination by id cursor returns every entity once, in id order, whatever the page size", async () => {
    const big = await fetchAllEntities(subgraph, { entity: "FeedRound", block });
    const small = await fetchAllEntities(subgraph, { entity: "FeedRound", block, pageSize: 2 });
    expect(small, "page size 2 = page size 1000").toEqual(big);
    expect(new Set(small.map((r) => r.id)).size, "no duplicate").toBe(small.length);
  });

  test("the helpers' filters are accepted and their values equal the chain at the indexed block", async () => {
    const chain = createPublicClient({ transport: http(devnet?.rpcUrl) });
    const at = { blockNumber: BigInt(block.number) };
    const protocol = await fetchProtocol(subgraph, { block });
    expect(protocol, "protocol indexed").not.toBeNull();
    const supply = await chain.readContract({ address: deployment.tokens.AID, abi: aidAbi, functionName: "totalSupply", ...at });
    expect(protocol?.totalAidSupply, "AID supply").toBe(supply);
    expect(protocol?.aid, "AID token relation").toBe(deployment.tokens.AID.toLowerCase());

    const account = await fetchAccount(subgraph, { address: STAKER, block });
    const [aidBalance, sAidBalance] = await Promise.all([
      chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [STAKER], ...at }),
      chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "balanceOf", args: [STAKER], ...at }),
    ]);
    expect(account?.aidBalance, "staker AID").toBe(aidBalance);
    expect(account?.sAidBalance, "staker sAID").toBe(sAidBalance);

    const deals = await fetchDeals(subgraph, { block, status: ["Proposed", "Active", "Late", "Defaulted", "Liquidated", "Repaid", "Cancelled"] });
    const dealCount = await chain.readContract({ address: deployment.contracts.DealBook, abi: dealBookAbi, functionName: "dealCount", ...at });
    expect(BigInt(deals.length), "every deal, any status").toBe(dealCount);

    const feeds = await fetchFeeds(subgraph, { block });
    expect(feeds.length, "feeds").toBeGreaterThan(0);
    const feed = feeds[0];
    const rounds = await fetchFeedRounds(subgraph, { feed: feed?.id as Address, block, fromRound: 0n });
    expect(rounds.at(-1)?.answer, "latest round = feed's latest answer").toBe(feed?.latestAnswer);

    // Filters with bigint values and enums, accepted by graph-node (values not asserted: they depend on the seed).
    await fetchRedeemRequests(subgraph, { block, owner: STAKER, status: ["Pending", "Claimable"] });
    await fetchExchangeRatePoints(subgraph, { block, from: 0n, to: 2n ** 40n });
    await fetchYieldDistributions(subgraph, { block, from: 0n });
    await fetchEpochs(subgraph, { block, fromEpoch: 0n });
  });
});
