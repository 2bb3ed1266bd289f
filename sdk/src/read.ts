// Entry point `@aid-protocol/sdk/read`: the read-only API — deployment parsing, one-round-trip views, errors and
// formatting — without the write actions, the client decorator or the ABIs' write paths. Everything here is also
// exported by `@aid-protocol/sdk`; a dashboard that never sends a transaction imports from here and ships less.
// (Views added to src/actions/ belong here as well as in index.ts.)
export {
  type Deployment,
  type DeploymentContractName,
  type DeploymentFeedName,
  type DeploymentMarket,
  type DeploymentMarketName,
  type DeploymentPoolName,
  type DeploymentTokenName,
  type ParseDeploymentErrorType,
  type ParseDeploymentParameters,
  type ParseDeploymentReturnType,
  type StableSymbol,
  deploymentContractNames,
  deploymentFeedNames,
  deploymentMarketNames,
  deploymentPoolNames,
  deploymentTokenNames,
  parseDeployment,
} from "./deployment.js";
export { AidSdkError, type AidSdkErrorParameters, type AidSdkErrorType, walk } from "./errors/base.js";
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
export {
  InvalidAddressError,
  type InvalidAddressErrorType,
  InvalidAmountError,
  type InvalidAmountErrorType,
  InvalidDeploymentError,
  type InvalidDeploymentErrorType,
  MissingAccountError,
  type MissingAccountErrorType,
  UnknownStableError,
  type UnknownStableErrorType,
} from "./errors/validation.js";
export {
  type GetAccountOverviewParameters,
  type GetAccountOverviewReturnType,
  convertToAssets,
  getAccountOverview,
} from "./actions/getAccountOverview.js";
export { type FeedState, type GetFeedsParameters, type GetFeedsReturnType, getFeeds } from "./actions/getFeeds.js";
export {
  type GetProtocolOverviewParameters,
  type GetProtocolOverviewReturnType,
  type StableLiquidity,
  getProtocolOverview,
} from "./actions/getProtocolOverview.js";
export { CLOCK_ADDRESS, type ReadOptions } from "./utils/multicall.js";
