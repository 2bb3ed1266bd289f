import type { Account, Address, Chain, Client, Transport } from "viem";
import { reserveAbi } from "../abis/reserve.js";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { type StableInput, assertAddress, assertPositiveAmount, resolveStable } from "../utils/validate.js";

/** Parameters of {@link requestRedeem}. */
export type RequestRedeemParameters = WriteOptions & {
  deployment: Deployment;
  /** Stablecoin to be paid in: `"USDC"`, `"USDT"` or its address. */
  stable: StableInput;
  /** AID to escrow (18 decimals; at least one unit of the stablecoin, i.e. 1e12 for USDC). */
  aidAmount: bigint;
  /** Who receives the stablecoin when the request is claimed (default: the sender). */
  receiver?: Address | undefined;
};

/** Return type of {@link requestRedeem}: `result` is the request id. */
export type RequestRedeemReturnType = WriteReturnType<bigint, unknown>;

/**
 * Queues a redemption (`Reserve.requestRedeem`): escrows `aidAmount` AID in the FIFO queue; once `processQueue` set
 * the stablecoin aside (after `redeemDelay`, while the buffer can pay), `claimRedeem` pays it 1:1 without fee.
 * The sender must have approved the Reserve for `aidAmount` AID (or use `permit`). Simulated first.
 *
 * @example
 * ```ts
 * const { result: requestId } = await requestRedeem(wallet, { deployment, stable: "USDC", aidAmount: parseUnits("500", 18) })
 * ```
 */
export async function requestRedeem(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: RequestRedeemParameters,
): Promise<RequestRedeemReturnType> {
  const { deployment, aidAmount, dryRun } = parameters;
  const stable = resolveStable(deployment, parameters.stable);
  assertPositiveAmount(aidAmount, "aidAmount");
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  assertAddress(receiver, "receiver");
  return (await simulateAndSend(client, {
    address: deployment.contracts.Reserve,
    abi: reserveAbi,
    functionName: "requestRedeem",
    args: [stable, aidAmount, receiver],
    account,
    dryRun,
  })) as RequestRedeemReturnType;
}
