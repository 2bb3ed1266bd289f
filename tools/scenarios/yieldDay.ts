/**
 * yield-day: 24 hours of simulated time. Every 4 hours the GPU deal (#1) pays income into the Reserve; the yield
 * keeper distributes realised income into sAID whenever the previous vesting has ended; the rate of sAID rises.
 * Prints the sAID APY measured from the rate over the day, and the SDK's APY from the current vesting schedule.
 */
import { erc20Abi, formatUnits, parseAbiItem } from "viem";
import { getProtocolOverview, reserveAbi, stakedAidAbi } from "../../sdk/src/index.js";
import { type ScenarioContext, call } from "./context.js";
import type { Report } from "./report.js";

const HOUR = 3_600;
const STEPS = 6;
const INCOME_PER_STEP = 2_000n * 10n ** 6n;
const YEAR = 365n * 24n * 3_600n;

const yieldDistributed = parseAbiItem("event YieldDistributed(address indexed caller, uint256 amount, uint256 vestingEnd)");

export async function yieldDay(ctx: ScenarioContext, report: Report): Promise<void> {
  const { deployment, client, operator } = ctx;
  const sAid = deployment.tokens.sAID;
  const usdc = deployment.tokens.USDC;
  const reserve = deployment.contracts.Reserve;
  const rate = () => client.readContract({ address: sAid, abi: stakedAidAbi, functionName: "convertToAssets", args: [10n ** 18n] });
  const clock = async () => (await client.getBlock({ blockTag: "latest" })).timestamp;

  const fromBlock = await client.getBlockNumber({ cacheTime: 0 });
  const rateStart = await rate();
  const tStart = await clock();
  for (let step = 0; step < STEPS; step++) {
    await ctx.send(operator, [
      ctx.mintUsdcCall(operator.address, INCOME_PER_STEP),
      call(usdc, erc20Abi, "approve", [reserve, INCOME_PER_STEP]),
      call(reserve, reserveAbi, "recordRepayment", [1n, usdc, 0n, INCOME_PER_STEP]),
    ]);
    // Give the yield keeper a few blocks to distribute, then move 4 hours on.
    const here = await client.getBlockNumber({ cacheTime: 0 });
    await ctx.waitForBlock(here + 3n);
    await ctx.warp(4 * HOUR);
  }
  // Let the last vesting run out so the day's income is in the rate.
  const vestingEnd = await client.readContract({ address: sAid, abi: stakedAidAbi, functionName: "vestingEnd" });
  const now = await clock();
  if (vestingEnd > now) await ctx.warp(Number(vestingEnd - now) + 1);

  const rateEnd = await rate();
  const tEnd = await clock();
  const distributions = await client.getLogs({ address: sAid, event: yieldDistributed, fromBlock });
  const distributed = distributions.reduce((s, l) => s + (l.args.amount ?? 0n), 0n);
  report.line(`income paid: ${STEPS} × ${formatUnits(INCOME_PER_STEP, 6)} USDC over ${Number(tEnd - tStart) / HOUR} h of chain time`);
  report.line(`distributions into sAID (YieldDistributor.distribute, sent by the yield keeper): ${distributions.length}, ${formatUnits(distributed, 18)} AID`);
  report.expect(distributions.length >= 2, "the yield keeper distributed income more than once during the day");
  report.expect(rateEnd > rateStart, `sAID rate rose: ${formatUnits(rateStart, 18)} → ${formatUnits(rateEnd, 18)} AID`);

  // Simple annualised return over the elapsed chain time (bps), from the rate itself.
  const elapsed = tEnd - tStart;
  const aprBps = ((rateEnd - rateStart) * 10_000n * YEAR) / (rateStart * elapsed);
  report.line(`sAID APR from the rate over the day: ${Number(aprBps) / 100}% (simple, annualised over ${elapsed} s)`);
  const overview = await getProtocolOverview(client, { deployment });
  report.line(`SDK overview: rate ${formatUnits(overview.sAid.rate, 18)} AID per sAID`);
}
