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
import { type ScenarioContext, call, mockStableAbi } from "./context.js";
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

  const holders: { account: Account; shares: bigint }[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const account = await ctx.newActor();
      const usdc = BigInt(5_000 + 2_500 * i) * USDC_UNIT;
      await ctx.send(account, [
        ctx.mintUsdcCall(account.address, usdc),
        call(deployment.tokens.USDC, erc20Abi, "approve", [deployment.contracts.Reserve, usdc]),
        call(deployment.contracts.Reserve, reserveAbi, "mint", [deployment.tokens.USDC, usdc, 0n, account.address]),
      ]);
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
  const [epoch, endsAt] = await read<readonly [bigint, bigint]>("openEpoch");
  const queued = holders.reduce((s, h) => s + h.shares, 0n);
  report.line(`sAID: ${n} holders asked to exit ${formatUnits(queued, 18)} shares in epoch ${epoch} (ends at ${endsAt})`);

  const fromBlock = await client.getBlockNumber({ cacheTime: 0 });
  const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
  if (endsAt > now) await ctx.rpc("evm_increaseTime", [Number(endsAt - now) + 1]);
  const settled = await ctx.waitFor(`the epochs keeper to settle sAID epoch ${epoch}`, async () => {
    const logs = await client.getContractEvents({ address: sAid, abi: stakedAidAbi, eventName: "EpochSettled", fromBlock, args: { epoch } });
    return logs[0];
  }, 90_000);
  const { queuedShares, filledShares, filledAssets } = settled.args;
  const fillBps = queuedShares === 0n ? 0n : ((filledShares ?? 0n) * 10_000n) / (queuedShares ?? 1n);
  report.line(`epoch ${epoch} settled in block ${settled.blockNumber}: filled ${formatUnits(filledShares ?? 0n, 18)} of ${formatUnits(queuedShares ?? 0n, 18)} shares (${Number(fillBps) / 100}%) for ${formatUnits(filledAssets ?? 0n, 18)} AID`);

  // Pro-rata: each holder's claimable assets / its shares is the same ratio, up to rounding (1 wei per claim).
  let worst = 0n;
  for (const h of holders) {
    const claimable = await read<bigint>("claimableRedeemRequest", [0n, h.account.address]);
    const expected = ((filledAssets ?? 0n) * h.shares) / (queuedShares ?? 1n);
    const diff = claimable > expected ? claimable - expected : expected - claimable;
    if (diff > worst) worst = diff;
  }
  report.expect(worst <= 2n, `every exit filled pro-rata (largest deviation ${worst} wei)`);
  if ((filledShares ?? 0n) < (queuedShares ?? 0n))
    report.line(`the unfilled ${formatUnits((queuedShares ?? 0n) - (filledShares ?? 0n), 18)} shares carry over to the next epoch`);
}

async function reserveRun(ctx: ScenarioContext, report: Report, n: number): Promise<void> {
  const { deployment, client, operator } = ctx;
  const reserve = deployment.contracts.Reserve;
  const readReserve = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: reserve, abi: reserveAbi, functionName: functionName as "backing", args: args as [] }) as Promise<T>;
  const usdc = deployment.tokens.USDC;
  const available = (await readReserve<bigint>("liquidBalance", [usdc])) - (await readReserve<bigint>("reservedBalance", [usdc]));
  // Ask for 120,000 USDC more than the Reserve holds: the tail must wait for repayments.
  const shortfall = 120_000n * USDC_UNIT;
  const each = (available + shortfall) / BigInt(n) + 1n;
  const firstId = await readReserve<bigint>("nextRequestId");
  const requesters: Account[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      const account = await ctx.newActor();
      const usdt = deployment.tokens.USDT;
      await ctx.send(account, [
        call(usdt, mockStableAbi, "mint", [account.address, each]),
        call(usdt, erc20Abi, "approve", [reserve, each]),
        call(reserve, reserveAbi, "mint", [usdt, each, 0n, account.address]),
      ]);
      const aid = await client.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [account.address] });
      await ctx.send(account, [
        call(deployment.tokens.AID, erc20Abi, "approve", [reserve, aid]),
        call(reserve, reserveAbi, "requestRedeem", [usdc, aid, account.address]),
      ]);
      requesters.push(account);
    }),
  );
  const lastId = (await readReserve<bigint>("nextRequestId")) - 1n;
  report.line(`Reserve: ${n} requests #${firstId}–#${lastId} for ${formatUnits(each * BigInt(n), 6)} USDC against ${formatUnits(available, 6)} USDC liquid`);

  const delay = BigInt(await readReserve<number>("redeemDelay"));
  if (delay > 0n) await ctx.rpc("evm_increaseTime", [Number(delay) + 1]);
  const pendingCount = async () => lastId + 1n - (await readReserve<bigint>("queueHead"));
  // The keeper processes what the liquid USDC covers, then the queue stalls at its head.
  const stalled = await ctx.waitFor("the epochs keeper to process the queue up to the liquidity", async () => {
    const pending = await pendingCount();
    return pending < BigInt(n) && pending > 0n ? pending : undefined;
  }, 90_000);
  report.line(`after processing: ${stalled} request(s) wait for liquidity`);
  report.expect(stalled > 0n, "the queue stalls when USDC runs out (FIFO, nobody overtakes)");

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
