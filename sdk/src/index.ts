// Entry point of @aid-protocol/sdk (the only barrel file). Every export is a plain function, type or constant:
// import what you use and bundlers drop the rest (`sideEffects: false`).
export {
  adaptiveCurveIrmAbi,
  aidAbi,
  dealBookAbi,
  flashLiquidatorAbi,
  insuranceFundAbi,
  morphoOracleAdapterAbi,
  pushFeedAbi,
  reserveAbi,
  stakedAidAbi,
  yieldDistributorAbi,
} from "./abis/index.js";
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
  type MorphoAccountPosition,
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
export { type MintParameters, type MintReturnType, mint } from "./actions/mint.js";
export { type RedeemParameters, type RedeemReturnType, redeem } from "./actions/redeem.js";
export {
  type RequestUnstakeParameters,
  type RequestUnstakeReturnType,
  requestUnstake,
} from "./actions/requestUnstake.js";
export { type StakeParameters, type StakeReturnType, stake } from "./actions/stake.js";
export {
  type AidClient,
  type CreateAidClientParameters,
  createAidClient,
} from "./clients/createAidClient.js";
export { CLOCK_ADDRESS, type ReadOptions } from "./utils/multicall.js";
export type { WriteOptions, WriteReturnType } from "./utils/send.js";
export type { StableInput } from "./utils/validate.js";
// ---- vesting/APY, deal book, redemption queue and exit views; queue/exit/swap/permit writes; format (sdk-b) ----
export {
  type ExitEpochState,
  type VestingState,
} from "./actions/getProtocolOverview.js";
export {
  type DealStatus,
  type DealView,
  type GetDealsParameters,
  type GetDealsReturnType,
  MAX_DEALS_PAGE,
  dealStatuses,
  getDeals,
} from "./actions/getDeals.js";
export {
  type GetRedemptionRequestsParameters,
  type GetRedemptionRequestsReturnType,
  MAX_REQUESTS_PAGE,
  type RedeemRequestStatus,
  type RedemptionRequest,
  getRedemptionRequests,
  redeemRequestStatuses,
} from "./actions/getRedemptionRequests.js";
export {
  type GetExitRequestsParameters,
  type GetExitRequestsReturnType,
  getExitRequests,
} from "./actions/getExitRequests.js";
export {
  DEFAULT_RATE_LOOKBACK,
  type GetRateHistoryParameters,
  type GetRateHistoryReturnType,
  MAX_RATE_POINTS,
  type RatePoint,
  getRateHistory,
} from "./actions/getRateHistory.js";
export {
  type GetVestingScheduleParameters,
  type GetVestingScheduleReturnType,
  getVestingSchedule,
} from "./actions/getVestingSchedule.js";
export {
  type RequestRedeemParameters,
  type RequestRedeemReturnType,
  requestRedeem,
} from "./actions/requestRedeem.js";
export { type CancelRedeemParameters, type CancelRedeemReturnType, cancelRedeem } from "./actions/cancelRedeem.js";
export { type ClaimRedeemParameters, type ClaimRedeemReturnType, claimRedeem } from "./actions/claimRedeem.js";
export { type ClaimExitParameters, type ClaimExitReturnType, claimExit } from "./actions/claimExit.js";
export { type UnstakeParameters, type UnstakeReturnType, unstake } from "./actions/unstake.js";
export {
  type QuoteSwapParameters,
  type QuoteSwapReturnType,
  UNISWAP_V3_FEE_TIERS,
  quoteSwap,
  quoterV2Abi,
  resolvePair,
  uniswapV3PoolAbi,
} from "./actions/quoteSwap.js";
export {
  DEFAULT_SWAP_DEADLINE,
  MAX_SLIPPAGE_BPS,
  type SwapParameters,
  type SwapReturnType,
  swap,
  swapRouterAbi,
} from "./actions/swap.js";
export {
  type PermitParameters,
  type PermitReturnType,
  type SignPermitParameters,
  type SignPermitReturnType,
  permit,
  permitTypes,
  signPermit,
} from "./actions/permit.js";
export {
  InvalidAmountStringError,
  type InvalidAmountStringErrorType,
  InvalidParameterError,
  type InvalidParameterErrorType,
} from "./errors/validation.js";
export { type FormatAmountOptions, formatAmount, parseAmount } from "./utils/format.js";
export type { IdPage } from "./utils/page.js";
export {
  BPS,
  type EpochFill,
  SECONDS_PER_YEAR,
  WAD,
  compoundApr,
  convertToSharesDown,
  epochFill,
  rateGrowthApr,
  vestingApr,
  wadPow,
} from "./utils/yield.js";
// Morpho Blue (blue-sdk entities, exact position limits, simulate-first writes with their approval steps).
export { morphoAbi } from "./abis/morpho.js";
export {
  type MorphoRevertReason,
  MorphoRevertedError,
  type MorphoRevertedErrorType,
  UnknownMarketError,
  type UnknownMarketErrorType,
  decodeMorphoError,
  morphoRevertMessages,
} from "./morpho/errors.js";
export type { MarketInput, MorphoMarketParams } from "./morpho/markets.js";
export {
  type MarketStateValues,
  type MorphoPositionSummary,
  type PositionValues,
  accrueMarketState,
} from "./morpho/core.js";
export {
  getExactLiquidationPrice,
  getExactMaxBorrowable,
  getExactWithdrawableCollateral,
  summarizePosition,
} from "./morpho/math.js";
export {
  type RegisterAidMorphoParameters,
  type RegisterAidMorphoReturnType,
  type RegistrationStatus,
  registerAidMorpho,
} from "./morpho/registry.js";
export {
  type GetMarketsParameters,
  type GetMarketsReturnType,
  type MorphoMarketEntry,
  getMarkets,
} from "./morpho/getMarkets.js";
export {
  type GetPositionsParameters,
  type GetPositionsReturnType,
  type MorphoPositionEntry,
  getPositions,
} from "./morpho/getPositions.js";
export {
  type GetMorphoStepsParameters,
  type GetMorphoStepsReturnType,
  type MorphoAction,
  type MorphoStep,
  type MorphoStepCall,
  getMorphoSteps,
} from "./morpho/getMorphoSteps.js";
export {
  type SupplyCollateralParameters,
  type SupplyCollateralReturnType,
  supplyCollateral,
} from "./morpho/supplyCollateral.js";
export { type BorrowParameters, type BorrowReturnType, borrow } from "./morpho/borrow.js";
export { type RepayParameters, type RepayReturnType, repay } from "./morpho/repay.js";
export {
  type WithdrawCollateralParameters,
  type WithdrawCollateralReturnType,
  withdrawCollateral,
} from "./morpho/withdrawCollateral.js";
export {
  type SetMorphoAuthorizationParameters,
  type SetMorphoAuthorizationReturnType,
  setMorphoAuthorization,
} from "./morpho/setMorphoAuthorization.js";
export type { AssetsOrShares } from "./morpho/send.js";
