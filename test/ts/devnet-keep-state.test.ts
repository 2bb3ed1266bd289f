/**
 * End to end: `npm run devnet -- --ci --keep-state` stopped with Ctrl-C and started again on the same state directory
 * resumes instead of starting over: the same deployment (no redeploy), the chain head and a price pushed before the
 * restart still on chain, the subgraph still serving what it indexed before and indexing on past the old head without
 * errors, the keepers healthy and reusing their SQLite state (the liquidator resumes from its checkpoint, no rescan).
 * What a resume restarts rather than resumes is asserted too: it first mines 257 empty blocks (anvil does not restore
 * BLOCKHASH for the blocks before the restart), and Ctrl-C with --keep-state lets graph-node reach the head first.
 * Each Ctrl-C leaves nothing running. Finally a run without --keep-state on that directory starts clean.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, createPublicClient } from "viem";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Deployment, parseDeployment, pushFeedAbi } from "../../sdk/src/index.js";
import { type Devnet, graphql, leftovers, startDevnet, waitForSubgraph } from "./devnet-harness.js";
import { setPrices } from "../../tools/devnet/marketData.js";

type Sqlite = {
  prepare: (sql: string) => { get: () => unknown; all: () => unknown[] };
  close: () => void;
};
const Database = createRequire(import.meta.url)("better-sqlite3") as new (
  path: string,
  options: { readonly: boolean },
) => Sqlite;

let stateDir: string;
let devnet: Devnet | undefined;

/** What the first run leaves for the second to find. */
const before = {
  deployment: undefined as unknown as Deployment,
  head: 0n,
  headHash: "0x" as `0x${string}`,
  gpuNav: { round: 0n, answer: 0n },
  checkpoint: 0n,
  positions: 0,
  keeperLogSize: 0,
};

const keeperDb = () => join(stateDir, "keeper.sqlite");
const keeperLog = () => join(stateDir, "logs", "keepers.log");

/** The liquidator's checkpoint block and stored position count in the keeper's SQLite file. */
function liquidatorState(): { checkpoint: bigint | undefined; positions: number } {
  const db = new Database(keeperDb(), { readonly: true });
  try {
    const cp = db.prepare("SELECT block FROM liquidator_checkpoint WHERE id = 1").get() as { block: string } | undefined;
    const { n } = db.prepare("SELECT count(*) AS n FROM liquidator_positions").get() as { n: number };
    return { checkpoint: cp ? BigInt(cp.block) : undefined, positions: n };
  } finally {
    db.close();
  }
}

/** The keepers' JSON log records after byte `from` of their log file. */
function keeperRecords(from: number): { msg?: string; job?: string; [k: string]: unknown }[] {
  return readFileSync(keeperLog())
    .subarray(from)
    .toString("utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string }];
      } catch {
        return [];
      }
    });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const client = () => createPublicClient({ transport: http((devnet as Devnet).descriptor.rpcUrl) });
const readDeployment = () => parseDeployment(JSON.parse(readFileSync((devnet as Devnet).descriptor.deploymentFile, "utf8")));

async function gpuNavOnChain(deployment: Deployment): Promise<{ round: bigint; answer: bigint }> {
  const [round, answer] = await Promise.all(
    (["latestRound", "latestAnswer"] as const).map((functionName) =>
      client().readContract({ address: deployment.feeds.GPU_NAV, abi: pushFeedAbi, functionName }),
    ),
  );
  return { round: round as bigint, answer: answer as bigint };
}

type FeedEntity = { feed: { latestAnswer: string; latestRoundId: string } | null; feedRounds: { answer: string }[] };
/** The GPU NAV feed entity and its round `round`. */
const feedQuery = (deployment: Deployment, round: bigint) => {
  const feed = deployment.feeds.GPU_NAV.toLowerCase();
  return `{ feed(id: "${feed}") { latestAnswer latestRoundId } feedRounds(where: { feed: "${feed}", roundId: "${round}" }) { answer } }`;
};

async function interruptAndCheck(): Promise<void> {
  const d = devnet as Devnet;
  expect(await d.interrupt(), d.output()).toBe(0);
  expect(d.output(), "graph-node indexed up to the head before the stop").not.toContain("did not reach the chain head");
  expect(leftovers(stateDir, d.descriptor)).toEqual([]);
  expect(existsSync(join(stateDir, "devnet.json"))).toBe(false);
}

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), "aid-devnet-keep-"));
  // The private PostgreSQL cluster lives inside: its user must be able to traverse the directory (mkdtemp: 0700).
  chmodSync(stateDir, 0o755);
});

let failed = false;
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    failed = true;
  });
});

afterAll(() => {
  devnet?.kill();
  if (failed && stateDir) {
    // The state directory is removed below: keep the evidence in the test log.
    const logs: [string, RegExp][] = [
      [join(stateDir, "graph", "gnd.log"), /WARN|ERRO|CRIT|revert|reorg/i],
      [keeperLog(), /"level":"(warn|error)"|liquidator starting|backfilled/],
      [join(stateDir, "logs", "anvil.log"), /Block Number|rror/],
    ];
    for (const [log, interesting] of logs)
      if (existsSync(log))
        console.log(`--- ${log}\n${readFileSync(log, "utf8").split("\n").filter((l) => interesting.test(l)).slice(-60).join("\n")}`);
  }
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe("npm run devnet -- --ci --keep-state, Ctrl-C, and again", () => {
  it("first run: deploys, a price move is pushed and indexed, the keepers persist their state", async () => {
    devnet = await startDevnet(stateDir, ["--ci", "--keep-state"]);
    const { descriptor } = devnet;
    expect(devnet.output()).toContain("deploy contracts");
    expect(devnet.output()).not.toContain("resumed the chain");
    before.deployment = readDeployment();

    // Something observable across the restart: GPU NAV moves 3 % up; the oracle keeper pushes it.
    const prices = (await (await fetch(descriptor.marketDataUrl)).json()) as Record<string, string>;
    const start = await gpuNavOnChain(before.deployment);
    const moved = (Number(prices.GPU_NAV) * 1.03).toFixed(2);
    expect((await setPrices(descriptor.marketDataUrl, { GPU_NAV: moved })).GPU_NAV, "market data took the move").toBe(moved);
    before.gpuNav = await until("the oracle keeper to push the moved GPU NAV", async () => {
      const now = await gpuNavOnChain(before.deployment);
      return now.round > start.round && now.answer > start.answer ? now : undefined;
    });

    // The subgraph indexed that round, without errors.
    before.head = await client().getBlockNumber({ cacheTime: 0 });
    before.headHash = (await client().getBlock({ blockNumber: before.head })).hash;
    const meta = await waitForSubgraph(descriptor.graphqlUrl, before.head);
    expect(meta.hasIndexingErrors).toBe(false);
    const indexed = await graphql<FeedEntity>(descriptor.graphqlUrl, feedQuery(before.deployment, before.gpuNav.round));
    expect(indexed.feedRounds.map((r) => BigInt(r.answer))).toEqual([before.gpuNav.answer]);

    // The liquidator checkpointed the borrowers it found in the keeper's SQLite file.
    const kept = await until("the liquidator's first checkpoint", async () => {
      const s = liquidatorState();
      return s.checkpoint !== undefined && s.positions > 0 ? s : undefined;
    });
    expect(kept.positions).toBeGreaterThan(0);
    expect((await fetch(descriptor.keeperMetricsUrl?.replace(/metrics$/, "healthz") ?? "")).status).toBe(200);
  }, 720_000);

  it("Ctrl-C stops everything and keeps the state: anvil's dump, the PostgreSQL cluster, the keeper's SQLite", async () => {
    await interruptAndCheck();
    expect(statSync(join(stateDir, "anvil-state.json")).size).toBeGreaterThan(0);
    expect(existsSync(join(stateDir, "deployment.json"))).toBe(true);
    expect(existsSync(join(stateDir, "graph", "pgdata", "PG_VERSION"))).toBe(true);
    const kept = liquidatorState();
    expect(kept.checkpoint).toBeDefined();
    before.checkpoint = kept.checkpoint as bigint;
    before.positions = kept.positions;
    before.keeperLogSize = statSync(keeperLog()).size;
  }, 60_000);

  it("second run with --keep-state resumes the chain, the subgraph and the keepers", async () => {
    devnet = await startDevnet(stateDir, ["--ci", "--keep-state"]);
    const { descriptor } = devnet;
    const output = devnet.output();
    expect(output).toContain("resumed the chain and deployment");
    expect(output, "no redeploy").not.toContain("deploy contracts");
    expect(output).toContain("mine 257 empty blocks");
    const deployment = readDeployment();
    expect(deployment.contracts).toEqual(before.deployment.contracts);
    expect(deployment.tokens).toEqual(before.deployment.tokens);

    // The chain: head and the pushed price survived.
    const head = await client().getBlockNumber({ cacheTime: 0 });
    expect(head).toBeGreaterThanOrEqual(before.head);
    const then = await client().getBlock({ blockNumber: before.head });
    expect(then.hash, "the same chain: the old head block is still there, same hash").toBe(before.headHash);
    const nav = await gpuNavOnChain(deployment);
    expect(nav.round).toBeGreaterThanOrEqual(before.gpuNav.round);
    expect(nav.answer).toBe(before.gpuNav.answer);

    // The subgraph: still serves the round indexed before the restart, and indexes on past the old head.
    const meta = await waitForSubgraph(descriptor.graphqlUrl, head + 2n);
    expect(meta.hasIndexingErrors).toBe(false);
    expect(BigInt(meta.block.number)).toBeGreaterThan(before.head);
    const indexed = await graphql<FeedEntity>(descriptor.graphqlUrl, feedQuery(deployment, before.gpuNav.round));
    expect(indexed.feedRounds.map((r) => BigInt(r.answer))).toEqual([before.gpuNav.answer]);
    expect(BigInt(indexed.feed?.latestRoundId ?? -1)).toBeGreaterThanOrEqual(before.gpuNav.round);

    // The keepers: healthy, the liquidator loaded its stored book and moves its checkpoint on (no rescan).
    expect((await fetch(descriptor.keeperMetricsUrl?.replace(/metrics$/, "healthz") ?? "")).status).toBe(200);
    const advanced = await until("the liquidator's checkpoint to move past the first run's", async () => {
      const s = liquidatorState();
      return s.checkpoint !== undefined && s.checkpoint > before.checkpoint ? s : undefined;
    });
    expect(advanced.positions).toBeGreaterThan(0);
    const records = keeperRecords(before.keeperLogSize);
    const starting = records.find((r) => r.msg === "liquidator starting") as { positions?: number[]; startBlock?: string };
    expect(starting, "the liquidator started again").toBeDefined();
    expect(
      (starting.positions ?? []).reduce((a, b) => a + b, 0),
      "the liquidator loaded the positions it had stored",
    ).toBe(before.positions);
    expect(records.filter((r) => /rescanning/.test(String(r.msg)))).toEqual([]);
    const backfills = records.filter((r) => r.msg === "backfilled").map((r) => String(r.from));
    expect(backfills, "no backfill from the start block").not.toContain(String(starting.startBlock));
    // The devnet mined past BLOCKHASH's window on resume (anvil does not restore those hashes): the liquidator catches
    // up from its checkpoint.
    expect(backfills, "the liquidator caught up from its checkpoint").toContain(String(before.checkpoint + 1n));
  }, 720_000);

  it("Ctrl-C stops the resumed devnet too", async () => {
    await interruptAndCheck();
  }, 60_000);

  it("a run without --keep-state on the same directory starts clean", async () => {
    devnet = await startDevnet(stateDir, ["--ci", "--no-subgraph", "--no-keepers"]);
    const output = devnet.output();
    expect(output).toContain("deploy contracts");
    expect(output).not.toContain("resumed the chain");
    expect(existsSync(keeperDb()), "the keeper state was cleared").toBe(false);
    expect(existsSync(join(stateDir, "graph")), "the subgraph store was cleared").toBe(false);
    expect(existsSync(join(stateDir, "anvil-state.json")), "no chain state without --keep-state").toBe(false);
    await interruptAndCheck();
  }, 720_000);
});
