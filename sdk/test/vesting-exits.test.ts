/**
 * The protocol overview's vesting/APY and exit-epoch additions, getExitRequests, getRateHistory, claimExit and
 * unstake against a fresh devnet (real deploy + seed). Views are compared with direct reads at the same block and
 * counted (one eth_call); the exit-fill replay is compared with the real `settleEpoch`'s EpochSettled event; the
 * vesting APR with a schedule set up by the test whose numbers are derived by hand.
 */
import { decodeEventLog, erc20Abi, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { reserveAbi } from "../src/abis/reserve.js";
import { stakedAidAbi } from "../src/abis/stakedAid.js";
import { claimExit } from "../src/actions/claimExit.js";
import { getExitRequests } from "../src/actions/getExitRequests.js";
import { getProtocolOverview } from "../src/actions/getProtocolOverview.js";
import { MAX_RATE_POINTS, getRateHistory } from "../src/actions/getRateHistory.js";
import { getVestingSchedule } from "../src/actions/getVestingSchedule.js";
import { requestUnstake } from "../src/actions/requestUnstake.js";
import { unstake } from "../src/actions/unstake.js";
import { AidContractError } from "../src/errors/contract.js";
import { InvalidParameterError } from "../src/errors/validation.js";
import { SECONDS_PER_YEAR, WAD, compoundApr } from "../src/utils/yield.js";
import { type Harness, OPERATOR, STAKER, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const vaultRead = (functionName: string, args: readonly unknown[] = [], blockNumber?: bigint) =>
  h.chain.readContract({ address: h.deployment.tokens.sAID, abi: stakedAidAbi, functionName, args, ...(blockNumber === undefined ? {} : { blockNumber }) } as never) as Promise<never>;

async function adminVault(functionName: string, args: readonly unknown[]) {
  const admin = h.wallet(OPERATOR);
  await h.mined(await admin.writeContract({ address: h.deployment.tokens.sAID, abi: stakedAidAbi, functionName, args, chain: null } as never));
}

describe("getProtocolOverview: vesting, APR/APY, exit epoch", () => {
  test("one eth_call; every new field equals the direct read at the same block", async () => {
    const { value: o, methods, http } = await h.count(() => getProtocolOverview(h.counted, { deployment: h.deployment }));
    expect(methods, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    expect(http, "one HTTP round trip").toBe(1);
    const b = o.blockNumber;
    const end: bigint = await vaultRead("vestingEnd", [], b);
    const unvested: bigint = await vaultRead("unvestedYield", [], b);
    const totalAssets: bigint = await vaultRead("totalAssets", [], b);
    const period: bigint = await vaultRead("vestingPeriod", [], b);
    expect(unvested, "the seed left yield vesting").toBeGreaterThan(0n);
    // APR written out: unvested per remaining second, per year, over totalAssets.
    const apr = (unvested * 31_536_000n * 10n ** 18n) / ((end - o.timestamp) * totalAssets);
    expect(o.sAid.vesting).toEqual({
      end,
      unvested,
      remaining: end - o.timestamp,
      storedAssets: await vaultRead("storedAssets", [], b),
      vestingPeriod: period,
      maxAprBps: await vaultRead("maxAprBps", [], b),
      maxYield: await vaultRead("maxYield", [], b),
      apr,
      apy: compoundApr(apr, period),
    });
    expect(o.sAid.vesting.storedAssets, "stored = totalAssets + unvested").toBe(totalAssets + unvested);
    expect(apr, "a positive rate").toBeGreaterThan(0n);
    expect(o.sAid.vesting.apy, "compounding adds").toBeGreaterThan(apr);
    const [epoch, endsAt]: [bigint, bigint] = await vaultRead("openEpoch", [], b);
    const bps: bigint = await vaultRead("maxEpochExitBps", [], b);
    expect(o.sAid.exitEpoch).toMatchObject({
      epoch,
      endsAt,
      settleable: o.timestamp >= endsAt,
      duration: await vaultRead("exitEpochDuration", [], b),
      maxEpochExitBps: bps,
      queuedShares: await vaultRead("totalPendingShares", [], b),
      capAssets: (totalAssets * bps) / 10_000n,
    });
  });

  test("a schedule set up by hand: 2 h into an 8 h vesting of X AID, apr = X × 1 095 / totalAssets", async () => {
    const { deployment } = h;
    // Let the seed's schedule end, then distribute X ourselves as a YIELD_ROLE holder.
    const period: bigint = await vaultRead("vestingPeriod");
    expect(period, "the deploy's 8 h vesting").toBe(28_800n);
    await h.increaseTime(period + 1n);
    await adminVault("grantRole", [await vaultRead("YIELD_ROLE"), OPERATOR]);
    const maxYield: bigint = await vaultRead("maxYield");
    const X = (maxYield / 2n / 4n) * 4n; // divisible by 4, so 6/8 of it is exact
    const admin = h.wallet(OPERATOR);
    await h.fundStable(deployment.tokens.USDC, OPERATOR, X / 10n ** 12n + 10n ** 6n, deployment.contracts.Reserve);
    await h.mined(await admin.writeContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "mint", args: [deployment.tokens.USDC, X / 10n ** 12n + 10n ** 6n, 0n, OPERATOR], chain: null }));
    await h.mined(await admin.writeContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "approve", args: [deployment.tokens.sAID, X], chain: null }));
    const receipt = await h.mined(await admin.writeContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "distributeYield", args: [X], chain: null }));
    const S = (await h.chain.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
    await h.chain.request({ method: "evm_setNextBlockTimestamp" as never, params: [`0x${(S + 7_200n).toString(16)}`] as never });
    await h.chain.request({ method: "evm_mine" as never, params: [] as never });

    const o = await getProtocolOverview(h.chain, { deployment });
    expect(o.timestamp, "read 2 h after the distribution").toBe(S + 7_200n);
    // By hand: end = S + 8 h; remaining 6 h = 21 600 s; unvested = ⌈X × 6/8⌉ = 3X/4; the speed X / 28 800 s over a
    // year of 31 536 000 s is X × 1 095 a year; apr = X × 1 095 × 1e18 / totalAssets (floored).
    expect(o.sAid.vesting.end).toBe(S + 28_800n);
    expect(o.sAid.vesting.remaining).toBe(21_600n);
    expect(o.sAid.vesting.unvested).toBe((3n * X) / 4n);
    expect(o.sAid.vesting.apr).toBe((X * 1_095n * 10n ** 18n) / o.sAid.totalAssets);
    // The cap: X ≤ maxYield = totalAssets × 50 % × 8 h / 1 year, so the schedule's APR is at most 50 % (here ≈ 25 %).
    expect(o.sAid.vesting.apr, "under maxApr").toBeLessThanOrEqual((o.sAid.vesting.maxAprBps * WAD) / 10_000n);
    expect(o.sAid.vesting.apr, "about half of maxApr").toBeGreaterThan((o.sAid.vesting.maxAprBps * WAD) / 10_000n / 2n - WAD / 100n);

    // The full schedule from the YieldDistributed log: amount X from S to S + 8 h, a quarter vested.
    const { value: full, methods } = await h.count(() => getVestingSchedule(h.counted, { deployment }));
    expect(methods, "eth_call now, the logs up to that block, eth_call at the distribution").toEqual(["eth_call", "eth_getLogs", "eth_call"]);
    expect(full.schedule).toEqual({
      amount: X,
      start: S,
      end: S + 28_800n,
      cancelled: 0n,
      unvested: (3n * X) / 4n,
      vested: X / 4n,
      distributedAt: receipt.blockNumber,
    });
  });
});

describe("sAID exits: getExitRequests, the epoch-fill replay vs settleEpoch, claimExit, unstake", () => {
  test("a partially filled epoch: the overview's replay equals EpochSettled; the account's expected fill is claimable", async () => {
    const { deployment } = h;
    const staker = h.wallet(STAKER);
    const shares = (await h.balanceOf(deployment.tokens.sAID, STAKER)) / 2n;
    expect(shares, "the seeded staker holds sAID").toBeGreaterThan(0n);
    const pendingBefore: bigint = await vaultRead("pendingRedeemRequest", [0n, STAKER]);
    await h.mined((await requestUnstake(staker, { deployment, shares })).hash);
    // 0.01 % of totalAssets per epoch: far below the request, so the fill is partial.
    await adminVault("setMaxEpochExit", [1n]);
    const [, endsAt]: [bigint, bigint] = await vaultRead("openEpoch");
    const now = (await h.chain.getBlock()).timestamp;
    // Past the epoch end and past any vesting, so totalAssets does not move between the read and the settlement.
    await h.increaseTime((endsAt > now ? endsAt - now : 0n) + 28_801n);

    const { value: exit, methods } = await h.count(() => getExitRequests(h.counted, { deployment, account: STAKER }));
    expect(methods, "one eth_call").toEqual(["eth_call"]);
    const b = exit.blockNumber;
    expect(exit.pendingShares).toBe(await vaultRead("pendingRedeemRequest", [0n, STAKER], b));
    expect(exit.pendingShares, "the staker's request is pending").toBe(pendingBefore + shares);
    expect(exit.claimableAssets).toBe(await vaultRead("claimableRedeemRequest", [0n, STAKER], b));
    expect(exit.pendingAssets).toBe(await vaultRead("convertToAssets", [exit.pendingShares], b));
    expect(exit.maxRedeem, "no instant exit with epochs on").toBe(0n);
    expect(exit.settleable).toBe(true);

    const o = await getProtocolOverview(h.chain, { deployment, blockNumber: b });
    expect(o.sAid.exitEpoch.settleable).toBe(true);
    expect(o.sAid.exitEpoch.fillRatio, "partial fill").toBeGreaterThan(0n);
    expect(o.sAid.exitEpoch.fillRatio, "partial fill").toBeLessThan(WAD);
    expect(exit.epochFill, "both views replay the same rule").toEqual({
      queuedShares: o.sAid.exitEpoch.queuedShares,
      queuedAssets: o.sAid.exitEpoch.queuedAssets,
      capAssets: o.sAid.exitEpoch.capAssets,
      fillShares: o.sAid.exitEpoch.fillShares,
      fillAssets: o.sAid.exitEpoch.fillAssets,
      fillRatio: o.sAid.exitEpoch.fillRatio,
    });

    const receipt = await h.mined(await staker.writeContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "settleEpoch", chain: null }));
    const settled = receipt.logs
      .map((log) => { try { return decodeEventLog({ abi: stakedAidAbi, ...log }); } catch { return undefined; } })
      .find((e) => e?.eventName === "EpochSettled");
    expect(settled?.args, "EpochSettled equals the replay").toMatchObject({
      epoch: o.sAid.exitEpoch.epoch,
      queuedShares: o.sAid.exitEpoch.queuedShares,
      filledShares: o.sAid.exitEpoch.fillShares,
      filledAssets: o.sAid.exitEpoch.fillAssets,
    });
    const claimable: bigint = await vaultRead("claimableRedeemRequest", [0n, STAKER]);
    expect(claimable, "something was filled").toBeGreaterThan(0n);
    const diff = claimable > exit.expectedFillAssets ? claimable - exit.expectedFillAssets : exit.expectedFillAssets - claimable;
    expect(diff, "the account's expected fill is what it can claim (unit rounding aside)").toBeLessThanOrEqual(2n);

    // claimExit: dry run, then the send; the simulated result is the event's and the balance change.
    const dry = await claimExit(staker, { deployment, dryRun: true });
    expect(dry.hash).toBeUndefined();
    expect(dry.result, "dry run result = claimable").toBe(claimable);
    const before = await h.balanceOf(deployment.tokens.AID, STAKER);
    const sent = await claimExit(staker, { deployment });
    const claimReceipt = await h.mined(sent.hash);
    const claimed = claimReceipt.logs
      .map((log) => { try { return decodeEventLog({ abi: stakedAidAbi, ...log }); } catch { return undefined; } })
      .find((e) => e?.eventName === "ExitClaimed");
    expect((claimed?.args as { assets: bigint }).assets, "ExitClaimed.assets").toBe(sent.result);
    expect((await h.balanceOf(deployment.tokens.AID, STAKER)) - before, "AID received").toBe(sent.result);

    // Nothing left: rejected by the simulation, decoded, nothing sent.
    const nonce = await h.chain.getTransactionCount({ address: STAKER });
    const error = await claimExit(staker, { deployment }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AidContractError);
    expect((error as AidContractError).errorName).toBe("NothingToClaim");
    expect(await h.chain.getTransactionCount({ address: STAKER }), "nonce unchanged").toBe(nonce);
  });

  test("unstake: AsyncExitOnly with epochs; with exitEpochDuration = 0 the simulated AID equals the Withdraw and the balance change", async () => {
    const { deployment } = h;
    const staker = h.wallet(STAKER);
    const shares = parseUnits("1", 18);
    const error = await unstake(staker, { deployment, shares }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AidContractError);
    expect((error as AidContractError).errorName).toBe("AsyncExitOnly");
    const duration: bigint = await vaultRead("exitEpochDuration");
    await adminVault("setExitEpochDuration", [0n]);
    try {
      const exit = await getExitRequests(h.chain, { deployment, account: STAKER });
      expect(exit.maxRedeem, "instant exit open").toBeGreaterThanOrEqual(shares);
      const before = await h.balanceOf(deployment.tokens.AID, STAKER);
      await h.pinNextBlock(); // mined at the simulated time, whatever is still vesting
      const sent = await unstake(staker, { deployment, shares });
      const receipt = await h.mined(sent.hash);
      const withdraw = receipt.logs
        .map((log) => { try { return decodeEventLog({ abi: stakedAidAbi, ...log }); } catch { return undefined; } })
        .find((e) => e?.eventName === "Withdraw");
      expect((withdraw?.args as { assets: bigint; shares: bigint }).assets, "Withdraw.assets").toBe(sent.result);
      expect((withdraw?.args as { shares: bigint }).shares, "Withdraw.shares").toBe(shares);
      expect((await h.balanceOf(deployment.tokens.AID, STAKER)) - before, "AID received").toBe(sent.result);
    } finally {
      await adminVault("setExitEpochDuration", [duration]);
    }
  });
});

describe("getRateHistory", () => {
  test("each point equals convertToAssets(1e18) at its block; apr is the annualised growth; 1 + N requests", async () => {
    const { deployment } = h;
    const { value: history, methods } = await h.count(() =>
      getRateHistory(h.counted, { deployment, fromBlock: BigInt(deployment.startBlock), points: 6 }),
    );
    expect(methods[0], "the head").toBe("eth_blockNumber");
    expect(methods.slice(1), "one eth_call per point").toEqual(Array(6).fill("eth_call"));
    // The first sampled blocks may precede the vault's deployment: they are left out.
    expect(history.points.length, "points where the vault exists").toBeGreaterThanOrEqual(3);
    for (const p of history.points) {
      expect(p.rate, `rate at ${p.blockNumber}`).toBe(await vaultRead("convertToAssets", [10n ** 18n], p.blockNumber));
      expect(p.totalAssets).toBe(await vaultRead("totalAssets", [], p.blockNumber));
      expect(p.timestamp).toBe((await h.chain.getBlock({ blockNumber: p.blockNumber })).timestamp);
    }
    const first = history.points[0];
    const last = history.points[history.points.length - 1];
    if (!first || !last) throw new Error("no points");
    expect(last.rate, "yield vested over the history").toBeGreaterThan(first.rate);
    // Written out: growth of the rate over the elapsed seconds, per year.
    expect(history.apr).toBe(((last.rate - first.rate) * 10n ** 18n * SECONDS_PER_YEAR) / (first.rate * (last.timestamp - first.timestamp)));
    expect(history.apy).toBe(compoundApr(history.apr, 28_800n));

    // With toBlock given, no eth_blockNumber.
    const { methods: m2 } = await h.count(() =>
      getRateHistory(h.counted, { deployment, fromBlock: last.blockNumber - 1n, toBlock: last.blockNumber, points: 2 }),
    );
    expect(m2).toEqual(["eth_call", "eth_call"]);
  });

  test("bad parameters are rejected before any RPC", async () => {
    for (const p of [{ points: 1 }, { points: MAX_RATE_POINTS + 1 }, { fromBlock: -1n }, { fromBlock: 10n, toBlock: 5n }]) {
      const { value: error, methods } = await h.count(() => getRateHistory(h.counted, { deployment: h.deployment, ...p }).catch((e: unknown) => e));
      expect(error, JSON.stringify(p, (_, v) => (typeof v === "bigint" ? `${v}n` : v))).toBeInstanceOf(InvalidParameterError);
      expect(methods, "no RPC").toEqual([]);
    }
  });
});
