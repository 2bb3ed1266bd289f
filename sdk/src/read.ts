// Entry point `@aid-protocol/sdk/read`: the read-only API — deployment parsing, one-round-trip views, errors and
// formatting — without the write actions, the client decorator or the write plumbing. Everything here is also
// exported by `@aid-protocol/sdk` (test/entry-points.test.ts checks both lists): a dashboard that never sends a
// transaction imports from here. A new view or formatting module belongs in both entries.
export * from "./deployment.js";
export * from "./errors/base.js";
export {
  type AbiError,
  AidContractError,
  type AidContractErrorType,
  type DecodeAidErrorParameters,
  type DecodeAidErrorReturnType,
  aidErrorMessages,
  aidErrorsAbi,
  decodeAidError,
} from "./errors/contract.js";
export * from "./errors/validation.js";
export * from "./actions/getAccountOverview.js";
export * from "./actions/getFeeds.js";
export * from "./actions/getProtocolOverview.js";
export { CLOCK_ADDRESS, type ReadOptions } from "./utils/multicall.js";
// ---- sdk-b views, swap quotes, formatting and yield maths ----
export * from "./actions/getDeals.js";
export * from "./actions/getExitRequests.js";
export * from "./actions/getRateHistory.js";
export * from "./actions/getVestingSchedule.js";
export * from "./actions/getRedemptionRequests.js";
export * from "./actions/quoteSwap.js";
export * from "./utils/format.js";
export * from "./utils/yield.js";
// Morpho Blue: errors, exact position maths, the steps of a Morpho write. Not here: `getMarkets` / `getPositions`
// (they return blue-sdk `Market` / `AccrualPosition` entities, ~35 kB gzipped of blue-sdk + morpho-ts) and
// `registerAidMorpho` (blue-sdk's registry): import those from the full entry. `getAccountOverview` above carries the
// account's Morpho positions as plain bigints without blue-sdk.
export type { MarketInput } from "./morpho/markets.js";
export * from "./morpho/errors.js";
export * from "./morpho/math.js";
export * from "./morpho/getMorphoSteps.js";
