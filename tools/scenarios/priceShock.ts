/**
 * price-shock: AID/USD −8% and GPU-NAV −30% arrive from the "outside world" (the devnet's market-data endpoint);
 * the oracle keeper pushes them through the feeds; positions go unhealthy; the liquidator must start within 3 blocks
 * of the push and clear every one of them at one per block after that (it sends one transaction at a time from its
 * key), touch no healthy one, and keep its profit at the configured recipient.
 *
 * Setup (fresh actors, batched): on AID/USDC (LLTV 91.5%) borrowers at LTV 70, 80 (healthy after the shock) and
 * 86, 88, 90% (liquidatable after it: LTV / 0.92 > 91.5%; 90% → 97.8% is past 1/LIF, so it leaves bad debt);
 * on sAID/USDC (LLTV 86%) borrowers at 75% (healthy after) and 82% (89.1% after: liquidatable).
 * Afterwards the prices are restored so the next scenario starts from par.
 */
import { type Account, type Address, erc20Abi, formatUnits, parseAbiItem } from "viem";
import { type DeploymentMarketName, dealBookAbi, getPositions, pushFeedAbi, stakedAidAbi } from "../../sdk/src/index.js";
import { setPrices } from "../devnet/marketData.js";
import { type ScenarioContext, blueAbi, call, mintAidCalls } from "./context.js";
import type { Report } from "./report.js";

const ORACLE_SCALE = 10n ** 36n;
const SURVIVAL_BLOCKS = 3n;

const answerUpdatedEvent = parseAbiItem(
  "event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)",
);
const liquidateEvent = parseAbiItem(
  "event Liquidate(bytes32 indexed id, address indexed caller, address indexed borrower, uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 badDebtAssets, uint256 badDebtShares)",
);

type Borrower = { account: Account; market: DeploymentMarketName; ltvBps: bigint };

async function openPositions(ctx: ScenarioContext, plan: [DeploymentMarketName, bigint][]): Promise<Borrower[]> {
  const { deployment, client } = ctx;
  const usdc = 10_000n * 10n ** 6n;
  const borrowers: Borrower[] = [];
  await Promise.all(
    plan.map(async ([market, ltvBps]) => {
      const account = await ctx.newActor();
      const m = deployment.markets[market];
      const params = {
        loanToken: m.loanToken,
        collateralToken: m.collateralToken,
        oracle: m.oracle,
        irm: m.irm,
        lltv: m.lltv,
      } as const;
      // Mint AID (and stake it for sAID collateral), post it, borrow USDC at the planned LTV at today's price.
      await ctx.send(account, mintAidCalls(ctx, account.address, usdc));
      let collateral = await client.readContract({
        address: deployment.tokens.AID,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [account.address],
      });
      if (market === "SAID_USDC") {
        await ctx.send(account, [
          call(deployment.tokens.AID, erc20Abi, "approve", [deployment.tokens.sAID, collateral]),
          call(deployment.tokens.sAID, stakedAidAbi, "deposit", [collateral, account.address]),
        ]);
        collateral = await client.readContract({
          address: deployment.tokens.sAID,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [account.address],
        });
      }
      const price = await client.readContract({
        address: m.oracle,
        abi: [parseAbiItem("function price() view returns (uint256)")],
        functionName: "price",
      });
      const borrow = (((collateral * price) / ORACLE_SCALE) * ltvBps) / 10_000n;
      await ctx.send(account, [
        call(m.collateralToken, erc20Abi, "approve", [deployment.contracts.Morpho, collateral]),
        call(deployment.contracts.Morpho, blueAbi, "supplyCollateral", [params, collateral, account.address, "0x"]),
        call(deployment.contracts.Morpho, blueAbi, "borrow", [params, borrow, 0n, account.address, account.address]),
      ]);
      borrowers.push({ account, market, ltvBps });
    }),
  );
  return borrowers;
}

async function healthOf(ctx: ScenarioContext, b: Borrower) {
  const { positions } = await getPositions(ctx.client, {
    deployment: ctx.deployment,
    user: b.account.address,
    markets: [b.market],
  });
  const entry = positions[0];
  if (!entry) throw new Error(`no position read for ${b.account.address} on ${b.market}`);
  return entry;
}

export async function priceShock(ctx: ScenarioContext, report: Report): Promise<void> {
  const { deployment, client, devnet } = ctx;
  const start = await (await fetch(devnet.marketDataUrl)).json() as Record<string, string>;
  const gpuFeedBefore = await client.readContract({
    address: deployment.feeds.GPU_NAV,
    abi: pushFeedAbi,
    functionName: "latestAnswer",
  });
  const gpuNavBefore = start.GPU_NAV ?? formatUnits(gpuFeedBefore, 8);

  ctx.log("opening 7 positions across AID/USDC and sAID/USDC …");
  const borrowers = await openPositions(ctx, [
    ["AID_USDC", 7_000n],
    ["AID_USDC", 8_000n],
    ["AID_USDC", 8_600n],
    ["AID_USDC", 8_800n],
    ["AID_USDC", 9_000n],
    ["SAID_USDC", 7_500n],
    ["SAID_USDC", 8_200n],
  ]);
  for (const b of borrowers)
    report.expect((await healthOf(ctx, b)).position.isHealthy === true, `${b.market} @ ${Number(b.ltvBps) / 100}% LTV healthy before the shock`);

  const recipientFile = devnet.liquidatorRecipient;
  const profitBefore = recipientFile
    ? await client.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [recipientFile] })
    : 0n;
  const [dealLtvBefore] = await dealLtvs(ctx);

  // The shock, from outside: the oracle keeper has to see it and push it.
  const aidShocked = "0.92";
  const gpuShocked = ((Number(gpuNavBefore) * 0.7)).toFixed(8);
  const shockedAt = await client.getBlockNumber({ cacheTime: 0 });
  await setPrices(devnet.marketDataUrl, { AID_USD: aidShocked, GPU_NAV: gpuShocked });
  ctx.log(`market data: AID/USD 1 → ${aidShocked}, GPU NAV ${gpuNavBefore} → ${gpuShocked}; waiting for the oracle keeper …`);
  const pushBlock = await ctx.waitFor("the oracle keeper to push AID/USD = 0.92", async () => {
    const [log] = await client.getLogs({
      address: deployment.feeds.AID_USD,
      event: answerUpdatedEvent,
      args: { current: 92_000_000n },
      fromBlock: shockedAt,
    });
    return log?.blockNumber ?? undefined;
  });
  report.line(`AID/USD feed at 0.92 by block ${pushBlock}`);

  // Which positions the new price made liquidatable: unhealthy now, or already liquidated since the push (the
  // liquidator can land right behind the push, in its block, and a partial liquidation leaves a position healthy).
  const liquidatedSincePush = new Set(
    (
      await client.getLogs({ address: deployment.contracts.Morpho, event: liquidateEvent, fromBlock: pushBlock })
    ).map((l) => (l.args.borrower as Address).toLowerCase()),
  );
  const after = await Promise.all(borrowers.map(async (b) => ({ b, entry: await healthOf(ctx, b) })));
  const liquidatable = after.filter(
    ({ b, entry }) =>
      entry.position.isHealthy === false ||
      entry.position.borrowShares === 0n ||
      liquidatedSincePush.has(b.account.address.toLowerCase()),
  );
  report.line(`liquidatable after the push: ${liquidatable.length} of ${borrowers.length}`);
  report.expect(liquidatable.length >= 4, "the shock made the 86/88/90% AID and 82% sAID positions liquidatable");

  // The keeper sends one transaction at a time per key (its nonce discipline), so k liquidations take k blocks:
  // the first must land within SURVIVAL_BLOCKS of the push, and each further one at most one block later.
  const deadline = pushBlock + SURVIVAL_BLOCKS + BigInt(Math.max(0, liquidatable.length - 1));
  await ctx.waitForBlock(deadline);
  const logs = await client.getLogs({
    address: deployment.contracts.Morpho,
    event: liquidateEvent,
    fromBlock: pushBlock - 1n,
    toBlock: deadline,
  });
  const first = logs.reduce<bigint | undefined>((m, l) => (m === undefined || l.blockNumber < m ? l.blockNumber : m), undefined);
  report.expect(
    first !== undefined && first <= pushBlock + SURVIVAL_BLOCKS,
    `first liquidation within ${SURVIVAL_BLOCKS} blocks of the push (block ${first ?? "none"}` +
      `${first !== undefined ? `, ${first - pushBlock} after the push${first === pushBlock ? ": same block" : ""}` : ""})`,
  );
  const byBorrower = new Map<Address, typeof logs>();
  for (const log of logs) {
    const list = byBorrower.get(log.args.borrower as Address) ?? [];
    list.push(log);
    byBorrower.set(log.args.borrower as Address, list);
  }
  let badDebt = 0n;
  for (const { b } of after) {
    const now = await healthOf(ctx, b);
    const events = byBorrower.get(b.account.address) ?? [];
    const wasLiquidatable = liquidatable.some((l) => l.b === b);
    const tag = `${b.market} @ ${Number(b.ltvBps) / 100}%`;
    if (wasLiquidatable) {
      report.expect(
        now.position.isHealthy !== false && events.length > 0,
        `${tag}: liquidated by block ${deadline} (push + ${SURVIVAL_BLOCKS} + one block per liquidation ahead of it; ${events.length} Liquidate event(s))`,
      );
    } else {
      report.expect(events.length === 0, `${tag}: healthy, not touched`);
    }
    for (const e of events) {
      badDebt += e.args.badDebtAssets ?? 0n;
      report.line(
        `  ${tag}: block ${e.blockNumber} repaid ${formatUnits(e.args.repaidAssets ?? 0n, 6)} USDC, seized ${formatUnits(e.args.seizedAssets ?? 0n, 18)} ${b.market === "SAID_USDC" ? "sAID" : "AID"}, bad debt ${formatUnits(e.args.badDebtAssets ?? 0n, 6)} USDC (${e.blockNumber - pushBlock} block(s) after the push)`,
      );
    }
  }
  report.line(`liquidations: ${logs.length}; bad debt realised: ${formatUnits(badDebt, 6)} USDC`);
  if (recipientFile) {
    const profitAfter = await client.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [recipientFile] });
    report.line(`liquidator profit at ${recipientFile}: ${formatUnits(profitAfter - profitBefore, 6)} USDC`);
    report.expect(profitAfter > profitBefore, "the liquidator's profit landed at its recipient");
  }

  // GPU NAV: the feed moves; the yield keeper re-marks GPU deals from it.
  const gpuFeedAfter = await ctx.waitFor("the oracle keeper to push GPU NAV −30%", async () => {
    const a = await client.readContract({ address: deployment.feeds.GPU_NAV, abi: pushFeedAbi, functionName: "latestAnswer" });
    return a < gpuFeedBefore ? a : undefined;
  });
  report.expect(
    gpuFeedAfter * 1000n <= gpuFeedBefore * 701n && gpuFeedAfter * 1000n >= gpuFeedBefore * 699n,
    `GPU NAV feed ${formatUnits(gpuFeedBefore, 8)} → ${formatUnits(gpuFeedAfter, 8)} (−30%)`,
  );
  const gpuPushBlock = await client.getBlockNumber({ cacheTime: 0 });
  const mark = await ctx.waitFor("the yield keeper to re-mark GPU deal #1 from the new NAV", async () => {
    const [log] = await client.getContractEvents({
      address: deployment.contracts.DealBook,
      abi: dealBookAbi,
      eventName: "NavMarked",
      args: { dealId: 1n },
      fromBlock: gpuPushBlock - 5n,
    });
    return log;
  }, 90_000);
  const [dealLtvAfter] = await dealLtvs(ctx);
  report.expect(
    (dealLtvAfter ?? 0n) > (dealLtvBefore ?? 0n),
    `GPU deal #1 re-marked in block ${mark.blockNumber}: LTV ${Number(dealLtvBefore) / 100}% → ${Number(dealLtvAfter) / 100}%`,
  );

  // Back to par for the next scenario.
  await setPrices(devnet.marketDataUrl, { AID_USD: start.AID_USD ?? "1", GPU_NAV: gpuNavBefore });
  await ctx.waitFor("the oracle keeper to push AID/USD back to par", async () => {
    const answer = await client.readContract({ address: deployment.feeds.AID_USD, abi: pushFeedAbi, functionName: "latestAnswer" });
    return answer === 100_000_000n ? true : undefined;
  });
  report.line("prices restored to par");
}

async function dealLtvs(ctx: ScenarioContext): Promise<bigint[]> {
  return [
    await ctx.client.readContract({
      address: ctx.deployment.contracts.DealBook,
      abi: dealBookAbi,
      functionName: "ltvBps",
      args: [1n],
    }),
  ];
}
