/**
 * oracle job on a real deployment: deviation push, heartbeat push, no push inside both bounds, source failure
 * (fallback to the remaining sources, refusal below minSources), HTTP/vault sources, k-of-n with 3 instances.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pushFeedAbi, stakedAidAbi } from "@aid-protocol/sdk";
import { type Hex, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { beforeAll, describe, expect, it } from "vitest";
import { createOracle } from "../src/jobs/oracle/index.js";
import { median, toWad } from "../src/jobs/oracle/sources.js";
import { type Chain, KEYS } from "./helpers/chain.js";
import { metricValue, startTestKeeper } from "./helpers/keeper.js";
import { useChain } from "./helpers/suite.js";

const suite = useChain();
let chain: Chain;
let httpPrice: unknown = { data: { price: "1.0" } };
let httpUrl = "";

beforeAll(async () => {
  chain = suite.chain;
  const server: Server = createServer((req, res) => {
    if (req.url === "/down") return void res.writeHead(503).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(httpPrice));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  suite.onCleanup(() => void server.close());
  httpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

const feedOf = () => chain.deployment.feeds.AID_USD;
const latestRound = () => chain.client.readContract({ address: feedOf(), abi: pushFeedAbi, functionName: "latestRound" });
const latestAnswer = () => chain.client.readContract({ address: feedOf(), abi: pushFeedAbi, functionName: "latestAnswer" });

async function oracle(feeds: unknown[], extra: Record<string, unknown> = {}, signerKey: Hex = KEYS.oracle) {
  const k = suite.track(await startTestKeeper(chain, { oracle: { feeds, ...extra } }, { KEEPER_ORACLE_SIGNER_KEY: signerKey }));
  return { ...k, oracle: await createOracle(k.ctx) };
}

const staticFeed = (value: string, more: Record<string, unknown> = {}) => ({
  feed: "AID_USD",
  sources: [{ type: "static", value }],
  ...more,
});

describe("oracle pure helpers", () => {
  it("median and decimal parsing", () => {
    expect(median([3n, 1n, 2n]), "odd").toBe(2n);
    expect(median([4n, 1n, 3n, 2n]), "even: floor of the middle mean").toBe(2n);
    expect(toWad("1.5"), "string").toBe(1_500_000_000_000_000_000n);
    expect(toWad(2), "number").toBe(2n * 10n ** 18n);
    expect(() => toWad("abc"), "garbage").toThrow();
  });
});

describe("oracle job", () => {
  it("pushes on deviation ≥ deviationBps with a report the contract accepts", async () => {
    const { oracle: o } = await oracle([staticFeed("1.006")]); // 60 bps above the deployed 1.00
    const before = await latestRound();
    await o.step();
    expect(await latestRound(), "one new round").toBe(before + 1n);
    expect(await latestAnswer(), "median in feed decimals (8)").toBe(100_600_000n);
    await o.step();
    expect(await latestRound(), "no second push for the same price").toBe(before + 1n);
  });

  it("does not push inside both bounds, then pushes on heartbeat − margin", async () => {
    const { oracle: o, ctx } = await oracle([staticFeed("1.004", { heartbeatSeconds: 3_600 })], {
      heartbeatMarginSeconds: 300,
    });
    const before = await latestRound();
    await o.step();
    await chain.warp(3_000); // < 3600 − 300 since the deploy's round
    await o.step();
    expect(await latestRound(), "40 bps < 50 and young: nothing").toBe(before);
    expect(await metricValue(ctx, "aid_keeper_oracle_deviation_bps", { feed: "AID_USD" }), "deviation gauge").toBe(40);
    await chain.warp(400); // now ≥ 3300 s old
    await o.step();
    expect(await latestRound(), "heartbeat push").toBe(before + 1n);
    expect(await metricValue(ctx, "aid_keeper_oracle_pushes_total", { reason: "heartbeat" }), "counted").toBe(1);
  });

  it("falls back to the remaining sources, refuses below minSources", async () => {
    const sources = [
      { type: "static", value: "1.02" },
      { type: "http", url: `${httpUrl}/price`, path: "data.price" },
      { type: "http", url: `${httpUrl}/down`, path: "data.price" },
    ];
    httpPrice = { data: { price: "1.04" } };
    const { oracle: o, ctx } = await oracle([{ feed: "AID_USD", sources, minSources: 2 }]);
    const before = await latestRound();
    await o.step();
    expect(await latestRound(), "pushed with 2 of 3 sources").toBe(before + 1n);
    expect(await latestAnswer(), "median of the two that answered (1.03)").toBe(103_000_000n);
    expect(await metricValue(ctx, "aid_keeper_oracle_source_failures_total"), "the dead one counted").toBe(1);

    httpPrice = { unexpected: true }; // the second HTTP source now fails too: 1 < minSources
    await chain.warp(4_000);
    await o.step();
    expect(await latestRound(), "refused: no push").toBe(before + 1n);
    expect(await metricValue(ctx, "aid_keeper_oracle_refusals_total"), "refusal counted").toBe(1);
  });

  it("reads a vault share price source (sAID convertToAssets)", async () => {
    const { oracle: o } = await oracle([{ feed: "SAID_AID", sources: [{ type: "vaultSharePrice" }] }]);
    await chain.warp(4_000);
    await o.step();
    const [feed, vault] = [chain.deployment.feeds.SAID_AID, chain.deployment.tokens.sAID];
    const rate = await chain.client.readContract({ address: vault, abi: stakedAidAbi, functionName: "convertToAssets", args: [10n ** 18n] });
    const decimals = await chain.client.readContract({ address: feed, abi: pushFeedAbi, functionName: "decimals" });
    const answer = await chain.client.readContract({ address: feed, abi: pushFeedAbi, functionName: "latestAnswer" });
    expect(answer, "share price in feed decimals").toBe((rate * 10n ** BigInt(decimals)) / 10n ** 18n);
  });

  it("reads a Uniswap v3 TWAP (observe) of the deployed AID/USDC pool", async () => {
    await chain.warp(3_400); // heartbeat due; the window reaches back past the pool's last observation
    const { oracle: o, ctx } = await oracle([
      { feed: "AID_USD", sources: [{ type: "uniswapV3Twap", pool: "AID_USDC", base: "AID", secondsAgo: 1_800 }] },
    ]);
    await o.step();
    expect(await metricValue(ctx, "aid_keeper_oracle_source_failures_total"), "the TWAP answered").toBe(0);
    const answer = await latestAnswer();
    expect(answer > 99_000_000n && answer < 101_000_000n, `AID ≈ 1 USDC in the seeded pool: ${answer}`).toBe(true);
    expect(await latestRound(), "pushed (heartbeat)").toBe(2n);
  });

  it("k-of-n: 3 signer instances, one transmitter, threshold 3", async () => {
    const admin = createWalletClient({ account: privateKeyToAccount(KEYS.deployer), chain: foundry, transport: http(chain.rpcUrl) });
    const feed = feedOf();
    const signers = [KEYS.oracle, KEYS.k2, KEYS.k3].map((k) => privateKeyToAccount(k).address);
    for (const s of signers.slice(1)) {
      const h = await admin.writeContract({ address: feed, abi: pushFeedAbi, functionName: "addSigner", args: [s] });
      await chain.client.waitForTransactionReceipt({ hash: h });
    }
    const h = await admin.writeContract({ address: feed, abi: pushFeedAbi, functionName: "setThreshold", args: [3n] });
    await chain.client.waitForTransactionReceipt({ hash: h });

    const shareDir = mkdtempSync(join(tmpdir(), "keeper-share-"));
    try {
      const feeds = [staticFeed("1.01")];
      const signing = (mode: string) => ({ signing: { mode, shareDir } });
      const tx = await oracle(feeds, signing("transmitter"), KEYS.oracle);
      const s2 = await oracle([staticFeed("1.0102")], signing("signer"), KEYS.k2); // within 100 bps of the proposal
      const s3 = await oracle([staticFeed("1.5")], signing("signer"), KEYS.k3); // disagrees: refuses
      const before = await latestRound();
      await tx.oracle.step(); // proposes + signs
      await s2.oracle.step();
      await s3.oracle.step();
      await tx.oracle.step(); // 2 of 3: waits
      expect(await latestRound(), "no quorum yet").toBe(before);
      expect(s3.logs.some((l) => l.msg === "refusing to sign proposal"), "s3 refused a far proposal").toBe(true);

      // s3 now agrees (its own sources moved): it signs, and the transmitter pushes with 3 sorted signatures.
      const s3b = await oracle([staticFeed("1.01")], signing("signer"), KEYS.k3);
      await s3b.oracle.step();
      await tx.oracle.step();
      expect(await latestRound(), "pushed").toBe(before + 1n);
      const logs = await chain.client.getContractEvents({ address: feed, abi: pushFeedAbi, eventName: "NewRound", fromBlock: "latest" });
      expect(logs[0]?.args.signatures, "3 signatures").toBe(3n);
      for (const k of [s2, s3, s3b])
        expect(await metricValue(k.ctx, "aid_keeper_txs_total"), "signers never transmit").toBe(0);
    } finally {
      rmSync(shareDir, { recursive: true, force: true });
    }
  });
});
