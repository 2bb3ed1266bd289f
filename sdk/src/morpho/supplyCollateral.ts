import type { Account, Address, Chain, Client, Transport } from "viem";
import type { Deployment } from "../deployment.js";
import type { WriteOptions, WriteReturnType } from "../utils/send.js";
import { assertPositiveAmount } from "../utils/validate.js";
import type { MarketInput } from "./markets.js";
import { morphoWriteContext, sendMorpho } from "./send.js";

/** Parameters of {@link supplyCollateral}. */
export type SupplyCollateralParameters = WriteOptions & {
  deployment: Deployment;
  /** Market name (`"SAID_USDC"`) or id. */
  market: MarketInput;
  /** Collateral amount in the collateral token's units. */
  assets: bigint;
  /** Whose position receives the collateral (default: the sender; no authorization needed). */
  onBehalf?: Address | undefined;
};

/** Return type of {@link supplyCollateral} (`result` is `undefined`: Morpho returns nothing). */
export type SupplyCollateralReturnType = WriteReturnType<undefined, unknown>;

/**
 * Supplies collateral to a Morpho Blue market (`Morpho.supplyCollateral`): validates, simulates, then sends the
 * simulated request. Step before it: the sender approves Morpho for `assets` of the collateral token
 * (`getMorphoSteps` lists it). A revert is thrown as `MorphoRevertedError` / `AidContractError`; nothing is sent.
 *
 * @example
 * ```ts
 * await supplyCollateral(walletClient, { deployment, market: "SAID_USDC", assets: parseUnits("100", 18) })
 * ```
 */
export async function supplyCollateral(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SupplyCollateralParameters,
): Promise<SupplyCollateralReturnType> {
  const { deployment, assets, dryRun } = parameters;
  const { params, account, onBehalf } = morphoWriteContext(client, parameters);
  assertPositiveAmount(assets, "assets");
  return (await sendMorpho(client, {
    deployment,
    functionName: "supplyCollateral",
    args: [params, assets, onBehalf, "0x"],
    account,
    dryRun,
  })) as SupplyCollateralReturnType;
}
