import type { Account, Address, Chain, Client, Transport } from "viem";
import type { Deployment } from "../deployment.js";
import type { WriteOptions, WriteReturnType } from "../utils/send.js";
import { assertPositiveAmount } from "../utils/validate.js";
import type { MarketInput } from "./markets.js";
import { morphoWriteContext, sendMorpho } from "./send.js";

/** Parameters of {@link withdrawCollateral}. */
export type WithdrawCollateralParameters = WriteOptions & {
  deployment: Deployment;
  /** Market name (`"SAID_USDC"`) or id. */
  market: MarketInput;
  /** Collateral amount in the collateral token's units (at most `summary.withdrawableCollateral` when in debt). */
  assets: bigint;
  /** Whose position (default: the sender; another owner must have authorized the sender on Morpho). */
  onBehalf?: Address | undefined;
  /** Receiver of the collateral (default: the sender). */
  receiver?: Address | undefined;
};

/** Return type of {@link withdrawCollateral} (`result` is `undefined`: Morpho returns nothing). */
export type WithdrawCollateralReturnType = WriteReturnType<undefined, unknown>;

/**
 * Withdraws collateral from a Morpho Blue position (`Morpho.withdrawCollateral`): validates, simulates, then sends
 * the simulated request. Morpho reverts "insufficient collateral" when the position would be unhealthy; acting for
 * another owner needs `Morpho.setAuthorization(sender, true)` from that owner (`getMorphoSteps` lists it).
 *
 * @example
 * ```ts
 * await withdrawCollateral(walletClient, { deployment, market: "SAID_USDC", assets: parseUnits("10", 18) })
 * ```
 */
export async function withdrawCollateral(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: WithdrawCollateralParameters,
): Promise<WithdrawCollateralReturnType> {
  const { deployment, assets, dryRun } = parameters;
  const { params, account, onBehalf, receiver } = morphoWriteContext(client, parameters);
  assertPositiveAmount(assets, "assets");
  return (await sendMorpho(client, {
    deployment,
    functionName: "withdrawCollateral",
    args: [params, assets, onBehalf, receiver],
    account,
    dryRun,
  })) as WithdrawCollateralReturnType;
}
