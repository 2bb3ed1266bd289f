/**
 * yield job on a seeded deployment: distributes once when due, exactly once across two concurrent instances,
 * exactly once across a `kill -9` mid-send and restart (the CLI child process), a dropped tx recovered, NAV marks.
 */
import { pushFeedAbi, reserveAbi, stakedAidAbi, yieldDistributorAbi, dealBookAbi } from "@aid-protocol/sdk";
import BetterSqlite3 from "better-sqlite3";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { createYield } from "../src/jobs/yield/index.js";
import { getIntent } from "../src/state.js";
import { erc20Abi, mockStableAbi, write } from "./helpers/actors.js";
import { type Chain, KEYS, keeperConfig } from "./helpers/chain.js";
import { useChain } from "./helpers/suite.js";
import { killAfterSend, runPasses } from "./helpers/cli.js";
import { type TestKeeper, metricValue, startTestKeeper } from "./helpers/keeper.js";

const suite = useChain({ seed: true });
let chain: Chain;
beforeAll(() => {
  chain = suite.chain;
});

const c = () => chain.deployment.contracts;

/** Ends the seed's vesting and records fresh deal income so that a distribution is due. */
async function makeYieldDue(): Promise<void> {
  const end = await chain.client.readContract({ address: c().StakedAID, abi: stakedAidAbi, functionName: "vestingEnd" });
  const now = await chain.now();
  if (end > now) await chain.warp(Number(end - now) + 1);
  const count = await chain.client.readContract({ address: c().DealBook, abi: dealBookAbi, functionName: "dealCount" });
  let active = 0n;
  for (let id = 1n; id <= count; id++) {
    const d = await chain.client.readContract({ address: c().DealBook, abi: dealBookAbi, functionName: "getDeal", args: [id] });
    if (d.status === 2) active = id;
  }
  const usdc = chain.deployment.tokens.USDC;
  const operator = privateKeyToAccount(KEYS.deployer).address;
  await write(chain, KEYS.deployer, { address: usdc, abi: mockStableAbi, functionName: "mint", args: [operator, 5_000_000_000n] });
  await write(chain, KEYS.deployer, { address: usdc, abi: erc20Abi, functionName: "approve", args: [c().Reserve, 5_000_000_000n] });
  await write(chain, KEYS.deployer, {
    address: c().Reserve,
    abi: reserveAbi,
    functionName: "recordRepayment",
    args: [active, usdc, 0n, 5_000_000_000n],
  });
  const due = await chain.client.readContract({ address: c().YieldDistributor, abi: yieldDistributorAbi, functionName: "distributable" });
  expect(due > 0n, "a distribution is due").toBe(true);
}

/** YieldDistributed events in blocks after `after`. */
async function distributions(after: bigint) {
  const events = await chain.client.getContractEvents({
    address: c().StakedAID,
    abi: stakedAidAbi,
    eventName: "YieldDistributed",
    fromBlock: after,
  });
  return events.filter((e) => e.blockNumber > after);
}

async function yieldKeeper(key: Hex = KEYS.deployer, overrides: Record<string, unknown> = {}) {
  const k = await startTestKeeper(chain, { yield: { navMarkIntervalSeconds: 0 }, ...overrides }, {});
  suite.track(k);
  void key;
  return k;
}

describe("yield job", () => {
  it("distributes once when due, never while vesting", async () => {
    const k = await yieldKeeper();
    const y = await createYield(k.ctx);
    const from = await chain.client.getBlockNumber();
    await y.step(); // the seed's vesting is running: nothing
    expect((await distributions(from)).length, "nothing while vesting").toBe(0);
    await makeYieldDue();
    await y.step();
    await y.step();
    const events = await distributions(from);
    expect(events.length, "exactly one distribution").toBe(1);
    expect(await metricValue(k.ctx, "aid_keeper_yield_distributions_total"), "counted").toBe(1);
  });

  it("exactly once across two concurrent instances (two keys, two state files)", async () => {
    const second = privateKeyToAccount(KEYS.k2).address;
    const role = await chain.client.readContract({ address: c().YieldDistributor, abi: yieldDistributorAbi, functionName: "KEEPER_ROLE" });
    await write(chain, KEYS.deployer, { address: c().YieldDistributor, abi: yieldDistributorAbi, functionName: "grantRole", args: [role, second] });
    await makeYieldDue();
    const a = await startTestKeeper(chain, { yield: { navMarkIntervalSeconds: 0 } });
    const b = await startTestKeeper(chain, { yield: { navMarkIntervalSeconds: 0 } }, { KEEPER_PRIVATE_KEY: KEYS.k2 });
    suite.track(a);
    suite.track(b);
    expect(b.ctx.sender.address, "second instance uses its own key").toBe(second);
    const [ya, yb] = [await createYield(a.ctx), await createYield(b.ctx)];
    const from = await chain.client.getBlockNumber();
    for (let i = 0; i < 3; i++) await Promise.allSettled([ya.step(), yb.step()]);
    expect((await distributions(from)).length, "one distribution between both").toBe(1);
    const mined = async (k: TestKeeper) => metricValue(k.ctx, "aid_keeper_txs_total", { status: "mined" });
    expect((await mined(a)) + (await mined(b)), "one successful send between both").toBe(1);
    const sentBefore = [...a.logs, ...b.logs].filter((l) => l.msg === "sent").length;
    await Promise.allSettled([ya.step(), yb.step()]);
    expect([...a.logs, ...b.logs].filter((l) => l.msg === "sent").length, "nothing more sent once done").toBe(sentBefore);
  });

  it("recovers a dropped transaction (replacement at the same nonce) and distributes once", async () => {
    await makeYieldDue();
    const k = await startTestKeeper(chain, { yield: { navMarkIntervalSeconds: 0 }, tx: { inclusionTimeoutMs: 300 } });
    suite.track(k);
    const y = await createYield(k.ctx);
    const from = await chain.client.getBlockNumber();
    await chain.rpc("evm_setAutomine", [false]);
    const stepping = y.step();
    let dropped: Hex | undefined;
    let done = false;
    void stepping.finally(() => (done = true));
    for (let i = 0; i < 400 && !done; i++) {
      const intent = getIntent(k.ctx.db, `yield:distribute:${await vestingEnd()}`);
      if (!dropped && intent?.hashes[0]) {
        dropped = intent.hashes[0];
        await chain.rpc("anvil_dropTransaction", [dropped]);
      } else if (dropped && (intent?.hashes.length ?? 0) > 1) await chain.rpc("evm_mine");
      await new Promise((r) => setTimeout(r, 50));
    }
    await stepping;
    expect(dropped, "a tx was sent and dropped").toBeDefined();
    const events = await distributions(from);
    expect(events.length, "distributed exactly once").toBe(1);
    expect(events[0]?.transactionHash, "by the replacement, not the dropped tx").not.toBe(dropped);
  });

  it("exactly once across kill -9 of the CLI mid-send and a restart", async () => {
    await makeYieldDue();
    const { file, config } = keeperConfig(chain, { yield: { navMarkIntervalSeconds: 0 } });
    const env = { KEEPER_PRIVATE_KEY: KEYS.deployer };
    const from = await chain.client.getBlockNumber();
    const key = `yield:distribute:${await vestingEnd()}`;
    await chain.rpc("evm_setAutomine", [false]); // the tx waits in the pool: the kill lands before its receipt
    await killAfterSend(["yield", "--config", file], env, "distribute");
    const db = new BetterSqlite3(config.statePath);
    expect(getIntent(db, key)?.status, "intent persisted as sent before the kill").toBe("sent");
    db.close();
    await chain.rpc("evm_mine"); // the killed process's tx lands
    await chain.rpc("evm_setAutomine", [true]);
    // A full pass of the restarted keeper sets the pending gauge.
    const records = await runPasses(["yield", "--config", file], env, /aid_keeper_yield_pending_aid \d/);
    expect((await distributions(from)).length, "exactly one distribution").toBe(1);
    expect(records.some((r) => r.msg === "sent"), "the restarted keeper sent nothing").toBe(false);
    const after = new BetterSqlite3(config.statePath);
    expect(getIntent(after, key)?.status, "intent reconciled to done from its receipt").toBe("done");
    after.close();
  });

  it("marks due deals' NAV from the GPU-NAV feed, once per interval", async () => {
    await chain.warp(2 * 86_400);
    // Fresh GPU-NAV round (markNavFromFeed rejects a stale feed).
    const { createOracle } = await import("../src/jobs/oracle/index.js");
    const o = await startTestKeeper(chain, { oracle: { feeds: [{ feed: "GPU_NAV", sources: [{ type: "static", value: "26000" }] }] } }, { KEEPER_ORACLE_SIGNER_KEY: KEYS.oracle });
    suite.track(o);
    await (await createOracle(o.ctx)).step();
    const nav = await chain.client.readContract({ address: chain.deployment.feeds.GPU_NAV, abi: pushFeedAbi, functionName: "latestAnswer" });
    expect(nav, "GPU-NAV pushed").toBe(2_600_000_000_000n);
    const count = await chain.client.readContract({ address: c().DealBook, abi: dealBookAbi, functionName: "dealCount" });
    const due: bigint[] = [];
    for (let id = 1n; id <= count; id++) {
      const d = await chain.client.readContract({ address: c().DealBook, abi: dealBookAbi, functionName: "getDeal", args: [id] });
      if ((d.status === 2 || d.status === 3) && d.terms.navUnits > 0n) due.push(id);
    }
    expect(due.length, "the seed has a GPU deal to mark").toBeGreaterThan(0);
    const k = await startTestKeeper(chain, { yield: { navMarkIntervalSeconds: 86_400 } });
    suite.track(k);
    const y = await createYield(k.ctx);
    const from = await chain.client.getBlockNumber();
    await y.step();
    await y.step();
    const marks = await chain.client.getContractEvents({ address: c().DealBook, abi: dealBookAbi, eventName: "NavMarked", fromBlock: from + 1n });
    expect(marks.map((m) => m.args.dealId), "every due deal marked exactly once").toEqual(due);
    expect(await metricValue(k.ctx, "aid_keeper_yield_nav_marks_total"), "counted").toBe(due.length);
  });
});

function vestingEnd() {
  return chain.client.readContract({ address: c().StakedAID, abi: stakedAidAbi, functionName: "vestingEnd" });
}
