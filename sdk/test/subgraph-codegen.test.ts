/**
 * The subgraph type generator (scripts/gen-subgraph-types.mjs): graph-node's query field names, every schema
 * construct (fixture test/subgraph-fixture.graphql: interfaces, timeseries, aggregations, Int8, Timestamp,
 * BigDecimal, enums, lists, @derivedFrom, _Schema_), the generated file type-checks, the runtime client works on it
 * (interface `__typename`, aggregation `interval`), and `--check` fails on drift.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runToExit } from "../../tools/lib/process.mjs";
import { generate, model, queryFieldNames, toCamelCase, toPlural } from "../scripts/gen-subgraph-types.mjs";
import { type FakeSubgraph, startFakeSubgraph } from "./subgraph-server.js";

const SDK = fileURLToPath(new URL("..", import.meta.url));
const SCRIPT = join(SDK, "scripts", "gen-subgraph-types.mjs");
const FIXTURE = join(SDK, "test", "subgraph-fixture.graphql");
const TMP = join(SDK, "test", `.tmp-subgraph-${process.pid}`);
const TSC = join(SDK, "..", "node_modules", "typescript", "bin", "tsc");

/** Runs node with `args` WITHOUT blocking the worker (long synchronous work starves vitest's RPC under load). */
async function node(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runToExit(process.execPath, args);
  return { status: code ?? -1, stdout, stderr };
}

beforeAll(() => {
  mkdirSync(TMP, { recursive: true });
  writeFileSync(join(TMP, "scalars.ts"), 'export * from "../../src/subgraph/scalars.js";\n');
  writeFileSync(join(TMP, "schema.ts"), generate(readFileSync(FIXTURE, "utf8"), { sourceName: "test/subgraph-fixture.graphql" }));
  // Type-level assertions on the generated filter/orderBy types: a valid key must compile, an invalid one must not
  // (an unused @ts-expect-error is itself an error).
  writeFileSync(
    join(TMP, "usage.ts"),
    `import type { MarketFilter, MarketStatsFilter, PositionFilter, PositionOrderBy, SubgraphIntervals, TradeFilter } from "./schema.js";
export const a: MarketStatsFilter = { timestamp_gte: 1n, timestamp_in: [1n], market: "0x01", market_: { name_contains: "x" } };
// @ts-expect-error aggregation filters have no _not
export const b: MarketStatsFilter = { timestamp_not: 1n };
export const c: PositionFilter = { sides_contains: ["Buy"], side_in: ["Sell"], shares_gt: 5n, id_gt: "a", and: [{ market: "0x01" }] };
// @ts-expect-error not a value of the enum
export const d: PositionFilter = { side: "Hold" };
// @ts-expect-error an ID field has no string ops (graph-node: ID → order ops only)
export const d2: PositionFilter = { id_starts_with: "a" };
// @ts-expect-error an Int8 field takes a bigint
export const e: PositionFilter = { shares_gt: 5 };
export const f: TradeFilter = { market_in: ["0x01"], id_gt: 3n, _change_block: { number_gte: 5 }, or: [{ count_lt: 2 }] };
export const g: MarketFilter = { positions_: { side: "Buy" }, tags_contains: ["a"], price_gte: "1.5", owner_: { label: "x" } };
// @ts-expect-error a derived field has only the child filter
export const h: MarketFilter = { positions: ["1"] };
export const i: SubgraphIntervals["MarketStats"] = "day";
// @ts-expect-error not an interval of the aggregation
export const j: SubgraphIntervals["MarketStats"] = "week";
export const k: PositionOrderBy[] = ["openedAt", "market__lltv", "market"];
// @ts-expect-error lists cannot be sorted through
export const l: PositionOrderBy = "market__tags";
`,
  );
});
afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
});

describe("graph-node names (Inflector to_plural + to_camel_case)", () => {
  test.each([
    // Inflector's own test vectors
    ["geometry", "geometries"], ["ox", "oxen"], ["woman", "women"], ["test", "tests"], ["axis", "axes"],
    ["knife", "knives"], ["agendum", "agenda"], ["elf", "elves"], ["zoology", "zoology"], ["box", "boxes"],
    ["boxes", "boxes"], ["crate", "crates"], ["vengeance", "vengeance"], ["yoga", "yoga"],
  ])("to_plural(%s) = %s", (word, plural) => {
    expect(toPlural(word), word).toBe(plural);
  });

  test.each([
    ["fooBar", "fooBar"], ["FooBar", "fooBar"], ["FOO_BAR", "fooBar"], ["foo_bar", "fooBar"], ["Foo bar", "fooBar"],
    ["foo-bar", "fooBar"], ["FooBar3", "fooBar3"], ["Robert C. Martin", "robertCMartin"], ["-!#$%leading bad chars", "leadingBadChars"],
  ])("to_camel_case(%s) = %s", (text, camel) => {
    expect(toCamelCase(text), text).toBe(camel);
  });

  test.each([
    // graph-node's own tests: `Stats` → stats / stats_collection, aggregations userPlays_collection
    ["Stats", "stats", "stats_collection"],
    ["UserPlays", "userPlays", "userPlays_collection"],
    ["User", "user", "users"],
    // this repository's entities
    ["Protocol", "protocol", "protocols"],
    ["RedeemRequest", "redeemRequest", "redeemRequests"],
    ["Epoch", "epoch", "epoches"],
    ["VaultLoss", "vaultLoss", "vaultLosses"],
    ["ExchangeRatePoint", "exchangeRatePoint", "exchangeRatePoints"],
    ["FeedRound", "feedRound", "feedRounds"],
  ])("%s → %s / %s", (name, single, plural) => {
    expect(queryFieldNames(name), name).toEqual({ single, plural });
  });
});

describe("generator", () => {
  test("models every construct of the fixture", () => {
    type TypeModel = { name: string; kind: string; implementers?: string[]; idType: string };
    const m = model(readFileSync(FIXTURE, "utf8")) as unknown as { types: TypeModel[]; byName: Map<string, TypeModel> };
    const kinds = Object.fromEntries(m.types.map((t) => [t.name, t.kind]));
    expect(kinds, "kinds (no _Schema_)").toEqual({
      Market: "object", Owner: "interface", Wallet: "object", Vault: "object", Position: "object", Trade: "object",
      MarketStats: "aggregation", Stats: "object",
    });
    const byName = { get: (name: string) => m.byName.get(name) as TypeModel };
    expect(byName.get("Owner").implementers, "implementers").toEqual(["Wallet", "Vault"]);
    expect(byName.get("Owner").idType, "interface id type = first implementer's").toBe("Bytes");
    expect(byName.get("Trade"), "timeseries → immutable").toMatchObject({ timeseries: true, immutable: true, idType: "Int8" });
    expect(byName.get("MarketStats"), "aggregation").toMatchObject({ intervals: ["hour", "day"], source: "Trade" });
    expect(byName.get("Position").idType, "ID is a String id").toBe("String");
  });

  test("the generated fixture module type-checks under the SDK's strict options; filter types accept exactly graph-node's keys", async () => {
    // The SDK's strict compiler options (tsconfig.json), on the generated module and the usage assertions only.
    writeFileSync(
      join(TMP, "tsconfig.json"),
      JSON.stringify({ extends: "../../tsconfig.json", compilerOptions: { noEmit: true, rootDir: "../.." }, include: ["schema.ts", "usage.ts"] }),
    );
    const tsc = await node([TSC, "-p", join(TMP, "tsconfig.json")]);
    const diagnostics = tsc.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(diagnostics, "no type errors").toEqual([]);
    expect(tsc.status, `tsc: ${tsc.stdout}${tsc.stderr}`).toBe(0);
  }, 300_000);

  test("the generated types have the expected shapes", () => {
    const text = readFileSync(join(TMP, "schema.ts"), "utf8");
    const block = (name: string) => text.slice(text.indexOf(`export type ${name} = {`), text.indexOf("};", text.indexOf(`export type ${name} = {`)));
    expect(block("Market"), "Market").toContain("price: BigDecimal | null;");
    expect(block("Market"), "list of non-null scalars").toContain("tags: readonly string[];");
    expect(block("Market"), "nullable list of nullable items").toContain("scores: readonly (number | null)[] | null;");
    expect(block("Market"), "interface ref → id").toContain("owner: Hex | null;");
    expect(block("Market"), "derived fields left out").not.toMatch(/positions|stats/);
    expect(block("Owner"), "interface __typename").toContain('__typename: "Wallet" | "Vault";');
    expect(block("Trade"), "Int8 id, Timestamp").toMatch(/id: bigint;[\s\S]*timestamp: bigint;/);
    expect(block("MarketStats"), "aggregate doc").toContain("Aggregate `count()` (cumulative).");
    expect(text, "aggregation filter: numeric ops and `in` only").toContain('WhereField<"timestamp", bigint, AggregateOps, "in">');
    expect(text, "sort fields").toContain('export type PositionSortField = "id" | "side" | "shares" | "openedAt";');
    expect(text, "orderBy through a relation").toContain("export type PositionOrderBy = PositionSortField | \"market\" | `market__${MarketSortField}` | \"sides\";");
    expect(text, "aggregation plural").toContain('plural: "marketStats_collection"');
    expect(text, "intervals type").toContain('MarketStats: "hour" | "day";');
  });

  test.each([
    ["union", "union U = A | B"],
    ["input type", "input I { a: Int }"],
    ["custom scalar", "scalar Money"],
    ["unknown type directive", "type A @entity(immutable: true) @foo { id: ID! }"],
    ["unknown field directive", "type A @entity(immutable: true) { id: ID! @bar }"],
    ["unknown field type", "type A @entity(immutable: true) { id: ID! x: Money! }"],
    ["nested list", "type A @entity(immutable: true) { id: ID! x: [[Int!]!]! }"],
    ["no @entity", "type A { id: ID! }"],
    ["no id", "type A @entity(immutable: true) { x: Int! }"],
    ["illegal id type", "type A @entity(immutable: true) { id: BigInt! }"],
  ])("rejects %s", (_, source) => {
    expect(() => generate(source), source).toThrow(/gen-subgraph-types/);
  });

  test("--check passes on the committed schema.ts and fails on drift", async () => {
    const committed = await node([SCRIPT, "--check"]);
    expect(committed.status, `committed schema.ts is current: ${committed.stderr}`).toBe(0);

    const schema = join(TMP, "drift.graphql");
    const out = join(TMP, "drift.ts");
    copyFileSync(FIXTURE, schema);
    const gen = await node([SCRIPT, "--schema", schema, "--out", out]);
    expect(gen.status, gen.stderr).toBe(0);
    expect((await node([SCRIPT, "--check", "--schema", schema, "--out", out])).status, "fresh").toBe(0);
    writeFileSync(schema, `${readFileSync(schema, "utf8")}\ntype Extra @entity(immutable: true) { id: Bytes! }\n`);
    const stale = await node([SCRIPT, "--check", "--schema", schema, "--out", out]);
    expect(stale.status, "drift fails").toBe(1);
    expect(stale.stderr, "says what to run").toContain("npm run gen:subgraph -w sdk");
  }, 300_000);
});

describe("runtime on the fixture schema (interfaces, timeseries, aggregations)", () => {
  let server: FakeSubgraph;
  type QueryModule = typeof import("../src/subgraph/query.js");
  let q: QueryModule;
  let client: ReturnType<typeof import("../src/subgraph/client.js").createSubgraphClient>;

  beforeAll(async () => {
    vi.resetModules();
    vi.doMock("../src/subgraph/schema.js", () => import(join(TMP, "schema.ts")));
    q = await import("../src/subgraph/query.js");
    const { createSubgraphClient } = await import("../src/subgraph/client.js");
    server = await startFakeSubgraph();
    client = createSubgraphClient({ url: server.url });
  });
  afterAll(async () => {
    vi.doUnmock("../src/subgraph/schema.js");
    await server?.close();
  });

  // The fixture's names are not in the repository schema's types: call through an untyped view.
  const call = (fn: unknown, parameters: Record<string, unknown>) =>
    (fn as (c: unknown, p: unknown) => Promise<unknown>)(client, parameters);

  test("interface: __typename selected and checked", async () => {
    server.respond(() => ({ body: { data: { items: [{ __typename: "Vault", id: "0x0A", label: "v" }] } } }));
    const owners = await call(q.fetchEntities, { entity: "Owner" });
    expect(server.requests.at(-1)?.query, "selection").toContain("items: owners { __typename id label }");
    expect(owners, "parsed").toEqual([{ __typename: "Vault", id: "0x0a", label: "v" }]);
    server.respond(() => ({ body: { data: { items: [{ __typename: "Market", id: "0x0a", label: "v" }] } } }));
    await expect(call(q.fetchEntities, { entity: "Owner" }), "not an implementer").rejects.toThrow(/does not implement Owner/);
  });

  test("timeseries entity: Int8 id and Timestamp parsed to bigint, BigDecimal exact", async () => {
    server.respond(() => ({
      body: { data: { entity: { id: "9007199254740993", timestamp: "1764000000000000", market: { id: "0x01" }, amount: "0.1", count: 3 } } },
    }));
    const trade = await call(q.fetchEntity, { entity: "Trade", id: 9007199254740993n });
    expect(server.requests.at(-1)?.variables, "Int8 id sent as a string").toEqual({ id: "9007199254740993" });
    expect(trade, "parsed").toEqual({
      id: 9007199254740993n,
      timestamp: 1764000000000000n,
      market: "0x01",
      amount: { value: 1n, decimals: 1 },
      count: 3,
    });
  });

  test("lists of scalars and enums, nullable items", async () => {
    server.respond(() => ({
      body: { data: { entity: { id: "0x01", name: "m", lltv: "860000000000000000", price: null, tags: ["a", "b"], scores: [1, null], owner: null } } },
    }));
    const market = await call(q.fetchEntity, { entity: "Market", id: "0x01" });
    expect(market, "parsed").toEqual({ id: "0x01", name: "m", lltv: 860000000000000000n, price: null, tags: ["a", "b"], scores: [1, null], owner: null });
    expect(server.requests.at(-1)?.query, "derived not selected; interface ref as { id }").toContain("{ id name lltv price tags scores owner { id } }");
  });

  test("aggregation: interval is a required enum variable, current optional", async () => {
    server.respond(() => ({
      body: { data: { items: [{ id: "1", timestamp: "1764000000000000", market: { id: "0x01" }, volume: "12.5", trades: "4", maxAmount: "5" }] } },
    }));
    const buckets = await call(q.fetchAggregation, { aggregation: "MarketStats", interval: "hour", current: "include", first: 24, where: { timestamp_gte: 1n } });
    const request = server.requests.at(-1);
    expect(request?.query, "query").toMatch(
      /^query\(\$interval: Aggregation_interval!, \$first: Int, \$current: Aggregation_current, \$where: MarketStats_filter\) \{ items: marketStats_collection\(interval: \$interval, first: \$first, current: \$current, where: \$where\) /,
    );
    expect(request?.variables, "variables").toEqual({ interval: "hour", first: 24, current: "include", where: { timestamp_gte: "1" } });
    expect(buckets, "parsed").toEqual([
      { id: 1n, timestamp: 1764000000000000n, market: "0x01", volume: { value: 125n, decimals: 1 }, trades: 4n, maxAmount: { value: 5n, decimals: 0 } },
    ]);
  });
});
