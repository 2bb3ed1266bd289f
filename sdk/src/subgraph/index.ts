// Entry point `@aid-protocol/sdk/subgraph`: typed queries of the AID subgraph over plain `fetch`. The types in
// schema.ts are generated from subgraph/schema.graphql (`npm run gen:subgraph -w sdk`; `npm test` fails when stale).
export { type CreateSubgraphClientParameters, type FetchLike, type SubgraphClient, createSubgraphClient } from "./client.js";
export {
  type GraphQLErrorEntry,
  SubgraphHttpError,
  type SubgraphHttpErrorType,
  SubgraphQueryError,
  type SubgraphQueryErrorType,
  SubgraphResponseError,
  type SubgraphResponseErrorType,
} from "./errors.js";
export {
  type BigDecimal,
  type BlockChangedFilter,
  type BlockHeight,
  formatBigDecimal,
  parseBigDecimal,
  toUnits,
} from "./scalars.js";
export {
  type FetchAggregationParameters,
  type FetchAllEntitiesParameters,
  type FetchEntitiesParameters,
  type FetchEntityParameters,
  MAX_PAGE_SIZE,
  type SubgraphAggregationName,
  type SubgraphEntityName,
  type SubgraphMeta,
  type SubgraphReadOptions,
  fetchAggregation,
  fetchAllEntities,
  fetchEntities,
  fetchEntity,
  fetchMeta,
} from "./query.js";
export {
  type FetchAccountParameters,
  type FetchDealsParameters,
  type FetchEpochsParameters,
  type FetchFeedRoundsParameters,
  type FetchRedeemRequestsParameters,
  type TimeRangeParameters,
  fetchAccount,
  fetchDeals,
  fetchEpochs,
  fetchExchangeRatePoints,
  fetchFeedRounds,
  fetchFeeds,
  fetchProtocol,
  fetchRedeemRequests,
  fetchYieldDistributions,
} from "./actions.js";
export * from "./schema.js";
