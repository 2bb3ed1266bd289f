import type { Account, Chain, Client, Transport } from "viem";
import { type RequestWriteParameters, writeRequestCall } from "../utils/reserveRequest.js";
import type { WriteReturnType } from "../utils/send.js";

/** Parameters of {@link cancelRedeem}: `requestId` of a `Pending` request owned by the sender. */
export type CancelRedeemParameters = RequestWriteParameters;

/** Return type of {@link cancelRedeem}: `result` is `undefined` (`Reserve.cancel` returns nothing). */
export type CancelRedeemReturnType = WriteReturnType<undefined, unknown>;

/**
 * Cancels a pending redemption request (`Reserve.cancel`) and returns its escrowed AID to the owner. Only the owner,
 * only while `Pending`: otherwise the simulation throws `NotRequestOwner` / `InvalidRequestStatus` /
 * `RequestNotFound` and nothing is sent. `requestId` must be a bigint ≥ 1 (`InvalidParameterError`, before any RPC).
 *
 * @example
 * ```ts
 * await cancelRedeem(wallet, { deployment, requestId: 7n })
 * ```
 */
export async function cancelRedeem(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: CancelRedeemParameters,
): Promise<CancelRedeemReturnType> {
  return (await writeRequestCall(client, parameters, "cancel")) as CancelRedeemReturnType;
}
