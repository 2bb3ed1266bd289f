import type { Account, Chain, Client, Transport } from "viem";
import {
  type GetAccountOverviewParameters,
  type GetAccountOverviewReturnType,
  getAccountOverview,
} from "../actions/getAccountOverview.js";
import { type GetFeedsParameters, type GetFeedsReturnType, getFeeds } from "../actions/getFeeds.js";
import {
  type GetProtocolOverviewParameters,
  type GetProtocolOverviewReturnType,
  getProtocolOverview,
} from "../actions/getProtocolOverview.js";
import { type MintParameters, type MintReturnType, mint } from "../actions/mint.js";
import { type RedeemParameters, type RedeemReturnType, redeem } from "../actions/redeem.js";
import {
  type RequestUnstakeParameters,
  type RequestUnstakeReturnType,
  requestUnstake,
} from "../actions/requestUnstake.js";
import { type StakeParameters, type StakeReturnType, stake } from "../actions/stake.js";
import type { Deployment } from "../deployment.js";
// ---- sdk-b actions ----
import { type CancelRedeemParameters, type CancelRedeemReturnType, cancelRedeem } from "../actions/cancelRedeem.js";
import { type ClaimExitParameters, type ClaimExitReturnType, claimExit } from "../actions/claimExit.js";
import { type ClaimRedeemParameters, type ClaimRedeemReturnType, claimRedeem } from "../actions/claimRedeem.js";
import { type GetDealsParameters, type GetDealsReturnType, getDeals } from "../actions/getDeals.js";
import {
  type GetExitRequestsParameters,
  type GetExitRequestsReturnType,
  getExitRequests,
} from "../actions/getExitRequests.js";
import {
  type GetRateHistoryParameters,
  type GetRateHistoryReturnType,
  getRateHistory,
} from "../actions/getRateHistory.js";
import {
  type GetVestingScheduleParameters,
  type GetVestingScheduleReturnType,
  getVestingSchedule,
} from "../actions/getVestingSchedule.js";
import {
  type GetRedemptionRequestsParameters,
  type GetRedemptionRequestsReturnType,
  getRedemptionRequests,
} from "../actions/getRedemptionRequests.js";
import {
  type PermitParameters,
  type PermitReturnType,
  type SignPermitParameters,
  type SignPermitReturnType,
  permit,
  signPermit,
} from "../actions/permit.js";
import { type RequestRedeemParameters, type RequestRedeemReturnType, requestRedeem } from "../actions/requestRedeem.js";
import { type QuoteSwapParameters, type QuoteSwapReturnType, quoteSwap } from "../actions/quoteSwap.js";
import { type SwapParameters, type SwapReturnType, swap } from "../actions/swap.js";
import { type UnstakeParameters, type UnstakeReturnType, unstake } from "../actions/unstake.js";
// Morpho Blue actions.
import { type BorrowParameters, type BorrowReturnType, borrow } from "../morpho/borrow.js";
import { type GetMarketsParameters, type GetMarketsReturnType, getMarkets } from "../morpho/getMarkets.js";
import {
  type GetMorphoStepsParameters,
  type GetMorphoStepsReturnType,
  getMorphoSteps,
} from "../morpho/getMorphoSteps.js";
import { type GetPositionsParameters, type GetPositionsReturnType, getPositions } from "../morpho/getPositions.js";
import { type RepayParameters, type RepayReturnType, repay } from "../morpho/repay.js";
import {
  type SetMorphoAuthorizationParameters,
  type SetMorphoAuthorizationReturnType,
  setMorphoAuthorization,
} from "../morpho/setMorphoAuthorization.js";
import {
  type SupplyCollateralParameters,
  type SupplyCollateralReturnType,
  supplyCollateral,
} from "../morpho/supplyCollateral.js";
import {
  type WithdrawCollateralParameters,
  type WithdrawCollateralReturnType,
  withdrawCollateral,
} from "../morpho/withdrawCollateral.js";

/** The parameters without `deployment` (distributive, so union parameters such as assets-or-shares stay unions). */
type Bound<parameters> = parameters extends unknown ? Omit<parameters, "deployment"> : never;

/** Parameters of {@link createAidClient}. */
export type CreateAidClientParameters<
  transport extends Transport = Transport,
  chain extends Chain | undefined = Chain | undefined,
  account extends Account | undefined = Account | undefined,
> = {
  /** Any viem client (public for reads; with an account, or pass `account` per write, for writes). */
  client: Client<transport, chain, account>;
  /** Parsed deployment (see `parseDeployment`). */
  deployment: Deployment;
};

/** The AID actions bound to a client and a deployment. */
export type AidClient<
  transport extends Transport = Transport,
  chain extends Chain | undefined = Chain | undefined,
  account extends Account | undefined = Account | undefined,
> = {
  client: Client<transport, chain, account>;
  deployment: Deployment;
  getProtocolOverview: (parameters?: Bound<GetProtocolOverviewParameters>) => Promise<GetProtocolOverviewReturnType>;
  getAccountOverview: (parameters: Bound<GetAccountOverviewParameters>) => Promise<GetAccountOverviewReturnType>;
  getFeeds: (parameters: Bound<GetFeedsParameters>) => Promise<GetFeedsReturnType>;
  mint: (parameters: Bound<MintParameters>) => Promise<MintReturnType>;
  redeem: (parameters: Bound<RedeemParameters>) => Promise<RedeemReturnType>;
  stake: (parameters: Bound<StakeParameters>) => Promise<StakeReturnType>;
  requestUnstake: (parameters: Bound<RequestUnstakeParameters>) => Promise<RequestUnstakeReturnType>;
  // ---- sdk-b actions ----
  getDeals: (parameters?: DistributiveBound<GetDealsParameters>) => Promise<GetDealsReturnType>;
  getRedemptionRequests: (
    parameters: DistributiveBound<GetRedemptionRequestsParameters>,
  ) => Promise<GetRedemptionRequestsReturnType>;
  getExitRequests: (parameters: Bound<GetExitRequestsParameters>) => Promise<GetExitRequestsReturnType>;
  getRateHistory: (parameters?: Bound<GetRateHistoryParameters>) => Promise<GetRateHistoryReturnType>;
  getVestingSchedule: (parameters?: Bound<GetVestingScheduleParameters>) => Promise<GetVestingScheduleReturnType>;
  requestRedeem: (parameters: Bound<RequestRedeemParameters>) => Promise<RequestRedeemReturnType>;
  cancelRedeem: (parameters: Bound<CancelRedeemParameters>) => Promise<CancelRedeemReturnType>;
  claimRedeem: (parameters: Bound<ClaimRedeemParameters>) => Promise<ClaimRedeemReturnType>;
  claimExit: (parameters?: Bound<ClaimExitParameters>) => Promise<ClaimExitReturnType>;
  unstake: (parameters: Bound<UnstakeParameters>) => Promise<UnstakeReturnType>;
  quoteSwap: (parameters: Bound<QuoteSwapParameters>) => Promise<QuoteSwapReturnType>;
  swap: (parameters: Bound<SwapParameters>) => Promise<SwapReturnType>;
  /** Not bound to the deployment (any EIP-2612 token): the same as `signPermit(client, parameters)`. */
  signPermit: (parameters: SignPermitParameters) => Promise<SignPermitReturnType>;
  permit: (parameters: PermitParameters) => Promise<PermitReturnType>;
  // Morpho Blue actions.
  getMarkets: (parameters?: Bound<GetMarketsParameters>) => Promise<GetMarketsReturnType>;
  getPositions: (parameters: Bound<GetPositionsParameters>) => Promise<GetPositionsReturnType>;
  getMorphoSteps: (parameters: Bound<GetMorphoStepsParameters>) => Promise<GetMorphoStepsReturnType>;
  supplyCollateral: (parameters: Bound<SupplyCollateralParameters>) => Promise<SupplyCollateralReturnType>;
  borrow: (parameters: Bound<BorrowParameters>) => Promise<BorrowReturnType>;
  repay: (parameters: Bound<RepayParameters>) => Promise<RepayReturnType>;
  withdrawCollateral: (parameters: Bound<WithdrawCollateralParameters>) => Promise<WithdrawCollateralReturnType>;
  setMorphoAuthorization: (
    parameters: Bound<SetMorphoAuthorizationParameters>,
  ) => Promise<SetMorphoAuthorizationReturnType>;
};

/** `Omit<…, "deployment">` over each member of a union (the `ids` | page parameter shapes). */
type DistributiveBound<parameters> = parameters extends unknown ? Omit<parameters, "deployment"> : never;

/**
 * Binds every AID action to `client` and `deployment` (viem's decorator style): `aid.getProtocolOverview()`
 * instead of `getProtocolOverview(client, { deployment })`. The plain actions stay available for tree-shaking.
 *
 * @example
 * ```ts
 * import { createWalletClient, http, publicActions } from "viem"
 * import { createAidClient, parseDeployment } from "@aid-protocol/sdk"
 *
 * const aid = createAidClient({
 *   client: createWalletClient({ account, transport: http(rpcUrl) }).extend(publicActions),
 *   deployment: parseDeployment(json),
 * })
 * const overview = await aid.getProtocolOverview()
 * await aid.stake({ assets: parseUnits("100", 18) })
 * ```
 */
export function createAidClient<
  transport extends Transport,
  chain extends Chain | undefined,
  account extends Account | undefined,
>({
  client,
  deployment,
}: CreateAidClientParameters<transport, chain, account>): AidClient<transport, chain, account> {
  const c = client as unknown as Client<Transport, Chain | undefined, Account | undefined>;
  return {
    client,
    deployment,
    getProtocolOverview: (parameters = {}) => getProtocolOverview(c, { ...parameters, deployment }),
    getAccountOverview: (parameters) => getAccountOverview(c, { ...parameters, deployment }),
    getFeeds: (parameters) => getFeeds(c, { ...parameters, deployment }),
    mint: (parameters) => mint(c, { ...parameters, deployment }),
    redeem: (parameters) => redeem(c, { ...parameters, deployment }),
    stake: (parameters) => stake(c, { ...parameters, deployment }),
    requestUnstake: (parameters) => requestUnstake(c, { ...parameters, deployment }),
    // ---- sdk-b actions ----
    getDeals: (parameters = {}) => getDeals(c, { ...parameters, deployment } as GetDealsParameters),
    getRedemptionRequests: (parameters) =>
      getRedemptionRequests(c, { ...parameters, deployment } as GetRedemptionRequestsParameters),
    getExitRequests: (parameters) => getExitRequests(c, { ...parameters, deployment }),
    getRateHistory: (parameters = {}) => getRateHistory(c, { ...parameters, deployment }),
    getVestingSchedule: (parameters = {}) => getVestingSchedule(c, { ...parameters, deployment }),
    requestRedeem: (parameters) => requestRedeem(c, { ...parameters, deployment }),
    cancelRedeem: (parameters) => cancelRedeem(c, { ...parameters, deployment }),
    claimRedeem: (parameters) => claimRedeem(c, { ...parameters, deployment }),
    claimExit: (parameters = {}) => claimExit(c, { ...parameters, deployment }),
    unstake: (parameters) => unstake(c, { ...parameters, deployment }),
    quoteSwap: (parameters) => quoteSwap(c, { ...parameters, deployment }),
    swap: (parameters) => swap(c, { ...parameters, deployment }),
    signPermit: (parameters) => signPermit(c, parameters),
    permit: (parameters) => permit(c, parameters),
    // Morpho Blue actions.
    getMarkets: (parameters = {}) => getMarkets(c, { ...parameters, deployment }),
    getPositions: (parameters) => getPositions(c, { ...parameters, deployment }),
    getMorphoSteps: (parameters) => getMorphoSteps(c, { ...parameters, deployment }),
    supplyCollateral: (parameters) => supplyCollateral(c, { ...parameters, deployment }),
    borrow: (parameters) => borrow(c, { ...parameters, deployment }),
    repay: (parameters) => repay(c, { ...parameters, deployment }),
    withdrawCollateral: (parameters) => withdrawCollateral(c, { ...parameters, deployment }),
    setMorphoAuthorization: (parameters) => setMorphoAuthorization(c, { ...parameters, deployment }),
  };
}
