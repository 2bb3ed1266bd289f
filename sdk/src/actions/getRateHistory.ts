import type { Chain, Client, Transport } from "viem";
import { getBlockNumber } from "viem/actions";
import { getAction } from "viem/utils";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { InvalidParameterError } from "../errors/validation.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { compoundApr, rateGrowthApr } from "../utils/yield.js";

/** Most points one {@link getRateHistory} call samples. */
export const MAX_RATE_POINTS = 64;
/** Default look-back when `fromBlock` is not given: 50 400 blocks (7 days of 12-second blocks). */
export const DEFAULT_RATE_LOOKBACK = 50_400n;

/** Parameters of {@link getRateHistory}. */
export type GetRateHistoryParameters = Pick<ReadOptions, "multicallAddress"> & {
  deployment: Deployment;
  /** First block sampled (default: `toBlock − 50 400`, not before the deployment's `startBlock`). */
  fromBlock?: bigint | undefined;
  /** Last block sampled (default: the latest block, one `eth_blockNumber`). */
  toBlock?: bigint | undefined;
  /** Number of blocks sampled, evenly spaced from `fromBlock` to `toBlock` inclusive (default 8, 2 to 64). */
  points?: number | undefined;
};

/** One sample of the sAID rate. */
export type RatePoint = {
  blockNumber: bigint;
  timestamp: bigint;
  /** AID per 1e18 sAID (`convertToAssets(1e18)`) at that block. */
  rate: bigint;
  totalAssets: bigint;
  totalSupply: bigint;
};

/** Return type of {@link getRateHistory}. */
export type GetRateHistoryReturnType = {
  /** Samples, oldest first (blocks where the vault did not exist yet are left out). */
  points: RatePoint[];
  /**
   * Simple annualised growth of the rate from the first to the last point (WAD, 1e17 = 10%; negative after a loss):
   * `(rateLast − rateFirst) × 1e18 × 365 days / (rateFirst × (tLast − tFirst))`. 0 with fewer than two points.
   */
  apr: bigint;
  /** `apr` compounded once per `vestingPeriod` (read at the last point), WAD. */
  apy: bigint;
};

/**
 * Samples the sAID exchange rate at past blocks and annualises its growth: the realised APY, as opposed to the
 * vesting schedule's `getProtocolOverview().sAid.vesting.apr` (what the running schedule implies).
 *
 * Round trips: one `eth_blockNumber` (none when `toBlock` is given) + one `eth_call` per point (a Multicall3 of
 * `convertToAssets(1e18)`, `totalAssets`, `totalSupply`, `vestingPeriod` and the block clock), sent concurrently —
 * with `http(url, { batch: true })` they share ONE HTTP request. Reading past blocks needs an archive node (anvil,
 * most providers) for blocks older than the node's state window.
 *
 * @example
 * ```ts
 * const { apr, points } = await getRateHistory(client, { deployment, points: 16 })
 * console.log(formatAmount(apr * 100n, 18, { precision: 2 }), "% a year")
 * ```
 */
export async function getRateHistory(
  client: Client<Transport, Chain | undefined>,
  parameters: GetRateHistoryParameters,
): Promise<GetRateHistoryReturnType> {
  const { deployment } = parameters;
  const count = parameters.points ?? 8;
  if (!Number.isInteger(count) || count < 2 || count > MAX_RATE_POINTS)
    throw new InvalidParameterError({ parameter: "points", value: count, reason: `must be an integer in [2, ${MAX_RATE_POINTS}]` });
  for (const name of ["fromBlock", "toBlock"] as const) {
    const b = parameters[name];
    if (b !== undefined && (typeof b !== "bigint" || b < 0n))
      throw new InvalidParameterError({ parameter: name, value: b, reason: "must be a non-negative bigint" });
  }
  const toBlock = parameters.toBlock ?? (await getAction(client, getBlockNumber, "getBlockNumber")({ cacheTime: 0 }));
  const start = BigInt(deployment.startBlock);
  const lookback = toBlock > DEFAULT_RATE_LOOKBACK ? toBlock - DEFAULT_RATE_LOOKBACK : 0n;
  const fromBlock = parameters.fromBlock ?? (lookback > start ? lookback : start);
  if (fromBlock > toBlock)
    throw new InvalidParameterError({ parameter: "fromBlock", value: fromBlock, reason: `must not be after toBlock ${toBlock}` });
  const span = toBlock - fromBlock;
  const steps = BigInt(count - 1);
  const blocks = [...new Set(Array.from({ length: count }, (_, i) => fromBlock + (span * BigInt(i)) / steps))];
  const vault = { address: deployment.tokens.sAID, abi: stakedAidAbi } as const;
  const reads = await Promise.all(
    blocks.map((blockNumber) =>
      readAllSettled(
        client,
        [
          { ...vault, functionName: "convertToAssets", args: [10n ** 18n] },
          { ...vault, functionName: "totalAssets" },
          { ...vault, functionName: "totalSupply" },
          { ...vault, functionName: "vestingPeriod" },
        ] as const,
        { blockNumber, multicallAddress: parameters.multicallAddress },
      ),
    ),
  );
  const points: RatePoint[] = [];
  let vestingPeriod = 0n;
  for (const { results, timestamp, blockNumber } of reads) {
    const [rate, totalAssets, totalSupply, period] = results;
    // Before the vault was deployed every call fails (no code): that block is skipped.
    if (rate.status !== "success" || totalAssets.status !== "success" || totalSupply.status !== "success") continue;
    if (period.status === "success") vestingPeriod = period.result;
    points.push({ blockNumber, timestamp, rate: rate.result, totalAssets: totalAssets.result, totalSupply: totalSupply.result });
  }
  const first = points[0];
  const last = points[points.length - 1];
  const apr = first && last && points.length > 1 ? rateGrowthApr(first.rate, first.timestamp, last.rate, last.timestamp) : 0n;
  return { points, apr, apy: apr > 0n ? compoundApr(apr, vestingPeriod) : apr };
}
