import type { Address } from "viem";
import { assertAddress } from "../utils/validate.js";
import type { SubgraphClient } from "./client.js";
import { SubgraphResponseError } from "./errors.js";
import { type SubgraphReadOptions, fetchAllEntities, fetchEntities, fetchEntity } from "./query.js";
import type {
  Account,
  Deal,
  DealStatus,
  Epoch,
  ExchangeRatePoint,
  Feed,
  FeedRound,
  Protocol,
  RedeemRequest,
  RedeemRequestStatus,
  YieldDistribution,
} from "./schema.js";

/** Comparator sorting by a bigint key, ascending. */
const ascending =
  <T>(key: (item: T) => bigint) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
const byBlock = ascending((x: { blockNumber: bigint }) => x.blockNumber);
const oneOrMany = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

/**
 * The `Protocol` singleton (totals, collateral ratio, sAID rate, cumulative flows), or `null` before the subgraph
 * indexed the deployment.
 *
 * @example
 * ```ts
 * const protocol = await fetchProtocol(subgraph)
 * console.log(protocol?.collateralRatio, protocol?.sAidExchangeRate)
 * ```
 */
export async function fetchProtocol(client: SubgraphClient, parameters: SubgraphReadOptions = {}): Promise<Protocol | null> {
  const found = await fetchEntities(client, { entity: "Protocol", first: 2, block: parameters.block });
  if (found.length > 1) throw new SubgraphResponseError({ path: "protocols", reason: "more than one Protocol entity" });
  return found[0] ?? null;
}

/** Parameters of {@link fetchAccount}. */
export type FetchAccountParameters = SubgraphReadOptions & { address: Address };

/**
 * An account's AID and sAID balances as indexed (`null` when the address never held either).
 *
 * @example
 * ```ts
 * const account = await fetchAccount(subgraph, { address: "0x…" })
 * ```
 */
export async function fetchAccount(client: SubgraphClient, parameters: FetchAccountParameters): Promise<Account | null> {
  assertAddress(parameters.address, "address");
  return fetchEntity(client, { entity: "Account", id: parameters.address.toLowerCase() as Address, block: parameters.block });
}

/** Parameters of {@link fetchRedeemRequests}. */
export type FetchRedeemRequestsParameters = SubgraphReadOptions & {
  /** Only this owner's requests. */
  owner?: Address | undefined;
  /** Only requests in this status (or these). */
  status?: RedeemRequestStatus | readonly RedeemRequestStatus[] | undefined;
};

/**
 * Reserve redemption-queue requests (all pages), oldest request id first.
 *
 * @example
 * ```ts
 * const claimable = await fetchRedeemRequests(subgraph, { owner, status: "Claimable" })
 * ```
 */
export async function fetchRedeemRequests(
  client: SubgraphClient,
  parameters: FetchRedeemRequestsParameters = {},
): Promise<RedeemRequest[]> {
  if (parameters.owner !== undefined) assertAddress(parameters.owner, "owner");
  const requests = await fetchAllEntities(client, {
    entity: "RedeemRequest",
    block: parameters.block,
    where: {
      ...(parameters.owner === undefined ? {} : { owner: parameters.owner.toLowerCase() }),
      ...(parameters.status === undefined ? {} : { status_in: oneOrMany(parameters.status) }),
    },
  });
  return requests.sort(ascending((r) => r.requestId));
}

/** Parameters of {@link fetchDeals}. */
export type FetchDealsParameters = SubgraphReadOptions & {
  status?: DealStatus | readonly DealStatus[] | undefined;
};

/**
 * The deal book as indexed (all pages), by deal id.
 *
 * @example
 * ```ts
 * const active = await fetchDeals(subgraph, { status: ["Active", "Late"] })
 * ```
 */
export async function fetchDeals(client: SubgraphClient, parameters: FetchDealsParameters = {}): Promise<Deal[]> {
  const deals = await fetchAllEntities(client, {
    entity: "Deal",
    block: parameters.block,
    where: parameters.status === undefined ? undefined : { status_in: oneOrMany(parameters.status) },
  });
  return deals.sort(ascending((d) => d.dealId));
}

/** Parameters of the time-range helpers ({@link fetchExchangeRatePoints}, {@link fetchYieldDistributions}). */
export type TimeRangeParameters = SubgraphReadOptions & {
  /** Only entries at or after this block timestamp (seconds). */
  from?: bigint | undefined;
  /** Only entries at or before this block timestamp (seconds). */
  to?: bigint | undefined;
};

const timeRange = (p: TimeRangeParameters) => ({
  ...(p.from === undefined ? {} : { timestamp_gte: p.from }),
  ...(p.to === undefined ? {} : { timestamp_lte: p.to }),
});

/**
 * sAID exchange-rate history (one point per distribution, loss or epoch settlement), oldest first: the input of an
 * APY from rate history.
 *
 * @example
 * ```ts
 * const points = await fetchExchangeRatePoints(subgraph, { from: now - 30n * 86_400n })
 * ```
 */
export async function fetchExchangeRatePoints(
  client: SubgraphClient,
  parameters: TimeRangeParameters = {},
): Promise<ExchangeRatePoint[]> {
  const points = await fetchAllEntities(client, { entity: "ExchangeRatePoint", block: parameters.block, where: timeRange(parameters) });
  return points.sort(byBlock);
}

/**
 * sAID yield distributions (amount and vesting window), oldest first.
 *
 * @example
 * ```ts
 * const distributions = await fetchYieldDistributions(subgraph)
 * ```
 */
export async function fetchYieldDistributions(
  client: SubgraphClient,
  parameters: TimeRangeParameters = {},
): Promise<YieldDistribution[]> {
  const distributions = await fetchAllEntities(client, {
    entity: "YieldDistribution",
    block: parameters.block,
    where: timeRange(parameters),
  });
  return distributions.sort(byBlock);
}

/** Parameters of {@link fetchEpochs}. */
export type FetchEpochsParameters = SubgraphReadOptions & {
  /** Only epochs ≥ this number. */
  fromEpoch?: bigint | undefined;
};

/**
 * Settled sAID exit epochs (queued/filled shares, exit rate), by epoch number.
 *
 * @example
 * ```ts
 * const epochs = await fetchEpochs(subgraph, { fromEpoch: 10n })
 * ```
 */
export async function fetchEpochs(client: SubgraphClient, parameters: FetchEpochsParameters = {}): Promise<Epoch[]> {
  const epochs = await fetchAllEntities(client, {
    entity: "Epoch",
    block: parameters.block,
    where: parameters.fromEpoch === undefined ? undefined : { epoch_gte: parameters.fromEpoch },
  });
  return epochs.sort(ascending((e) => e.epoch));
}

/**
 * Every push feed with its latest answer.
 *
 * @example
 * ```ts
 * const feeds = await fetchFeeds(subgraph)
 * ```
 */
export async function fetchFeeds(client: SubgraphClient, parameters: SubgraphReadOptions = {}): Promise<Feed[]> {
  return fetchAllEntities(client, { entity: "Feed", block: parameters.block });
}

/** Parameters of {@link fetchFeedRounds}. */
export type FetchFeedRoundsParameters = SubgraphReadOptions & {
  /** Feed address. */
  feed: Address;
  /** Only rounds ≥ this round id. */
  fromRound?: bigint | undefined;
};

/**
 * A feed's rounds (answer, updatedAt, transmitter), by round id.
 *
 * @example
 * ```ts
 * const rounds = await fetchFeedRounds(subgraph, { feed: deployment.feeds.GPU_NAV })
 * ```
 */
export async function fetchFeedRounds(client: SubgraphClient, parameters: FetchFeedRoundsParameters): Promise<FeedRound[]> {
  assertAddress(parameters.feed, "feed");
  const rounds = await fetchAllEntities(client, {
    entity: "FeedRound",
    block: parameters.block,
    where: {
      feed: parameters.feed.toLowerCase(),
      ...(parameters.fromRound === undefined ? {} : { roundId_gte: parameters.fromRound }),
    },
  });
  return rounds.sort(ascending((r) => r.roundId));
}
