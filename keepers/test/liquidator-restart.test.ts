/**
 * `kill -9` during a liquidation, through the built CLI (`aid-keeper liquidator`): the keeper is killed while its
 * liquidation transaction sits in the mempool (automine off). (a) The transaction is then mined: the restarted keeper
 * finds it (intent + receipt), never sends it again, and liquidates the rest. (b) The transaction is dropped: the
 * restarted keeper finds nothing on chain and liquidates that position again — nothing is lost. In both, every
 * position Morpho calls unhealthy is liquidated exactly once and the keeper key sent exactly one transaction each.
 */
import Database from "better-sqlite3";
import type { Address, Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { morphoAbi } from "../src/jobs/liquidator/abis.js";
import { type Borrower, RECIPIENT, morphoSaysHealthy, openPopulation, pushAidUsd } from "./fixtures/liquidator-population.js";
import { KEYS, type Chain, keeperConfig, startChain } from "./helpers/chain.js";
import { spawnCli } from "./helpers/cli.js";

const KEEPER: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // anvil #0: the deploy's operator (KEEPER_ROLE)

let chain: Chain;
let borrowers: Borrower[];
let base: Hex;

beforeAll(async () => {
  chain = await startChain({ anvilArgs: ["--auto-impersonate"] });
  borrowers = await openPopulation(chain, chain.deployment, [
    { market: "SAID_USDC", count: 40, loLtv: 0.4, hiLtv: 0.855 },
    { market: "AID_USDC", count: 30, loLtv: 0.4, hiLtv: 0.91 },
  ]);
  for (let i = 0; i < 4; i++) await chain.rpc("evm_mine");
  base = await chain.snapshot();
}, 240_000);
afterAll(async () => chain?.stop());

async function until(what: string, pred: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function liquidations(fromBlock: bigint) {
  return chain.client.getContractEvents({
    address: chain.deployment.contracts.Morpho,
    abi: morphoAbi,
    eventName: "Liquidate",
    fromBlock,
    toBlock: "latest",
  });
}

const nonce = (blockTag: "latest" | "pending") => chain.client.getTransactionCount({ address: KEEPER, blockTag });

async function scenario(afterKill: "mine" | "drop") {
  await chain.revert(base);
  base = await chain.snapshot();
  await pushAidUsd(chain, chain.deployment, 95_000_000n);
  const expected = new Set<Address>();
  for (const b of borrowers)
    if (!(await morphoSaysHealthy(chain.client, chain.deployment, chain.deployment.markets[b.market as "SAID_USDC"], b.address)))
      expected.add(b.address);
  expect(expected.size, "some positions are liquidatable").toBeGreaterThan(3);
  const from = await chain.client.getBlockNumber({ cacheTime: 0 });
  const nonce0 = await nonce("latest");
  const { file, config } = keeperConfig(chain, { liquidator: { recipient: RECIPIENT }, pollIntervalMs: 100, tx: { inclusionTimeoutMs: 60_000 } });
  const env = { KEEPER_PRIVATE_KEY: KEYS.deployer };

  await chain.rpc("evm_setAutomine", [false]);
  const first = spawnCli(["liquidator", "--config", file], env);
  let firstHash: Hex | undefined;
  try {
    // The first liquidation is broadcast and waits in the mempool: kill -9 now.
    await until("a liquidation in the mempool", async () => (await nonce("pending")) > (await nonce("latest")));
    const pool = (await chain.rpc("txpool_content")) as { pending: Record<string, Record<string, { hash: Hex }>> };
    firstHash = Object.values(Object.entries(pool.pending).find(([a]) => a.toLowerCase() === KEEPER.toLowerCase())?.[1] ?? {})[0]?.hash;
    first.kill("SIGKILL");
    await first.exited;
  } finally {
    first.kill("SIGKILL");
  }
  expect(firstHash, "the killed keeper had broadcast a liquidation").toBeDefined();
  if (afterKill === "mine") {
    await chain.rpc("evm_mine");
    expect((await chain.client.getTransactionReceipt({ hash: firstHash as Hex })).status, "it landed").toBe("success");
  } else {
    await chain.rpc("anvil_dropTransaction", [firstHash]);
    expect(await nonce("pending"), "dropped: nothing pending").toBe(nonce0);
  }

  // Restart on the same state file, with blocks every second.
  await chain.rpc("evm_setIntervalMining", [1]);
  const second = spawnCli(["liquidator", "--config", file], env);
  try {
    await second.waitFor((r) => String(r.msg).startsWith("reconciled"), 60_000);
    await until(`${expected.size} liquidations`, async () => {
      const done = new Set((await liquidations(from)).map((l) => l.args.borrower));
      return [...expected].every((b) => done.has(b));
    });
    // A few more blocks evaluated with nothing left to do.
    const head = await chain.client.getBlockNumber({ cacheTime: 0 });
    await until("three more blocks", async () => (await chain.client.getBlockNumber({ cacheTime: 0 })) >= head + 3n);
    second.kill("SIGTERM");
    await second.exited;
  } finally {
    second.kill("SIGKILL");
    await chain.rpc("evm_setIntervalMining", [0]);
    await chain.rpc("evm_setAutomine", [true]);
  }

  const logs = await liquidations(from);
  const per = new Map<Address, number>();
  for (const l of logs) per.set(l.args.borrower as Address, (per.get(l.args.borrower as Address) ?? 0) + 1);
  for (const b of expected) expect(per.get(b), `${b} liquidated exactly once`).toBe(1);
  expect(logs.length, "no healthy position liquidated").toBe(expected.size);
  expect((await nonce("latest")) - nonce0, "one transaction per liquidation: nothing sent twice").toBe(expected.size);
  for (const b of borrowers) {
    const healthy = await morphoSaysHealthy(chain.client, chain.deployment, chain.deployment.markets[b.market as "SAID_USDC"], b.address);
    expect(healthy, `${b.address} healthy at the end`).toBe(true);
  }
  const db = new Database(config.statePath, { readonly: true });
  try {
    const open = db.prepare("SELECT COUNT(*) AS n FROM intents WHERE job = 'liquidator' AND status IN ('recorded', 'sent')").get() as { n: number };
    expect(open.n, "no intent left open").toBe(0);
    const rows = db.prepare("SELECT status, outcome FROM intents WHERE job = 'liquidator'").all() as { status: string; outcome: string | null }[];
    const settled = rows.filter((r) => r.status === "done" || (r.status === "skipped" && r.outcome === "chain shows the effect"));
    expect(settled.length, "every liquidation recorded as done").toBe(expected.size);
    if (afterKill === "drop")
      expect(rows.some((r) => r.status === "failed" && String(r.outcome).startsWith("lost")), "the dropped one recorded as lost").toBe(true);
  } finally {
    db.close();
  }
}

describe("liquidator: kill -9 during a liquidation", () => {
  it("the in-flight liquidation is mined after the kill: found on restart, never sent again", async () => {
    await scenario("mine");
  });
  it("the in-flight liquidation is dropped after the kill: redone on restart, nothing lost", async () => {
    await scenario("drop");
  });
});
