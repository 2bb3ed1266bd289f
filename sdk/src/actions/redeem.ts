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

/** Parameters of {@link redeem}. */
export type RedeemParameters = WriteOptions & {
  deployment: Deployment;
  /** Stablecoin paid out: `"USDC"`, `"USDT"` or its address. */
  stable: StableInput;
  /** AID in (18 decimals). */
  aidIn: bigint;
  /** Minimum stablecoin out (own units); reverts `Slippage` below it. */
  minAmountOut: bigint;
  /** Receiver of the stablecoin (default: the sender). */
  receiver?: Address | undefined;
};

/** Return type of {@link redeem}: `result` is the stablecoin amount paid. */
export type RedeemReturnType = WriteReturnType<bigint, unknown>;

/**
 * Redeems AID instantly for a stablecoin from the Reserve's liquid buffer (`Reserve.redeem`), within the daily
 * limit. The sender must have approved the Reserve for `aidIn` AID. Simulated first; reverts are thrown as
 * `AidContractError` (`InstantRedeemLimitExceeded`, `InsufficientLiquidity`, …) and nothing is sent.
 *
 * @example
 * ```ts
 * await redeem(walletClient, { deployment, stable: "USDC", aidIn: parseUnits("100", 18), minAmountOut: 99_000_000n })
 * ```
 */
export async function redeem(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: RedeemParameters,
): Promise<RedeemReturnType> {
  const { deployment, aidIn, minAmountOut, dryRun } = parameters;
  const stable = resolveStable(deployment, parameters.stable);
  assertPositiveAmount(aidIn, "aidIn");
  assertNonNegativeAmount(minAmountOut, "minAmountOut");
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  assertAddress(receiver, "receiver");
  return (await simulateAndSend(client, {
    address: deployment.contracts.Reserve,
    abi: reserveAbi,
    functionName: "redeem",
    args: [stable, aidIn, minAmountOut, receiver],
    account,
    dryRun,
  })) as RedeemReturnType;
}
