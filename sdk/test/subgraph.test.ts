/**
 * Subgraph client against a local fake GraphQL endpoint (test/subgraph-server.ts) returning canned graph-node-shaped
 * JSON: what the client sends (query, variables, pagination, pinned block), how it parses every scalar kind, and
 * which typed error each failure becomes. The queries' acceptance by a real graph-node is not tested here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { AidSdkError } from "../src/errors/base.js";
import { InvalidAddressError } from "../src/errors/validation.js";
import {
  SubgraphHttpError,
  SubgraphQueryError,
  SubgraphResponseError,
  createSubgraphClient,
  fetchAccount,
  fetchAllEntities,
  fetchDeals,
  fetchEntities,
  fetchEntity,
  fetchEpochs,
  fetchExchangeRatePoints,
  fetchFeedRounds,
  fetchMeta,
  fetchProtocol,
  fetchRedeemRequests,
  formatBigDecimal,
  parseBigDecimal,
  subgraphSchema,
  toUnits,
} from "../src/subgraph/index.js";
import { type FakeSubgraph, type RecordedRequest, startFakeSubgraph } from "./subgraph-server.js";

const ADDR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const HASH = `0x${"ab".repeat(32)}`;

let server: FakeSubgraph;
let subgraph: ReturnType<typeof createSubgraphClient>;

beforeAll(async () => {
  server = await startFakeSubgraph();
  subgraph = createSubgraphClient({ url: server.url, headers: { authorization: "Bearer test" } });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** A Deal as graph-node serialises it: BigInt as strings, Int as numbers, Bytes as hex, nullable fields null. */
function rawDeal(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: String(id),
    dealId: String(id),
    borrowerId: `0x${"AB".repeat(32)}`,
    originator: ADDR,
    assetClass: "GPU",
    hardwareCount: "512",
    hardwareModel: `0x${"01".repeat(32)}`,
    locationHash: `0x${"02".repeat(32)}`,
    navUnits: "1000",
    collateralValueUSD: "12000000000000000000000000",
    advanceRateBps: 7000,
    maxLtvBps: 8000,
    structure: "FIXED_RATE",
    rateBps: 1200,
    tenor: "31536000",
    payoutWallet: ADDR,
    status: "Active",
    marginCall: false,
    ltvBps: "6500",
    principalUSD: "8400000000000000000000000",
    outstandingPrincipalUSD: "8400000000000000000000000",
    carryingValueUSD: "8400000000000000000000000",
    principalRepaidUSD: "0",
    incomeReceivedUSD: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
    lossUSD: "0",
    recoveryValueUSD: null,
    liquidationProceedsUSD: null,
    fundedStable: null,
    fundedAmountStable: null,
    start: "1764000000",
    maturity: null,
    proposedAt: "1763990000",
    activatedAt: "1764000000",
    closedAt: null,
    lastMarkedAt: null,
    ...overrides,
  };
}

/** Any type's raw entity with placeholder values (for tests about shape, not values). */
function rawOf(type: keyof typeof subgraphSchema.types, id: string): Record<string, unknown> {
  const placeholder: Record<string, unknown> = {
    ID: id, String: "x", Bytes: "0x01", Boolean: true, Int: 1, Int8: "1", BigInt: "1", BigDecimal: "1.5", Timestamp: "1",
  };
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(subgraphSchema.types[type].fields) as [string, { type: string; kind: string; derivedFrom?: string }][]) {
    if (f.derivedFrom !== undefined) continue;
    if (f.kind === "ref") out[name] = { id: "0x02" };
    else if (f.kind === "enum") out[name] = (subgraphSchema.enums as Record<string, readonly string[]>)[f.type]?.[0];
    else out[name] = placeholder[f.type];
  }
  out.id = id;
  return out;
}

describe("scalars", () => {
  test.each([
    ["1.5", 15n, 1, "1.5"],
    ["-0.1", -1n, 1, "-0.1"],
    ["198.98765544", 19898765544n, 8, "198.98765544"],
    ["0.00000093937698", 93937698n, 14, "0.00000093937698"],
    ["1324000000", 1324000000n, 0, "1324000000"],
    ["98765587998098786876.0", 98765587998098786876n, 0, "98765587998098786876"],
    ["1.5E+30", 15n * 10n ** 29n, 0, "1500000000000000000000000000000"],
    ["2.5e-3", 25n, 4, "0.0025"],
    ["0", 0n, 0, "0"],
    ["-0.000", 0n, 0, "0"],
  ])("BigDecimal %s parses exactly and prints back", (text, value, decimals, printed) => {
    const d = parseBigDecimal(text);
    expect(d, text).toEqual({ value, decimals });
    expect(formatBigDecimal(d), `format ${text}`).toBe(printed);
  });

  test.each(["", "1.2.3", "abc", "0x10", "1e", ".", "-"])("BigDecimal %j is rejected", (text) => {
    expect(() => parseBigDecimal(text), text).toThrow(/decimal string/);
  });

  test("toUnits rescales toward zero", () => {
    expect(toUnits(parseBigDecimal("1.5"), 6), "1.5 → 6 decimals").toBe(1_500_000n);
    expect(toUnits(parseBigDecimal("1.2345678"), 6), "truncates").toBe(1_234_567n);
    expect(toUnits(parseBigDecimal("-1.2345678"), 6), "toward zero when negative").toBe(-1_234_567n);
    expect(toUnits(parseBigDecimal("12"), 18), "integer").toBe(12n * 10n ** 18n);
  });
});

describe("requests", () => {
  test("fetchEntity sends one POST with the id variable and graph-node's single field; parses every scalar kind", async () => {
    server.respond(() => ({ body: { data: { entity: rawDeal(7) } } }));
    const deal = await fetchEntity(subgraph, { entity: "Deal", id: "7" });
    expect(server.requests, "one HTTP request").toHaveLength(1);
    const [request] = server.requests as [RecordedRequest];
    expect(request.query, "single-entity field").toMatch(/^query\(\$id: ID!\) \{ entity: deal\(id: \$id\) \{ id dealId /);
    expect(request.query, "derived fields are not selected").not.toMatch(/navMarks|repayments|losses/);
    expect(request.variables, "variables").toEqual({ id: "7" });
    expect(request.headers.authorization, "custom header").toBe("Bearer test");
    expect(deal, "parsed deal").toEqual({
      ...rawDeal(7),
      dealId: 7n,
      borrowerId: `0x${"ab".repeat(32)}`,
      originator: ADDR.toLowerCase(),
      hardwareCount: 512n,
      navUnits: 1000n,
      collateralValueUSD: 12_000_000n * 10n ** 18n,
      tenor: 31_536_000n,
      payoutWallet: ADDR.toLowerCase(),
      ltvBps: 6500n,
      principalUSD: 8_400_000n * 10n ** 18n,
      outstandingPrincipalUSD: 8_400_000n * 10n ** 18n,
      carryingValueUSD: 8_400_000n * 10n ** 18n,
      principalRepaidUSD: 0n,
      incomeReceivedUSD: 2n ** 256n - 1n,
      lossUSD: 0n,
      start: 1_764_000_000n,
      proposedAt: 1_763_990_000n,
      activatedAt: 1_764_000_000n,
    });
  });

  test("fetchEntity returns null for a missing entity and passes the block", async () => {
    server.respond(() => ({ body: { data: { entity: null } } }));
    expect(await fetchEntity(subgraph, { entity: "Deal", id: "404", block: { number: 12 } }), "missing").toBeNull();
    expect(server.requests[0]?.query, "block argument").toContain("deal(id: $id, block: $block)");
    expect(server.requests[0]?.variables, "block variable").toEqual({ id: "404", block: { number: 12 } });
  });

  test("fetchEntities sends only the given arguments, bigints as strings, relations selected as { id }", async () => {
    server.respond(() => ({ body: { data: { items: [rawOf("RedeemRequest", "3")] } } }));
    const found = await fetchEntities(subgraph, {
      entity: "RedeemRequest",
      where: { aidAmount_gte: 10n ** 30n, status_in: ["Pending", "Claimable"], owner: ADDR.toLowerCase() },
      orderBy: "requestedAt",
      orderDirection: "desc",
      first: 5,
    });
    const request = server.requests[0] as RecordedRequest;
    expect(request.query, "declarations").toMatch(
      /^query\(\$first: Int, \$orderBy: RedeemRequest_orderBy, \$orderDirection: OrderDirection, \$where: RedeemRequest_filter\) \{ items: redeemRequests\(first: \$first, orderBy: \$orderBy, orderDirection: \$orderDirection, where: \$where\) /,
    );
    expect(request.query, "relation selection").toContain("owner { id }");
    expect(request.variables.where, "where serialised").toEqual({
      aidAmount_gte: "1000000000000000000000000000000",
      status_in: ["Pending", "Claimable"],
      owner: ADDR.toLowerCase(),
    });
    expect(found[0]?.owner, "relation parsed to the related id").toBe("0x02");
    expect(found[0]?.status, "enum").toBe("Pending");
  });

  test("fetchAllEntities pages by id cursor at one pinned block", async () => {
    const ids = ["1", "10", "11", "2", "3"]; // graph-node orders String ids lexicographically
    server.respond(({ variables }) => {
      const where = variables.where as { and?: [unknown, { id_gt: string }]; id_gt?: string; status_in?: string[] } | undefined;
      const cursor = where?.and?.[1].id_gt ?? where?.id_gt;
      const page = ids.filter((id) => cursor === undefined || id > cursor).slice(0, variables.first as number);
      return { body: { data: { items: page.map((id) => rawDeal(Number(id))), _meta: { block: { number: 4242 } } } } };
    });
    const deals = await fetchAllEntities(subgraph, { entity: "Deal", where: { status_in: ["Active"] }, pageSize: 2 });
    expect(deals.map((d) => d.id), "every entity once, in id order").toEqual(ids);
    expect(server.requests, "ceil(5 / 2) = 3 pages").toHaveLength(3);
    const [first, second, third] = server.requests as [RecordedRequest, RecordedRequest, RecordedRequest];
    expect(first.query, "first page asks for _meta").toContain("_meta { block { number } }");
    expect(first.variables, "first page").toEqual({ first: 2, orderBy: "id", orderDirection: "asc", where: { status_in: ["Active"] } });
    expect(second.query, "later pages do not").not.toContain("_meta");
    expect(second.variables, "second page: cursor + user filter + pinned block").toEqual({
      first: 2,
      orderBy: "id",
      orderDirection: "asc",
      where: { and: [{ status_in: ["Active"] }, { id_gt: "10" }] },
      block: { number: 4242 },
    });
    expect((third.variables.where as { and: unknown[] }).and[1], "third cursor").toEqual({ id_gt: "2" });
  });

  test("fetchAllEntities stops after a short page and rejects a bad page size", async () => {
    server.respond(() => ({ body: { data: { items: [], _meta: { block: { number: 1 } } } } }));
    expect(await fetchAllEntities(subgraph, { entity: "Epoch" }), "empty").toEqual([]);
    expect(server.requests, "one request").toHaveLength(1);
    expect(server.requests[0]?.variables.first, "default page size").toBe(1000);
    await expect(fetchAllEntities(subgraph, { entity: "Epoch", pageSize: 1001 }), "too big").rejects.toThrow(RangeError);
  });

  test("fetchMeta", async () => {
    server.respond(() => ({
      body: { data: { _meta: { block: { number: 99, hash: HASH, timestamp: 1764000000 }, deployment: "QmX", hasIndexingErrors: false } } },
    }));
    expect(await fetchMeta(subgraph), "meta").toEqual({
      block: { number: 99, hash: HASH, timestamp: 1764000000 },
      deployment: "QmX",
      hasIndexingErrors: false,
    });
  });
});

describe("entity helpers", () => {
  test("fetchProtocol returns the singleton, null before indexing, and rejects two", async () => {
    server.respond(() => ({ body: { data: { items: [rawOf("Protocol", "0x01")] } } }));
    const protocol = await fetchProtocol(subgraph);
    expect(protocol?.id, "singleton").toBe("0x01");
    expect(protocol?.totalAidSupply, "BigInt").toBe(1n);
    expect(protocol?.dealCount, "Int").toBe(1);
    expect(server.requests[0]?.query, "collection query").toContain("items: protocols(first: $first)");
    server.respond(() => ({ body: { data: { items: [] } } }));
    expect(await fetchProtocol(subgraph), "not indexed yet").toBeNull();
    server.respond(() => ({ body: { data: { items: [rawOf("Protocol", "0x01"), rawOf("Protocol", "0x02")] } } }));
    await expect(fetchProtocol(subgraph), "two").rejects.toThrow(SubgraphResponseError);
  });

  test("fetchAccount lower-cases the address and validates it before any request", async () => {
    server.respond(() => ({ body: { data: { entity: rawOf("Account", ADDR.toLowerCase()) } } }));
    const account = await fetchAccount(subgraph, { address: ADDR });
    expect(server.requests[0]?.variables, "lower-cased id").toEqual({ id: ADDR.toLowerCase() });
    expect(account?.aidBalance, "balance").toBe(1n);
    await expect(fetchAccount(subgraph, { address: "0x1234" as `0x${string}` }), "bad address").rejects.toThrow(InvalidAddressError);
    expect(server.requests, "nothing sent for the bad address").toHaveLength(1);
  });

  test("list helpers filter server-side and sort by their natural key", async () => {
    server.respond(({ query }) => {
      if (query.includes("redeemRequests")) {
        return { body: { data: { items: [rawOf("RedeemRequest", "10"), rawOf("RedeemRequest", "9")].map((r, i) => ({ ...r, requestId: i === 0 ? "10" : "9" })), _meta: { block: { number: 5 } } } } };
      }
      if (query.includes("epoches")) {
        return { body: { data: { items: [{ ...rawOf("Epoch", "3"), epoch: "3" }, { ...rawOf("Epoch", "12"), epoch: "12" }], _meta: { block: { number: 5 } } } } };
      }
      if (query.includes("exchangeRatePoints")) {
        return { body: { data: { items: [{ ...rawOf("ExchangeRatePoint", "0xbb"), blockNumber: "20" }, { ...rawOf("ExchangeRatePoint", "0xaa"), blockNumber: "10" }], _meta: { block: { number: 5 } } } } };
      }
      if (query.includes("feedRounds")) {
        return { body: { data: { items: [{ ...rawOf("FeedRound", "0x0102"), roundId: "2" }, { ...rawOf("FeedRound", "0x0101"), roundId: "1" }], _meta: { block: { number: 5 } } } } };
      }
      return { body: { data: { items: [rawDeal(2), rawDeal(10)], _meta: { block: { number: 5 } } } } };
    });
    const requests = await fetchRedeemRequests(subgraph, { owner: ADDR, status: "Claimable" });
    expect(requests.map((r) => r.requestId), "by request id").toEqual([9n, 10n]);
    expect(server.requests.at(-1)?.variables.where, "owner + status").toEqual({ owner: ADDR.toLowerCase(), status_in: ["Claimable"] });
    const epochs = await fetchEpochs(subgraph, { fromEpoch: 3n });
    expect(epochs.map((e) => e.epoch), "by epoch").toEqual([3n, 12n]);
    expect(server.requests.at(-1)?.variables.where, "epoch filter").toEqual({ epoch_gte: "3" });
    const points = await fetchExchangeRatePoints(subgraph, { from: 100n, to: 200n });
    expect(points.map((p) => p.blockNumber), "oldest first").toEqual([10n, 20n]);
    expect(server.requests.at(-1)?.variables.where, "time range").toEqual({ timestamp_gte: "100", timestamp_lte: "200" });
    const rounds = await fetchFeedRounds(subgraph, { feed: ADDR, fromRound: 1n });
    expect(rounds.map((r) => r.roundId), "by round").toEqual([1n, 2n]);
    expect(server.requests.at(-1)?.variables.where, "feed filter").toEqual({ feed: ADDR.toLowerCase(), roundId_gte: "1" });
    const deals = await fetchDeals(subgraph, { status: ["Active", "Late"] });
    expect(deals.map((d) => d.dealId), "by deal id").toEqual([2n, 10n]);
    expect(server.requests.at(-1)?.variables.where, "status filter").toEqual({ status_in: ["Active", "Late"] });
  });
});

describe("errors", () => {
  test("GraphQL errors become SubgraphQueryError with every message", async () => {
    server.respond(() => ({
      body: { data: null, errors: [{ message: "Type `Query` has no field `dealz`", locations: [{ line: 1, column: 3 }] }, { message: "second" }] },
    }));
    const error = await fetchDeals(subgraph).catch((e: unknown) => e);
    expect(error, "typed").toBeInstanceOf(SubgraphQueryError);
    expect(error, "SDK base class").toBeInstanceOf(AidSdkError);
    expect((error as SubgraphQueryError).errors.map((e) => e.message), "messages").toEqual(["Type `Query` has no field `dealz`", "second"]);
    expect((error as SubgraphQueryError).shortMessage, "short message").toContain("has no field `dealz`");
  });

  test("a non-2xx status with a GraphQL error body is still a query error", async () => {
    server.respond(() => ({ status: 400, body: { errors: [{ message: "bad query" }] } }));
    await expect(fetchProtocol(subgraph), "400 + errors").rejects.toThrow(SubgraphQueryError);
  });

  test("HTTP failures become SubgraphHttpError with the status and body", async () => {
    server.respond(() => ({ status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" }));
    const error = (await fetchProtocol(subgraph).catch((e: unknown) => e)) as SubgraphHttpError;
    expect(error, "typed").toBeInstanceOf(SubgraphHttpError);
    expect(error.status, "status").toBe(502);
    expect(error.body, "body").toContain("Bad gateway");
  });

  test("an unreachable endpoint is a SubgraphHttpError without status", async () => {
    const closed = await startFakeSubgraph();
    await closed.close();
    const error = (await fetchProtocol(createSubgraphClient({ url: closed.url })).catch((e: unknown) => e)) as SubgraphHttpError;
    expect(error, "typed").toBeInstanceOf(SubgraphHttpError);
    expect(error.status, "no status").toBeUndefined();
    expect(error.cause, "fetch's error kept as cause").toBeDefined();
  });

  test.each([
    ["not JSON", { body: "ok", contentType: "text/plain" }, ""],
    ["no data", { body: { data: null } }, ""],
    ["BigInt not an integer", { body: { data: { entity: rawDeal(1, { principalUSD: "1.5" }) } } }, "Deal.principalUSD"],
    ["BigInt as a JSON number", { body: { data: { entity: rawDeal(1, { principalUSD: 1.5 }) } } }, "Deal.principalUSD"],
    ["unknown enum value", { body: { data: { entity: rawDeal(1, { status: "Frozen" }) } } }, "Deal.status"],
    ["null in a non-null field", { body: { data: { entity: rawDeal(1, { lossUSD: null }) } } }, "Deal.lossUSD"],
    ["missing field", { body: { data: { entity: rawDeal(1, { rateBps: undefined }) } } }, "Deal.rateBps"],
    ["Int not an integer", { body: { data: { entity: rawDeal(1, { rateBps: "12" }) } } }, "Deal.rateBps"],
    ["bad Bytes", { body: { data: { entity: rawDeal(1, { originator: "0x123" }) } } }, "Deal.originator"],
  ])("%s → SubgraphResponseError at the value's path", async (_, response, path) => {
    server.respond(() => response);
    const error = (await fetchEntity(subgraph, { entity: "Deal", id: "1" }).catch((e: unknown) => e)) as SubgraphResponseError;
    expect(error, "typed").toBeInstanceOf(SubgraphResponseError);
    expect(error.path, "path").toBe(path);
  });
});
