import type { Account, Address, Chain, Client, Transport } from "viem";
import type { Deployment } from "../deployment.js";
import { type WriteOptions, type WriteReturnType, resolveAccount } from "../utils/send.js";
import { assertAddress } from "../utils/validate.js";
import { sendMorpho } from "./send.js";

/** Parameters of {@link setMorphoAuthorization}. */
export type SetMorphoAuthorizationParameters = WriteOptions & {
  deployment: Deployment;
  /** The address allowed (or no longer allowed) to borrow and withdraw collateral for the sender. */
  authorized: Address;
  /** `true` to authorize, `false` to revoke. */
  isAuthorized: boolean;
};

/** Return type of {@link setMorphoAuthorization}. */
export type SetMorphoAuthorizationReturnType = WriteReturnType<undefined, unknown>;

/**
 * Authorizes (or revokes) `authorized` to manage the sender's Morpho Blue positions (`Morpho.setAuthorization`), the
 * step `borrow` and `withdrawCollateral` need when they act `onBehalf` of someone else. Morpho reverts "already set"
 * when nothing would change (`getMorphoSteps` only lists it when needed).
 *
 * @example
 * ```ts
 * await setMorphoAuthorization(ownerWallet, { deployment, authorized: manager, isAuthorized: true })
 * ```
 */
export async function setMorphoAuthorization(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SetMorphoAuthorizationParameters,
): Promise<SetMorphoAuthorizationReturnType> {
  const { deployment, authorized, isAuthorized, dryRun } = parameters;
  assertAddress(authorized, "authorized");
  const { account } = resolveAccount(client, parameters.account);
  return (await sendMorpho(client, {
    deployment,
    functionName: "setAuthorization",
    args: [authorized, isAuthorized],
    account,
    dryRun,
  })) as SetMorphoAuthorizationReturnType;
}
