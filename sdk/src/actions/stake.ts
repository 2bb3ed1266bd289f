import type { Account, Address, Chain, Client, Transport } from "viem";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertPositiveAmount } from "../utils/validate.js";

/** Parameters of {@link stake}. */
export type StakeParameters = WriteOptions & {
  deployment: Deployment;
  /** AID deposited (18 decimals). */
  assets: bigint;
  /** Receiver of the sAID shares (default: the sender). */
  receiver?: Address | undefined;
};

/** Return type of {@link stake}: `result` is the sAID shares minted. */
export type StakeReturnType = WriteReturnType<bigint, unknown>;

/**
 * Stakes AID into the sAID vault (ERC-4626 `deposit`). The sender must have approved the vault for `assets` AID.
 * Simulated first; reverts are thrown as `AidContractError` and nothing is sent.
 *
 * @example
 * ```ts
 * const { result: shares } = await stake(walletClient, { deployment, assets: parseUnits("500", 18) })
 * ```
 */
export async function stake(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: StakeParameters,
): Promise<StakeReturnType> {
  const { deployment, assets, dryRun } = parameters;
  assertPositiveAmount(assets, "assets");
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  assertAddress(receiver, "receiver");
  return (await simulateAndSend(client, {
    address: deployment.tokens.sAID,
    abi: stakedAidAbi,
    functionName: "deposit",
    args: [assets, receiver],
    account,
    dryRun,
  })) as StakeReturnType;
}
