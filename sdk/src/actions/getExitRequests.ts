import type { Address, Chain, Client, Transport } from "viem";
import { aidAbi } from "../abis/aid.js";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";
import { assertAddress } from "../utils/validate.js";
import { type EpochFill, epochFill } from "../utils/yield.js";
import { convertToAssets } from "./getAccountOverview.js";

/** Parameters of {@link getExitRequests}. */
export type GetExitRequestsParameters = ReadOptions & {
  deployment: Deployment;
  /** The ERC-7540 controller (who requested, and may claim). */
  account: Address;
};

/** Return type of {@link getExitRequests}. sAID shares and AID assets, 18 decimals. */
export type GetExitRequestsReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  account: Address;
  /** Shares of `account` waiting for an epoch to fill them (`pendingRedeemRequest(0, account)`). */
  pendingShares: bigint;
  /** Their value at the current rate (`convertToAssets`, floor): what they would fetch if filled now. */
  pendingAssets: bigint;
  /** AID filled and claimable now with `claimExit` (`claimableRedeemRequest(0, account)`). */
  claimableAssets: bigint;
  /** The epoch the pending shares wait for. */
  epoch: bigint;
  endsAt: bigint;
  /** Whether anyone may call `settleEpoch` now. */
  settleable: boolean;
  /**
   * The account's expected fill if the epoch settled in this block: `pendingShares × fillRatio` of the whole queue
   * (the contract fills every request pro rata), in shares and in assets (`pendingShares × fillAssets /
   * queuedShares`, floor; the contract's per-position unit accounting may differ by a few wei).
   */
  expectedFillShares: bigint;
  expectedFillAssets: bigint;
  /** The whole epoch's replayed settlement (see `epochFill`). */
  epochFill: EpochFill;
  /** Synchronous exit (ERC-4626 `redeem`/`withdraw`) is open only with `exitEpochDuration = 0`: these are then > 0. */
  maxRedeem: bigint;
  maxWithdraw: bigint;
};

/**
 * Reads `account`'s sAID epoch exit in ONE `eth_call`: pending shares and their value, claimable assets, the epoch
 * they wait for, and their expected fill under the vault's settlement rule (pro rata up to `maxEpochExitBps` of
 * `totalAssets`). Validates `account` before any RPC.
 *
 * @example
 * ```ts
 * const exit = await getExitRequests(client, { deployment, account })
 * if (exit.claimableAssets > 0n) await claimExit(wallet, { deployment })
 * ```
 */
export async function getExitRequests(
  client: Client<Transport, Chain | undefined>,
  parameters: GetExitRequestsParameters,
): Promise<GetExitRequestsReturnType> {
  const { deployment, account } = parameters;
  assertAddress(account, "account");
  const vault = { address: deployment.tokens.sAID, abi: stakedAidAbi } as const;
  const { results, timestamp, blockNumber } = await readAll(
    client,
    [
      { ...vault, functionName: "pendingRedeemRequest", args: [0n, account] },
      { ...vault, functionName: "claimableRedeemRequest", args: [0n, account] },
      { ...vault, functionName: "openEpoch" },
      { ...vault, functionName: "totalPendingShares" },
      { ...vault, functionName: "totalAssets" },
      { ...vault, functionName: "totalSupply" },
      { ...vault, functionName: "maxEpochExitBps" },
      { ...vault, functionName: "decimals" },
      { address: deployment.tokens.AID, abi: aidAbi, functionName: "decimals" },
      { ...vault, functionName: "maxRedeem", args: [account] },
      { ...vault, functionName: "maxWithdraw", args: [account] },
    ] as const,
    parameters,
  );
  const [
    pendingShares,
    claimableAssets,
    [epoch, endsAt],
    queuedShares,
    totalAssets,
    totalSupply,
    maxEpochExitBps,
    vaultDecimals,
    aidDecimals,
    maxRedeem,
    maxWithdraw,
  ] = results;
  const decimalsOffset = vaultDecimals - aidDecimals;
  const fill = epochFill({ totalAssets, totalSupply, decimalsOffset, queuedShares, maxEpochExitBps });
  return {
    blockNumber,
    timestamp,
    account,
    pendingShares,
    pendingAssets: convertToAssets(pendingShares, { totalAssets, totalSupply, decimalsOffset }),
    claimableAssets,
    epoch,
    endsAt,
    settleable: timestamp >= endsAt,
    expectedFillShares: queuedShares === 0n ? 0n : (pendingShares * fill.fillShares) / queuedShares,
    expectedFillAssets: queuedShares === 0n ? 0n : (pendingShares * fill.fillAssets) / queuedShares,
    epochFill: fill,
    maxRedeem,
    maxWithdraw,
  };
}
