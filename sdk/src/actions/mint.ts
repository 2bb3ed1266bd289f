import type { Account, Address, Chain, Client, Transport } from "viem";
import { reserveAbi } from "../abis/reserve.js";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import {
  type StableInput,
  assertAddress,
  assertNonNegativeAmount,
  assertPositiveAmount,
  resolveStable,
} from "../utils/validate.js";

/** Parameters of {@link mint}. */
export type MintParameters = WriteOptions & {
  deployment: Deployment;
  /** Stablecoin paid in: `"USDC"`, `"USDT"` or its address. */
  stable: StableInput;
  /** Stablecoin amount in its own units (USDC/USDT: 6 decimals). */
  amount: bigint;
  /** Minimum AID out (18 decimals); the mint reverts `Slippage` below it. */
  minAidOut: bigint;
  /** Receiver of the AID (default: the sender). */
  receiver?: Address | undefined;
};

/** Return type of {@link mint}: `result` is the AID minted to the receiver. */
export type MintReturnType = WriteReturnType<bigint, unknown>;

/**
 * Mints AID against a whitelisted stablecoin (`Reserve.mint`): validates the inputs, simulates, then sends the
 * simulated request. The sender must have approved the Reserve for `amount` of the stablecoin. Reverts are thrown
 * as `AidContractError` (e.g. `MintIsPaused`, `Slippage`, `MintCapExceeded`) and nothing is sent.
 *
 * @example
 * ```ts
 * const { hash, result } = await mint(walletClient, {
 *   deployment, stable: "USDC", amount: parseUnits("1000", 6), minAidOut: parseUnits("995", 18),
 * })
 * ```
 */
export async function mint(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: MintParameters,
): Promise<MintReturnType> {
  const { deployment, amount, minAidOut, dryRun } = parameters;
  const stable = resolveStable(deployment, parameters.stable);
  assertPositiveAmount(amount, "amount");
  assertNonNegativeAmount(minAidOut, "minAidOut");
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  assertAddress(receiver, "receiver");
  return (await simulateAndSend(client, {
    address: deployment.contracts.Reserve,
    abi: reserveAbi,
    functionName: "mint",
    args: [stable, amount, minAidOut, receiver],
    account,
    dryRun,
  })) as MintReturnType;
}
