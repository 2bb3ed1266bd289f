import type { Account, Chain, Client, Transport } from "viem";
import { type RequestWriteParameters, writeRequestCall } from "../utils/reserveRequest.js";
import type { WriteReturnType } from "../utils/send.js";

/** Parameters of {@link claimRedeem}: `requestId` of a `Claimable` request (processed by `processQueue`). */
export type ClaimRedeemParameters = RequestWriteParameters;

/** Return type of {@link claimRedeem}: `result` is the stablecoin paid to the request's receiver. */
export type ClaimRedeemReturnType = WriteReturnType<bigint, unknown>;

/**
 * Claims a processed redemption request (`Reserve.claim`): burns its escrowed AID and pays the set-aside stablecoin
 * to the request's `receiver` (anyone may send it; the payout always goes to the receiver). Throws
 * `InvalidRequestStatus` before processing, `RedeemIsPaused` while paused; nothing is sent then.
 *
 * @example
 * ```ts
 * const { result: paid } = await claimRedeem(wallet, { deployment, requestId: 7n })
 * ```
 */
export async function claimRedeem(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: ClaimRedeemParameters,
): Promise<ClaimRedeemReturnType> {
  return (await writeRequestCall(client, parameters, "claim")) as ClaimRedeemReturnType;
}
