import type { Address, Chain, Client, Transport } from "viem";
import { aidAbi } from "../abis/aid.js";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";
import { assertAddress } from "../utils/validate.js";

/** Parameters of {@link getAccountOverview}. */
export type GetAccountOverviewParameters = ReadOptions & {
  deployment: Deployment;
  account: Address;
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
};

/**
 * Reads an account's AID and sAID position in ONE RPC round trip: balances, the sAID balance's value in AID,
 * pending and claimable sAID exits, and the allowances the writes need. Validates `account` before any RPC.
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
  const aid = { address: deployment.tokens.AID, abi: aidAbi } as const;
  const vault = { address: deployment.tokens.sAID, abi: stakedAidAbi } as const;
  const { results, timestamp, blockNumber } = await readAll(
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
  ] = results;
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
