import type { Address, Chain, Client, Transport } from "viem";
import { aidAbi } from "../abis/aid.js";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type MorphoPositionEntry, positionCalls, positionEntries } from "../morpho/getPositions.js";
import { type MarketInput, type Settled, must, resolveMarkets } from "../morpho/markets.js";
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
   * The account's Morpho Blue positions (one per market, empty ones included), accrued to the block's timestamp:
   * blue-sdk `AccrualPosition`s plus exact plain summaries (see `getPositions`).
   */
  morpho: MorphoPositionEntry[];
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
    morpho: positionEntries(deployment, markets, account, results.slice(ACCOUNT_CALLS), timestamp),
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
