/**
 * epochs job on a seeded deployment: settles a due sAID exit epoch once with pro-rata fills matching the
 * contract's own accounting, and processes the Reserve redemption queue once due.
 */
import { reserveAbi, stakedAidAbi } from "@aid-protocol/sdk";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEpochs } from "../src/jobs/epochs/index.js";
import { erc20Abi, mockStableAbi, write } from "./helpers/actors.js";
import { type Chain, KEYS, startChain } from "./helpers/chain.js";
import { type TestKeeper, metricValue, startTestKeeper } from "./helpers/keeper.js";

let chain: Chain;
const running: TestKeeper[] = [];
beforeAll(async () => {
  chain = await startChain({ seed: true });
});
afterAll(async () => {
  for (const k of running) await k.stop().catch(() => {});
  await chain?.stop();
});

const BPS = 10_000n;

describe("epochs job", () => {
  it("settles a due exit epoch once, pro-rata fills match the contract; processes the redemption queue", async () => {
    const c = chain.deployment.contracts;
    const vault = c.StakedAID;
    const read = <T>(functionName: string, args: unknown[] = [], address: Address = vault) =>
      chain.client.readContract({ address, abi: stakedAidAbi as never, functionName, args } as never) as Promise<T>;

    // Three controllers queue exits: the staker (anvil #3, k3) keeps some sAID and hands some to #4 and #5.
    const staker = privateKeyToAccount(KEYS.k3).address;
    const others: [Hex, Address][] = [KEYS.k4, KEYS.k5].map((k) => [k, privateKeyToAccount(k).address]);
    const balance = await read<bigint>("balanceOf", [staker]);
    expect(balance > 0n, "the seeded staker holds free sAID").toBe(true);
    const parts = [balance / 2n, balance / 3n, balance / 6n];
    for (const [i, [, addr]] of others.entries())
      await write(chain, KEYS.k3, { address: vault, abi: erc20Abi, functionName: "transfer", args: [addr, parts[i + 1]] });
    const requesters: [Hex, Address, bigint][] = [[KEYS.k3, staker, parts[0] as bigint], ...others.map(([k, a], i) => [k, a, parts[i + 1] as bigint] as [Hex, Address, bigint])];
    for (const [key, addr, shares] of requesters)
      await write(chain, key, { address: vault, abi: stakedAidAbi, functionName: "requestRedeem", args: [shares, addr, addr] });

    // A Reserve redemption request from the operator (mints AID with USDC first).
    const operator = privateKeyToAccount(KEYS.deployer).address;
    const usdc = chain.deployment.tokens.USDC;
    await write(chain, KEYS.deployer, { address: usdc, abi: mockStableAbi, functionName: "mint", args: [operator, 1_000_000_000n] });
    await write(chain, KEYS.deployer, { address: usdc, abi: erc20Abi, functionName: "approve", args: [c.Reserve, 1_000_000_000n] });
    await write(chain, KEYS.deployer, { address: c.Reserve, abi: reserveAbi, functionName: "mint", args: [usdc, 1_000_000_000n, 0n, operator] });
    const aid = chain.deployment.tokens.AID;
    const aidBal = await chain.client.readContract({ address: aid, abi: erc20Abi, functionName: "balanceOf", args: [operator] });
    await write(chain, KEYS.deployer, { address: aid, abi: erc20Abi, functionName: "approve", args: [c.Reserve, aidBal] });
    await write(chain, KEYS.deployer, { address: c.Reserve, abi: reserveAbi, functionName: "requestRedeem", args: [usdc, aidBal / 2n, operator] });
    const requestId = (await chain.client.readContract({ address: c.Reserve, abi: reserveAbi, functionName: "nextRequestId" })) - 1n;

    // A 1% per-epoch exit cap so that the queue is filled pro rata, not in full.
    await write(chain, KEYS.deployer, { address: vault, abi: stakedAidAbi, functionName: "setMaxEpochExit", args: [100n] });
    const k = await startTestKeeper(chain);
    running.push(k);
    const e = await createEpochs(k.ctx);
    const [epoch] = await read<[bigint, bigint]>("openEpoch");
    await e.step();
    expect((await read<[bigint, bigint]>("openEpoch"))[0], "not due yet: not settled").toBe(epoch);

    await chain.warp(7 * 86_400 + 1);
    // Expected fill from the pre-settlement state, with the contract's formulas (ERC-4626 floor conversions).
    const queued = await read<bigint>("totalPendingShares");
    const totalAssets = await read<bigint>("totalAssets");
    const maxExit = await read<bigint>("maxEpochExitBps");
    const capShares = await read<bigint>("convertToShares", [(totalAssets * maxExit) / BPS]);
    const fillShares = queued < capShares ? queued : capShares;
    const fillAssets = await read<bigint>("convertToAssets", [fillShares]);

    await e.step();
    await e.step();
    const settled = await chain.client.getContractEvents({ address: vault, abi: stakedAidAbi, eventName: "EpochSettled", fromBlock: 0n });
    expect(settled.length, "settled exactly once").toBe(1);
    expect(settled[0]?.args.epoch, "the due epoch").toBe(epoch);
    expect(settled[0]?.args.filledShares, "fill capped at maxEpochExitBps of totalAssets").toBe(fillShares);
    expect(settled[0]?.args.filledAssets, "assets of the filled shares").toBe(fillAssets);
    expect(fillShares < queued, "the test exercises a partial (pro-rata) fill").toBe(true);
    let sum = 0n;
    for (const [, addr, shares] of requesters) {
      const claimable = await read<bigint>("claimableRedeemRequest", [0n, addr]);
      const expected = (fillAssets * shares) / queued;
      sum += claimable;
      expect(claimable <= expected && expected - claimable <= 2n, `pro-rata fill of ${addr}: ${claimable} vs ${expected}`).toBe(true);
      const pending = await read<bigint>("pendingRedeemRequest", [0n, addr]);
      const left = shares - (fillShares * shares) / queued;
      expect(pending <= left + 2n && left <= pending + 2n, `pro-rata remainder of ${addr}`).toBe(true);
    }
    expect(sum <= fillAssets, "never more than filled").toBe(true);
    expect(await metricValue(k.ctx, "aid_keeper_epochs_settled_total"), "counted once").toBe(1);

    const request = await chain.client.readContract({ address: c.Reserve, abi: reserveAbi, functionName: "getRequest", args: [requestId] });
    expect(request.status, "redemption processed to Claimable").toBe(2);
    expect(request.payout, "payout set aside").toBe((aidBal / 2n) / 10n ** 12n);
    expect(await metricValue(k.ctx, "aid_keeper_epochs_queue_calls_total"), "one processQueue").toBe(1);
  });
});
