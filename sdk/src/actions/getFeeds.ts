import type { Address, Chain, Client, Transport } from "viem";
import { pushFeedAbi } from "../abis/pushFeed.js";
import { type Deployment, type DeploymentFeedName, deploymentFeedNames } from "../deployment.js";
import { InvalidAmountError } from "../errors/validation.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";

/** Parameters of {@link getFeeds}. */
export type GetFeedsParameters = ReadOptions & {
  deployment: Deployment;
  /**
   * Age (seconds) above which a feed is reported stale: one number for all feeds or one per feed (a feed missing
   * from the record is never stale).
   */
  maxAge: bigint | Partial<Record<DeploymentFeedName, bigint>>;
};

/** One feed's latest round. */
export type FeedState = {
  address: Address;
  /** Signed answer scaled by `10^decimals`. */
  answer: bigint;
  decimals: number;
  roundId: bigint;
  /** Timestamp (seconds) of the answer. */
  updatedAt: bigint;
  /** `block.timestamp − updatedAt` at the block read (0 if the answer is from the future). */
  age: bigint;
  /** `age > maxAge`. */
  stale: boolean;
};

/** Return type of {@link getFeeds}. */
export type GetFeedsReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  feeds: Record<DeploymentFeedName, FeedState>;
};

/**
 * Reads every push feed of the deployment (answer, decimals, age, stale flag) in ONE RPC round trip; the age is
 * measured against the chain's clock at the block read, not the local clock.
 *
 * @example
 * ```ts
 * const { feeds } = await getFeeds(client, { deployment, maxAge: 3_600n })
 * if (feeds.USDC_USD.stale) console.warn("USDC feed is stale")
 * ```
 */
export async function getFeeds(
  client: Client<Transport, Chain | undefined>,
  parameters: GetFeedsParameters,
): Promise<GetFeedsReturnType> {
  const { deployment, maxAge } = parameters;
  const maxAgeOf = (name: DeploymentFeedName): bigint | undefined =>
    typeof maxAge === "bigint" ? maxAge : maxAge[name];
  for (const name of deploymentFeedNames) {
    const value = maxAgeOf(name);
    if (value !== undefined && (typeof value !== "bigint" || value < 0n))
      throw new InvalidAmountError({ parameter: `maxAge.${name}`, value, reason: "must be a non-negative bigint" });
  }
  const contracts = deploymentFeedNames.flatMap((name) => [
    { address: deployment.feeds[name], abi: pushFeedAbi, functionName: "latestRoundData" } as const,
    { address: deployment.feeds[name], abi: pushFeedAbi, functionName: "decimals" } as const,
  ]);
  const { results, timestamp, blockNumber } = await readAll(client, contracts, parameters);
  const feeds = {} as Record<DeploymentFeedName, FeedState>;
  deploymentFeedNames.forEach((name, i) => {
    const [roundId, answer, , updatedAt] = results[2 * i] as readonly [bigint, bigint, bigint, bigint, bigint];
    const decimals = results[2 * i + 1] as number;
    const age = timestamp > updatedAt ? timestamp - updatedAt : 0n;
    const limit = maxAgeOf(name);
    feeds[name] = {
      address: deployment.feeds[name],
      answer,
      decimals,
      roundId,
      updatedAt,
      age,
      stale: limit !== undefined && age > limit,
    };
  });
  return { blockNumber, timestamp, feeds };
}
