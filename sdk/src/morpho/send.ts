import type { Account, Address, Chain, Client, Transport } from "viem";
import { morphoAbi } from "../abis/morpho.js";
import type { Deployment } from "../deployment.js";
import { InvalidAmountError } from "../errors/validation.js";
import { type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertPositiveAmount } from "../utils/validate.js";
import { decodeMorphoError } from "./errors.js";
import { type MarketInput, type ResolvedMarket, paramsTuple, resolveMarket } from "./markets.js";

/**
 * Validates what every Morpho write takes (market, sender, `onBehalf`, `receiver`; before any RPC) and returns
 * the market, Morpho's `MarketParams` tuple, the sender and the resolved addresses (both default to the sender).
 */
export function morphoWriteContext(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: {
    deployment: Deployment;
    market: MarketInput;
    account?: Account | Address | undefined;
    onBehalf?: Address | undefined;
    receiver?: Address | undefined;
  },
) {
  const market: ResolvedMarket = resolveMarket(parameters.deployment, parameters.market);
  const { account, address } = resolveAccount(client, parameters.account);
  const onBehalf = parameters.onBehalf ?? address;
  assertAddress(onBehalf, "onBehalf");
  const receiver = parameters.receiver ?? address;
  assertAddress(receiver, "receiver");
  return { market, params: paramsTuple(market.params), account, onBehalf, receiver };
}

/**
 * Simulates a Morpho Blue call and sends exactly the simulated request (`simulateAndSend`); a Morpho string revert
 * is rethrown as `MorphoRevertedError`, one of our custom errors (e.g. the oracle's `StalePrice`) as
 * `AidContractError`. Nothing is sent when the simulation fails.
 */
export async function sendMorpho(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  call: {
    deployment: Deployment;
    functionName: string;
    args: readonly unknown[];
    account: Account | Address;
    dryRun?: boolean | undefined;
  },
): Promise<WriteReturnType<unknown, unknown>> {
  try {
    return await simulateAndSend(client, {
      address: call.deployment.contracts.Morpho,
      abi: morphoAbi,
      functionName: call.functionName,
      args: call.args,
      account: call.account,
      dryRun: call.dryRun,
    });
  } catch (error) {
    throw decodeMorphoError(error) ?? error;
  }
}

/** An amount given in loan assets or in borrow shares: exactly one of the two. */
export type AssetsOrShares =
  | { assets: bigint; shares?: undefined }
  | { shares: bigint; assets?: undefined };

/** Validates {@link AssetsOrShares}: exactly one, a positive bigint; returns Morpho's `(assets, shares)` pair. */
export function assetsOrShares(parameters: { assets?: unknown; shares?: unknown }): [bigint, bigint] {
  const { assets, shares } = parameters;
  if ((assets === undefined) === (shares === undefined))
    throw new InvalidAmountError({
      parameter: "assets",
      value: `assets: ${String(assets)}, shares: ${String(shares)}`,
      reason: "and `shares`: give exactly one of the two",
    });
  if (assets !== undefined) {
    assertPositiveAmount(assets, "assets");
    return [assets, 0n];
  }
  assertPositiveAmount(shares, "shares");
  return [0n, shares as bigint];
}
