import type { Account, Address, Chain, Client, Transport } from "viem";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertPositiveAmount } from "../utils/validate.js";

/** Parameters of {@link requestUnstake}. */
export type RequestUnstakeParameters = WriteOptions & {
  deployment: Deployment;
  /** sAID shares to exit (18 decimals). */
  shares: bigint;
  /** Who may claim the filled assets (default: the sender). */
  controller?: Address | undefined;
  /** Whose shares are escrowed (default: the sender; otherwise the sender needs an sAID allowance from it). */
  owner?: Address | undefined;
};

/** Return type of {@link requestUnstake}: `result` is the ERC-7540 request id (always 0: requests are fungible). */
export type RequestUnstakeReturnType = WriteReturnType<bigint, unknown>;

/**
 * Queues sAID shares for exit in the open epoch (ERC-7540 `requestRedeem`); once the epoch settled, the filled
 * assets are claimable. Simulated first; reverts are thrown as `AidContractError` and nothing is sent.
 *
 * @example
 * ```ts
 * await requestUnstake(walletClient, { deployment, shares: parseUnits("100", 18) })
 * ```
 */
export async function requestUnstake(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: RequestUnstakeParameters,
): Promise<RequestUnstakeReturnType> {
  const { deployment, shares, dryRun } = parameters;
  assertPositiveAmount(shares, "shares");
  const { account, address } = resolveAccount(client, parameters.account);
  const controller = parameters.controller ?? address;
  const owner = parameters.owner ?? address;
  assertAddress(controller, "controller");
  assertAddress(owner, "owner");
  return (await simulateAndSend(client, {
    address: deployment.tokens.sAID,
    abi: stakedAidAbi,
    functionName: "requestRedeem",
    args: [shares, controller, owner],
    account,
    dryRun,
  })) as RequestUnstakeReturnType;
}
