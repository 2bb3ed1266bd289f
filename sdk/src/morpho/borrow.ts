import type { Account, Address, Chain, Client, Transport } from "viem";
import type { Deployment } from "../deployment.js";
import type { WriteOptions, WriteReturnType } from "../utils/send.js";
import type { MarketInput } from "./markets.js";
import { type AssetsOrShares, assetsOrShares, morphoWriteContext, sendMorpho } from "./send.js";

/** Parameters of {@link borrow}: `assets` (loan units) or `shares` (borrow shares), exactly one. */
export type BorrowParameters = WriteOptions &
  AssetsOrShares & {
    deployment: Deployment;
    /** Market name (`"SAID_USDC"`) or id. */
    market: MarketInput;
    /** Whose position takes the debt (default: the sender; another owner must have authorized the sender). */
    onBehalf?: Address | undefined;
    /** Receiver of the borrowed assets (default: the sender). */
    receiver?: Address | undefined;
  };

/** Return type of {@link borrow}: `result` = what Morpho returns, the assets borrowed and the shares minted. */
export type BorrowReturnType = WriteReturnType<{ assets: bigint; shares: bigint }, unknown>;

/**
 * Borrows from a Morpho Blue market (`Morpho.borrow`): validates, simulates, then sends the simulated request.
 * `getPositions(...).summary.maxBorrowable` is the exact most Morpho accepts (one unit more reverts "insufficient
 * collateral"); it is computed at a timestamp, and interest accrues until the transaction is mined, so leave a margin
 * or pass `timestamp` to `getPositions`. Acting for another owner needs its `setAuthorization` (`getMorphoSteps`).
 *
 * @example
 * ```ts
 * const { result } = await borrow(walletClient, { deployment, market: "SAID_USDC", assets: parseUnits("500", 6) })
 * result.shares // borrow shares minted
 * ```
 */
export async function borrow(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: BorrowParameters,
): Promise<BorrowReturnType> {
  const { deployment, dryRun } = parameters;
  const { params, account, onBehalf, receiver } = morphoWriteContext(client, parameters);
  const [assets, shares] = assetsOrShares(parameters);
  const sent = await sendMorpho(client, {
    deployment,
    functionName: "borrow",
    args: [params, assets, shares, onBehalf, receiver],
    account,
    dryRun,
  });
  const [assetsBorrowed, sharesBorrowed] = sent.result as readonly [bigint, bigint];
  return { ...sent, result: { assets: assetsBorrowed, shares: sharesBorrowed } };
}
