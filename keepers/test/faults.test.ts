/**
 * Faults: the RPC endpoint in use dies mid-run (the fallback takes over, the watchdog demotes it), an anvil
 * snapshot/revert as a reorg (the keeper re-does an effect the chain lost, exactly once).
 */
import { pushFeedAbi } from "@aid-protocol/sdk";
import type { Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { createOracle } from "../src/jobs/oracle/index.js";
import { getIntent } from "../src/state.js";
import { type Chain, KEYS, keeperConfig } from "./helpers/chain.js";
import { killAfterSend, runPasses } from "./helpers/cli.js";
import { useChain } from "./helpers/suite.js";
import { type TestKeeper, metricValue, startTestKeeper } from "./helpers/keeper.js";
import { type Proxy, startProxy } from "./helpers/proxy.js";

const suite = useChain();
let chain: Chain;
beforeAll(() => {
  chain = suite.chain;
});

const feed = () => chain.deployment.feeds.AID_USD;
const latestRound = () => chain.client.readContract({ address: feed(), abi: pushFeedAbi, functionName: "latestRound" });
const oracleConfig = (value: string) => ({ oracle: { feeds: [{ feed: "AID_USD", sources: [{ type: "static", value }] }] } });

describe("faults", () => {
  it("RPC endpoint killed mid-run: the fallback takes over, the watchdog demotes it", async () => {
    const proxy = await startProxy(chain.rpcUrl);
    suite.onCleanup(() => proxy.kill());
    const k = suite.track(await startTestKeeper(
      chain,
      { rpcUrls: [proxy.url, chain.rpcUrl], rpc: { rank: false, retryCount: 0 }, ...oracleConfig("1.01") },
      { KEEPER_ORACLE_SIGNER_KEY: KEYS.oracle },
    ));
    const o = await createOracle(k.ctx);
    const before = await latestRound();
    const served = proxy.requests();
    await o.step();
    expect(await latestRound(), "pushed while the proxy was up").toBe(before + 1n);
    expect(proxy.requests() > served, "the proxy (first endpoint) served the step").toBe(true);

    await proxy.kill();
    await chain.warp(4_000); // heartbeat due
    await o.step();
    expect(await latestRound(), "pushed through the second endpoint").toBe(before + 2n);
    expect(await metricValue(k.ctx, "aid_keeper_rpc_errors_total", { url: proxy.url }), "errors counted for the dead one").toBeGreaterThan(0);
    await k.keeper.rpc.check();
    const dead = k.keeper.rpc.endpoints().find((e) => e.url === proxy.url);
    expect(dead?.down && dead.demoted, "the dead endpoint is demoted (rotation)").toBe(true);
    expect(await metricValue(k.ctx, "aid_keeper_rpc_rotations_total"), "rotation counted").toBe(1);
  });

  it("a reorg (snapshot/revert) that removes our round: pushed again once, not skipped from stale state", async () => {
    const k = suite.track(await startTestKeeper(chain, oracleConfig("1.01"), { KEEPER_ORACLE_SIGNER_KEY: KEYS.oracle }));
    const o = await createOracle(k.ctx);
    const before = await latestRound();
    const fork = await chain.snapshot();
    await o.step();
    expect(await latestRound(), "pushed").toBe(before + 1n);
    const key = `oracle:${feed()}:${before + 1n}`;
    const first = getIntent(k.ctx.db, key);
    expect(first?.status, "intent done").toBe("done");
    await chain.revert(fork); // the block with our round is gone
    expect(await latestRound(), "the chain lost the round").toBe(before);
    await o.step();
    expect(await latestRound(), "round pushed again").toBe(before + 1n);
    expect(k.logs.some((l) => l.msg === "our mined transaction is no longer on chain (reorg): re-checking"), "reorg noticed").toBe(true);
    await o.step();
    expect(await latestRound(), "and only once").toBe(before + 1n);
  });

  it("kill -9 of the oracle CLI mid-push, then restart: the round is pushed once", async () => {
    const { file } = keeperConfig(chain, oracleConfig("1.01"));
    const env = { KEEPER_PRIVATE_KEY: KEYS.deployer, KEEPER_ORACLE_SIGNER_KEY: KEYS.oracle };
    const before = await latestRound();
    await chain.rpc("evm_setAutomine", [false]); // the transmit waits in the pool: the kill lands before its receipt
    await killAfterSend(["oracle", "--config", file], env, "transmit");
    await chain.rpc("evm_mine");
    await chain.rpc("evm_setAutomine", [true]);
    expect(await latestRound(), "the killed process's round landed").toBe(before + 1n);
    // A full pass of the restarted keeper sets the deviation gauge (0 now that the round landed).
    const records = await runPasses(["oracle", "--config", file], env, /aid_keeper_oracle_deviation_bps\{feed="AID_USD"\} 0/);
    expect(await latestRound(), "no second push").toBe(before + 1n);
    expect(records.some((r) => r.msg === "sent"), "the restarted keeper sent nothing").toBe(false);
  });
});
