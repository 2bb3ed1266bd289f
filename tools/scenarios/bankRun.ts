/**
 * bank-run: many holders want out at once.
 * - sAID: every actor stakes and asks to exit (ERC-7540 request); time moves to the epoch's end; the epochs keeper
 *   settles it; every request must be filled at the same ratio (pro-rata, within one wei of rounding).
 * - Reserve: actors who minted AID with USDT ask for USDC through the queue, more than the Reserve holds liquid in
 *   USDC; the epochs keeper processes what it can (FIFO); the operator then records deal repayments and the queue
 *   must drain as they arrive; every request is claimed for exactly its payout.
 */
import { type Account, erc20Abi, formatUnits, parseEventLogs } from "viem";
import { reserveAbi, stakedAidAbi } from "../../sdk/src/index.js";
import { type ScenarioContext, call, mintAidCalls, mockStableAbi } from "./context.js";
import type { Report } from "./report.js";

const USDC_UNIT = 10n ** 6n;

export async function bankRun(ctx: ScenarioContext, report: Report, { actors = 8 }: { actors?: number } = {}): Promise<void> {
  await sAidRun(ctx, report, actors);
  await reserveRun(ctx, report, actors);
}

async function sAidRun(ctx: ScenarioContext, report: Report, n: number): Promise<void> {
  const { deployment, client } = ctx;
  const sAid = deployment.tokens.sAID;
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: sAid, abi: stakedAidAbi, functionName: functionName as "totalSupply", args: args as [] }) as Promise<T>;

  // The run: n holders bring 60% of the vault's assets and all ask to leave, against a per-epoch exit cap
  // (maxEpochExitBps of totalAssets): the first epoch can only fill part of the queue, the rest carries over.
  const totalAssets = await read<bigint>("totalAssets");
  const capBps = await read<bigint>("maxEpochExitBps");
  const weights = Array.from({ length: n }, (_, i) => BigInt(i + 1));
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const runAssets = (totalAssets * 6n) / 10n;
  const holders: { account: Account; shares: bigint }[] = [];
  await Promise.all(
    weights.map(async (w) => {
      const account = await ctx.newActor();
      const usdc = ((runAssets * w) / weightSum / 10n ** 12n) + 1n;
      await ctx.send(account, mintAidCalls(ctx, account.address, usdc));
      const aid = await client.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [account.address] });
      await ctx.send(account, [
        call(deployment.tokens.AID, erc20Abi, "approve", [sAid, aid]),
        call(sAid, stakedAidAbi, "deposit", [aid, account.address]),
      ]);
      const shares = await client.readContract({ address: sAid, abi: erc20Abi, functionName: "balanceOf", args: [account.address] });
      await ctx.send(account, [call(sAid, stakedAidAbi, "requestRedeem", [shares, account.address, account.address])]);
      holders.push({ account, shares });
    }),
  );
  const queued = holders.reduce((s, h) => s + h.shares, 0n);
  report.line(`sAID: ${n} holders asked to exit ${formatUnits(queued, 18)} shares; epoch cap ${Number(capBps) / 100}% of ${formatUnits(await read<bigint>("totalAssets"), 18)} AID`);

  let carried = 0n;
  for (let round = 0; round < 2; round++) {
    const [epoch, endsAt] = await read<readonly [bigint, bigint]>("openEpoch");
    const fromBlock = await client.getBlockNumber({ cacheTime: 0 });
    const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
    if (endsAt > now) await ctx.warp(Number(endsAt - now) + 1);
    const settled = await ctx.waitFor(`the epochs keeper to settle sAID epoch ${epoch}`, async () => {
      const logs = await client.getContractEvents({ address: sAid, abi: stakedAidAbi, eventName: "EpochSettled", fromBlock, args: { epoch } });
      return logs[0];
    }, 90_000);
    const queuedShares = settled.args.queuedShares ?? 0n;
    const filledShares = settled.args.filledShares ?? 0n;
    const filledAssets = settled.args.filledAssets ?? 0n;
    const fillBps = queuedShares === 0n ? 0n : (filledShares * 10_000n) / queuedShares;
    report.line(`epoch ${epoch} settled in block ${settled.blockNumber}: filled ${formatUnits(filledShares, 18)} of ${formatUnits(queuedShares, 18)} queued shares (${Number(fillBps) / 100}%) for ${formatUnits(filledAssets, 18)} AID`);
    if (round === 0) report.expect(filledShares < queuedShares, "the first epoch hit the exit cap (partial fill; the rest carries over)");
    else report.expect(queuedShares === carried, "the unfilled shares carried over into the next epoch");
    carried = queuedShares - filledShares;
  }

  // Pro-rata: every holder got the same fraction of its request (whoever else was queued), up to rounding: each
  // claim is compared with the largest holder's claim scaled by the share ratio.
  const claims = await Promise.all(
    holders.map(async (h) => ({ ...h, claimable: await read<bigint>("claimableRedeemRequest", [0n, h.account.address]) })),
  );
  const ref = claims.reduce((a, b) => (b.shares > a.shares ? b : a));
  let worst = 0n;
  for (const c of claims) {
    const expected = (ref.claimable * c.shares) / ref.shares;
    const diff = c.claimable > expected ? c.claimable - expected : expected - c.claimable;
    if (diff > worst) worst = diff;
  }
  report.expect(worst <= 4n, `every holder filled pro-rata across both epochs (largest deviation ${worst} wei)`);
}

async function reserveRun(ctx: ScenarioContext, report: Report, n: number): Promise<void> {
  const { deployment, client, operator } = ctx;
  const reserve = deployment.contracts.Reserve;
  const readReserve = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: reserve, abi: reserveAbi, functionName: functionName as "backing", args: args as [] }) as Promise<T>;
  const usdc = deployment.tokens.USDC;
  const available = (await readReserve<bigint>("liquidBalance", [usdc])) - (await readReserve<bigint>("reservedBalance", [usdc]));
  // First n − 4 requests take all the liquid USDC; then 4 × 30,000 USDC more than the Reserve holds: those must
  // wait for repayments (two per 60,000 USDC repayment).
  const tail = 4;
  const small = 30_000n * USDC_UNIT;
  const big = available / BigInt(n - tail);
  const firstId = await readReserve<bigint>("nextRequestId");
  const requesters: Account[] = [];
  const request = async (amount: bigint) => {
    const account = await ctx.newActor();
    const usdt = deployment.tokens.USDT;
    await ctx.send(account, [
      call(usdt, mockStableAbi, "mint", [account.address, amount]),
      call(usdt, erc20Abi, "approve", [reserve, amount]),
      call(reserve, reserveAbi, "mint", [usdt, amount, 0n, account.address]),
    ]);
    const aid = await client.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [account.address] });
    await ctx.send(account, [
      call(deployment.tokens.AID, erc20Abi, "approve", [reserve, aid]),
      call(reserve, reserveAbi, "requestRedeem", [usdc, aid, account.address]),
    ]);
    requesters.push(account);
  };
  await Promise.all(Array.from({ length: n - tail }, () => request(big)));
  await Promise.all(Array.from({ length: tail }, () => request(small)));
  const lastId = (await readReserve<bigint>("nextRequestId")) - 1n;
  report.line(`Reserve: ${n} requests #${firstId}–#${lastId} for ${formatUnits(big * BigInt(n - tail) + small * BigInt(tail), 6)} USDC against ${formatUnits(available, 6)} USDC liquid`);

  const delay = BigInt(await readReserve<number>("redeemDelay"));
  if (delay > 0n) await ctx.warp(Number(delay) + 1);
  const pendingCount = async () => lastId + 1n - (await readReserve<bigint>("queueHead"));
  // The keeper processes what the liquid USDC covers, then the queue stalls at its head.
  const stalled = await ctx.waitFor("the epochs keeper to process the queue up to the liquidity", async () => {
    const pending = await pendingCount();
    return pending <= BigInt(tail) ? pending : undefined;
  }, 90_000);
  report.line(`after processing: ${stalled} request(s) wait for liquidity`);
  report.expect(stalled === BigInt(tail), `the queue stalls when USDC runs out: the last ${tail} requests wait (FIFO)`);

  // Repayments arrive: 3 × 60,000 USDC of principal on deal #1; the queue drains.
  for (let i = 0; i < 3 && (await pendingCount()) > 0n; i++) {
    const amount = 60_000n * USDC_UNIT;
    await ctx.send(operator, [
      ctx.mintUsdcCall(operator.address, amount),
      call(usdc, erc20Abi, "approve", [reserve, amount]),
      call(reserve, reserveAbi, "recordRepayment", [1n, usdc, amount, 0n]),
    ]);
    const before = await pendingCount();
    const after = await ctx.waitFor(`the keeper to process the queue after repayment ${i + 1}`, async () => {
      const p = await pendingCount();
      return p < before ? p : undefined;
    }, 90_000);
    report.line(`repayment ${i + 1} (60,000 USDC): ${after} request(s) still waiting`);
  }
  report.expect((await pendingCount()) === 0n, "the queue drained as repayments arrived");

  // Every requester claims exactly its payout.
  let claimedOk = 0;
  for (const [i, account] of requesters.entries()) {
    const id = firstId + BigInt(i);
    const request = await readReserve<{ owner: `0x${string}`; receiver: `0x${string}`; payout: bigint }>("getRequest", [id]);
    const owner = requesters.find((a) => a.address.toLowerCase() === request.receiver.toLowerCase()) ?? account;
    const [receipt] = await ctx.send(owner, [call(reserve, reserveAbi, "claim", [id])]);
    const [claimed] = parseEventLogs({ abi: reserveAbi, eventName: "RedeemClaimed", logs: receipt?.logs ?? [] });
    if (claimed?.args.payout === request.payout && request.payout > 0n) claimedOk++;
  }
  report.expect(claimedOk === n, `all ${n} requests claimed for their exact payout (${claimedOk}/${n})`);
}
