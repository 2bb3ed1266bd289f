import type { Account, Address, Chain, Client, Transport } from "viem";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertPositiveAmount } from "../utils/validate.js";

/** Parameters of {@link unstake}. */
export type UnstakeParameters = WriteOptions & {
  deployment: Deployment;
  /** sAID shares to redeem (18 decimals). */
  shares: bigint;
  /** Receiver of the AID (default: the sender). */
  receiver?: Address | undefined;
  /** Whose shares are burned (default: the sender; otherwise the sender needs an sAID allowance from it). */
  owner?: Address | undefined;
};

/** Return type of {@link unstake}: `result` is the AID paid. */
export type UnstakeReturnType = WriteReturnType<bigint, unknown>;

/**
 * Instant exit (ERC-4626 `redeem`): only when the vault runs without exit epochs (`exitEpochDuration = 0`, see
 * `getProtocolOverview().sAid.exitEpoch.duration` or `getExitRequests().maxRedeem`). With epochs on, the simulation
 * throws `AsyncExitOnly` and nothing is sent: use `requestUnstake`, then `claimExit`.
 *
 * @example
 * ```ts
 * const { result: aidOut } = await unstake(wallet, { deployment, shares: parseUnits("10", 18) })
 * ```
 */
export async function unstake(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: UnstakeParameters,
): Promise<UnstakeReturnType> {
  const { deployment, shares, dryRun } = parameters;
  assertPositiveAmount(shares, "shares");
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  const owner = parameters.owner ?? address;
  assertAddress(receiver, "receiver");
  assertAddress(owner, "owner");
  return (await simulateAndSend(client, {
    address: deployment.tokens.sAID,
    abi: stakedAidAbi,
    functionName: "redeem",
    args: [shares, receiver, owner],
    account,
    dryRun,
  })) as UnstakeReturnType;
}
