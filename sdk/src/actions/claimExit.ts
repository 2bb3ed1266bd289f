import type { Account, Address, Chain, Client, Transport } from "viem";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress } from "../utils/validate.js";

/** Parameters of {@link claimExit}. */
export type ClaimExitParameters = WriteOptions & {
  deployment: Deployment;
  /** Receiver of the AID (default: the sender). The sender is the controller (the vault requires it). */
  receiver?: Address | undefined;
};

/** Return type of {@link claimExit}: `result` is the AID paid. */
export type ClaimExitReturnType = WriteReturnType<bigint, unknown>;

/**
 * Claims the sender's filled sAID exit (`StakedAID.claim(controller = sender, receiver)`): pays the AID that settled
 * epochs set aside for the sender's requests. Throws `NothingToClaim` when nothing is filled (see
 * `getExitRequests().claimableAssets`); nothing is sent then.
 *
 * @example
 * ```ts
 * const { result: aidOut } = await claimExit(wallet, { deployment })
 * ```
 */
export async function claimExit(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: ClaimExitParameters,
): Promise<ClaimExitReturnType> {
  const { deployment, dryRun } = parameters;
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  assertAddress(receiver, "receiver");
  return (await simulateAndSend(client, {
    address: deployment.tokens.sAID,
    abi: stakedAidAbi,
    functionName: "claim",
    args: [address, receiver],
    account,
    dryRun,
  })) as ClaimExitReturnType;
}
