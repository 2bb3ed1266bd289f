import type { Account, Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";
import { getAction } from "viem/utils";
import { morphoAbi } from "../abis/morpho.js";
import type { Deployment } from "../deployment.js";
import type { WriteOptions, WriteReturnType } from "../utils/send.js";
import { InvalidAmountError } from "../errors/validation.js";
import type { MarketInput } from "./markets.js";
import { assetsOrShares, morphoWriteContext, sendMorpho } from "./send.js";

/**
 * Parameters of {@link repay}: `assets` (loan units), `shares` (borrow shares) or `shares: "all"` (the position's
 * whole debt, repaid by shares so no dust is left whatever interest accrues before the transaction is mined).
 */
export type RepayParameters = WriteOptions &
  ({ assets: bigint; shares?: undefined } | { shares: bigint | "all"; assets?: undefined }) & {
    deployment: Deployment;
    /** Market name (`"SAID_USDC"`) or id. */
    market: MarketInput;
    /** Whose debt to repay (default: the sender; anyone may repay anyone's debt, no authorization). */
    onBehalf?: Address | undefined;
  };

/** Return type of {@link repay}: `result` = what Morpho returns, the assets paid and the shares burned. */
export type RepayReturnType = WriteReturnType<{ assets: bigint; shares: bigint }, unknown>;

/**
 * Repays Morpho Blue debt (`Morpho.repay`): validates, simulates, then sends the simulated request. The sender must
 * have approved Morpho for the loan token (for shares, the assets at inclusion time, which grow with interest:
 * `getMorphoSteps` gives an amount with a margin). With `shares: "all"` it reads the position's borrow shares first
 * (one `eth_call`) and repays exactly them.
 *
 * @example
 * ```ts
 * await repay(walletClient, { deployment, market: "SAID_USDC", shares: "all" })
 * ```
 */
export async function repay(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: RepayParameters,
): Promise<RepayReturnType> {
  const { deployment, dryRun } = parameters;
  const { market, params, account, onBehalf } = morphoWriteContext(client, parameters);
  const all = parameters.shares === "all";
  const [assets, shares] = all ? [0n, 0n] : assetsOrShares(parameters);
  let repaidShares = shares;
  if (all) {
    const [, borrowShares] = await getAction(
      client,
      readContract,
      "readContract",
    )({ address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "position", args: [market.id, onBehalf] });
    if (borrowShares === 0n)
      throw new InvalidAmountError({ parameter: "shares", value: "all", reason: "has nothing to repay (no debt)" });
    repaidShares = borrowShares;
  }
  const sent = await sendMorpho(client, {
    deployment,
    functionName: "repay",
    args: [params, assets, repaidShares, onBehalf, "0x"],
    account,
    dryRun,
  });
  const [assetsRepaid, sharesRepaid] = sent.result as readonly [bigint, bigint];
  return { ...sent, result: { assets: assetsRepaid, shares: sharesRepaid } };
}
