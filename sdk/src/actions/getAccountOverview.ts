import type { Address, Chain, Client, Hex, Transport } from "viem";
import { aidAbi } from "../abis/aid.js";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment, DeploymentMarketName } from "../deployment.js";
import { type MorphoPositionSummary, accrueMarketState, summarize } from "../morpho/core.js";
import {
  type MarketInput,
  POSITION_CALLS_PER_MARKET,
  type Settled,
  must,
  positionCalls,
  positionValues,
  resolveMarkets,
} from "../morpho/markets.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { assertAddress } from "../utils/validate.js";

/** Parameters of {@link getAccountOverview}. */
export type GetAccountOverviewParameters = ReadOptions & {
  deployment: Deployment;
  account: Address;
  /** Morpho markets to include (default: every market of the deployment). */
  morphoMarkets?: readonly MarketInput[] | undefined;
};

/** Return type of {@link getAccountOverview}. Amounts in 18-decimal token units. */
export type GetAccountOverviewReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  account: Address;
  aidBalance: bigint;
  sAidBalance: bigint;
  /**
   * What the sAID balance is worth in AID now: ERC-4626 `convertToAssets(sAidBalance)`, computed from the same
   * block's `totalAssets`/`totalSupply` with OpenZeppelin's formula (rounded down), so it needs no second read.
   */
  sAidValueInAid: bigint;
  /** sAID exit: shares waiting for an epoch to fill them, and AID filled and claimable. */
  sAidExit: { pendingShares: bigint; claimableAssets: bigint };
  /** Allowances the write actions need: AID to the sAID vault (`stake`) and to the Reserve (`redeem`). */
  allowances: { aidToStakedAid: bigint; aidToReserve: bigint };
  /**
   * The account's Morpho Blue positions (one per market, empty ones included) on markets accrued to the block's
   * timestamp, as plain bigint summaries (the same as `getPositions(...).summary`, computed without blue-sdk so this
   * view stays small; use `getPositions` for blue-sdk entities).
   */
  morpho: MorphoAccountPosition[];
};

/** One Morpho position of {@link GetAccountOverviewReturnType}. */
export type MorphoAccountPosition = {
  name: DeploymentMarketName;
  id: Hex;
  summary: MorphoPositionSummary;
  /** The account's ERC-20 allowances to Morpho (what `supplyCollateral` and `repay` pull). */
  allowances: { loanToken: bigint; collateralToken: bigint };
  /** Why the market's oracle reverted (then the summary has no price-dependent figures), or `undefined`. */
  priceError: Error | undefined;
};

/** Number of AID/sAID reads before the Morpho ones. */
const ACCOUNT_CALLS = 10;

/**
 * Reads an account's AID and sAID position in ONE RPC round trip: balances, the sAID balance's value in AID,
 * pending and claimable sAID exits, the allowances the writes need, and its Morpho Blue positions (health factor,
 * liquidation price … see `getPositions`). Validates `account` (and `morphoMarkets`) before any RPC.
 *
 * @example
 * ```ts
 * const me = await getAccountOverview(client, { deployment, account: "0x90F7…b906" })
 * console.log(formatUnits(me.sAidValueInAid, 18), "AID staked")
 * ```
 */
export async function getAccountOverview(
  client: Client<Transport, Chain | undefined>,
  parameters: GetAccountOverviewParameters,
): Promise<GetAccountOverviewReturnType> {
  const { deployment, account } = parameters;
  assertAddress(account, "account");
  const markets = resolveMarkets(deployment, parameters.morphoMarkets);
  const aid = { address: deployment.tokens.AID, abi: aidAbi } as const;
  const vault = { address: deployment.tokens.sAID, abi: stakedAidAbi } as const;
  const { results, timestamp, blockNumber } = await readAllSettled(
    client,
    [
      { ...aid, functionName: "balanceOf", args: [account] },
      { ...vault, functionName: "balanceOf", args: [account] },
      { ...vault, functionName: "totalAssets" },
      { ...vault, functionName: "totalSupply" },
      { ...vault, functionName: "decimals" },
      { ...aid, functionName: "decimals" },
      { ...vault, functionName: "pendingRedeemRequest", args: [0n, account] },
      { ...vault, functionName: "claimableRedeemRequest", args: [0n, account] },
      { ...aid, functionName: "allowance", args: [account, deployment.tokens.sAID] },
      { ...aid, functionName: "allowance", args: [account, deployment.contracts.Reserve] },
      ...positionCalls(deployment, markets, account),
    ] as const,
    parameters,
  );
  const [
    aidBalance,
    sAidBalance,
    totalAssets,
    totalSupply,
    vaultDecimals,
    assetDecimals,
    pendingShares,
    claimableAssets,
    aidToStakedAid,
    aidToReserve,
  ] = results.slice(0, ACCOUNT_CALLS).map((result) => must(result as Settled<unknown>)) as [
    bigint,
    bigint,
    bigint,
    bigint,
    number,
    number,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  return {
    blockNumber,
    timestamp,
    account,
    aidBalance,
    sAidBalance,
    sAidValueInAid: convertToAssets(sAidBalance, {
      totalAssets,
      totalSupply,
      decimalsOffset: vaultDecimals - assetDecimals,
    }),
    sAidExit: { pendingShares, claimableAssets },
    allowances: { aidToStakedAid, aidToReserve },
    morpho: markets.map((market, i) => {
      const start = ACCOUNT_CALLS + POSITION_CALLS_PER_MARKET * i;
      const values = positionValues(deployment, market, results.slice(start, start + POSITION_CALLS_PER_MARKET));
      const { state, price, priceError, rateAtTarget } = values.market;
      const accrued = rateAtTarget === undefined ? state : accrueMarketState(state, rateAtTarget, timestamp).state;
      return {
        name: market.name,
        id: market.id,
        summary: summarize(values.position, accrued, market.params.lltv, price),
        allowances: values.allowances,
        priceError,
      };
    }),
  };
}

/**
 * OpenZeppelin ERC-4626 `convertToAssets` (rounding down): `shares × (totalAssets + 1) / (totalSupply +
 * 10^decimalsOffset)`.
 *
 * @example
 * ```ts
 * convertToAssets(10n ** 18n, { totalAssets, totalSupply, decimalsOffset: 0 })
 * ```
 */
export function convertToAssets(
  shares: bigint,
  { totalAssets, totalSupply, decimalsOffset }: { totalAssets: bigint; totalSupply: bigint; decimalsOffset: number },
): bigint {
  return (shares * (totalAssets + 1n)) / (totalSupply + 10n ** BigInt(decimalsOffset));
}
