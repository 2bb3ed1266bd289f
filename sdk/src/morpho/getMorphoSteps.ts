import { type Address, type Chain, type Client, type Transport, erc20Abi } from "viem";
import { morphoAbi } from "../abis/morpho.js";
import type { Deployment } from "../deployment.js";
import { AidSdkError } from "../errors/base.js";
import { InvalidAmountError } from "../errors/validation.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";
import { assertAddress, assertNonNegativeAmount } from "../utils/validate.js";
import { accrueMarketState, toAssets } from "./core.js";
import { marketCalls, marketValues, must, paramsTuple, resolveMarket } from "./markets.js";
import type { MarketInput } from "./markets.js";
import { assetsOrShares } from "./send.js";

/** The Morpho writes {@link getMorphoSteps} prepares. */
export type MorphoAction = "supplyCollateral" | "borrow" | "repay" | "withdrawCollateral";

const MORPHO_ACTIONS: readonly MorphoAction[] = ["supplyCollateral", "borrow", "repay", "withdrawCollateral"];

/** Parameters of {@link getMorphoSteps}. */
export type GetMorphoStepsParameters = ReadOptions & {
  deployment: Deployment;
  action: MorphoAction;
  /** Market name (`"SAID_USDC"`) or id. */
  market: MarketInput;
  /** The sender of the action. */
  account: Address;
  /** Whose position (default: `account`). */
  onBehalf?: Address | undefined;
  /** Amount in assets (every action) … */
  assets?: bigint | undefined;
  /** … or in borrow shares (`borrow`, `repay`; `"all"` = the position's whole debt, `repay` only). */
  shares?: bigint | "all" | undefined;
  /**
   * `repay` by shares: the approval covers the debt accrued this many seconds after the block read (default 3600), as
   * interest accrues until the transaction is mined.
   */
  accrualMargin?: bigint | undefined;
};

/** A contract call of a step, ready for viem's `simulateContract` / `writeContract` (add `account`). */
export type MorphoStepCall = {
  address: Address;
  abi: typeof erc20Abi | typeof morphoAbi;
  functionName: string;
  args: readonly unknown[];
};

/** One step of {@link GetMorphoStepsReturnType}; `from` is the account that must send it. */
export type MorphoStep =
  | {
      type: "approve";
      from: Address;
      token: Address;
      spender: Address;
      /** Allowance needed. */
      amount: bigint;
      /** Current allowance (below `amount`). */
      allowance: bigint;
      call: MorphoStepCall;
    }
  | { type: "setAuthorization"; from: Address; authorized: Address; call: MorphoStepCall }
  | { type: MorphoAction; from: Address; call: MorphoStepCall };

/** Return type of {@link getMorphoSteps}. */
export type GetMorphoStepsReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  /** In order: an ERC-20 approval (if the allowance is short), a Morpho authorization (if acting for someone else who
   * has not authorized `account`), then the action itself. */
  steps: MorphoStep[];
};

/**
 * Lists what a Morpho write needs, in ONE RPC round trip: the ERC-20 approval to Morpho (`supplyCollateral` pulls
 * the collateral, `repay` the loan token; skipped when the allowance suffices), the `setAuthorization` the position
 * owner must send when `account` borrows or withdraws collateral for it (skipped when already authorized), then the
 * action's own call. Each step carries the call to send and who must send it.
 *
 * @example
 * ```ts
 * const { steps } = await getMorphoSteps(client, { deployment, action: "supplyCollateral", market: "SAID_USDC", account, assets })
 * for (const step of steps.slice(0, -1)) await walletClient.writeContract({ ...step.call, account: step.from })
 * ```
 */
export async function getMorphoSteps(
  client: Client<Transport, Chain | undefined>,
  parameters: GetMorphoStepsParameters,
): Promise<GetMorphoStepsReturnType> {
  const { deployment, action, account } = parameters;
  if (!MORPHO_ACTIONS.includes(action)) throw new AidSdkError(`Unknown Morpho action: ${String(action)}.`, { metaMessages: [`Known actions: ${MORPHO_ACTIONS.join(", ")}.`] });
  const market = resolveMarket(deployment, parameters.market);
  assertAddress(account, "account");
  const onBehalf = parameters.onBehalf ?? account;
  assertAddress(onBehalf, "onBehalf");
  const all = parameters.shares === "all";
  if (all && action !== "repay")
    throw new InvalidAmountError({ parameter: "shares", value: "all", reason: "is only valid for repay" });
  const [assets, shares] = all ? [0n, 0n] : assetsOrShares(parameters);
  if (shares > 0n && (action === "supplyCollateral" || action === "withdrawCollateral"))
    throw new InvalidAmountError({ parameter: "shares", value: shares, reason: `is not valid for ${action}: give assets` });
  const margin = parameters.accrualMargin ?? 3600n;
  assertNonNegativeAmount(margin, "accrualMargin");

  const morpho = deployment.contracts.Morpho;
  const token = action === "supplyCollateral" ? market.params.collateralToken : market.params.loanToken;
  const { results, timestamp, blockNumber } = await readAllSettled(
    client,
    [
      { address: token, abi: erc20Abi, functionName: "allowance", args: [account, morpho] },
      { address: morpho, abi: morphoAbi, functionName: "isAuthorized", args: [onBehalf, account] },
      { address: morpho, abi: morphoAbi, functionName: "position", args: [market.id, onBehalf] },
      ...marketCalls(deployment, market),
    ] as const,
    parameters,
  );
  const [allowanceResult, authorizedResult, positionResult, state, price, rateAtTarget] = results;
  const allowance = must(allowanceResult);
  const isAuthorized = must(authorizedResult);
  const [, borrowShares] = must(positionResult);

  const repaidShares = all ? borrowShares : shares;
  if (all && repaidShares === 0n)
    throw new InvalidAmountError({ parameter: "shares", value: "all", reason: "has nothing to repay (no debt)" });

  const steps: MorphoStep[] = [];
  if (action === "supplyCollateral" || action === "repay") {
    let amount = assets;
    if (repaidShares > 0n) {
      const values = marketValues(deployment, market, [state, price, rateAtTarget]);
      const { state: accrued } =
        values.rateAtTarget === undefined
          ? values
          : accrueMarketState(values.state, values.rateAtTarget, timestamp + margin);
      amount = toAssets(repaidShares, accrued.totalBorrowAssets, accrued.totalBorrowShares, "Up");
    }
    if (allowance < amount)
      steps.push({
        type: "approve",
        from: account,
        token,
        spender: morpho,
        amount,
        allowance,
        call: { address: token, abi: erc20Abi, functionName: "approve", args: [morpho, amount] },
      });
  }
  const needsAuthorization =
    (action === "borrow" || action === "withdrawCollateral") &&
    onBehalf.toLowerCase() !== account.toLowerCase() &&
    !isAuthorized;
  if (needsAuthorization)
    steps.push({
      type: "setAuthorization",
      from: onBehalf,
      authorized: account,
      call: { address: morpho, abi: morphoAbi, functionName: "setAuthorization", args: [account, true] },
    });
  const params = paramsTuple(market.params);
  const args: Record<MorphoAction, readonly unknown[]> = {
    supplyCollateral: [params, assets, onBehalf, "0x"],
    borrow: [params, assets, shares, onBehalf, account],
    repay: [params, assets, repaidShares, onBehalf, "0x"],
    withdrawCollateral: [params, assets, onBehalf, account],
  };
  steps.push({ type: action, from: account, call: { address: morpho, abi: morphoAbi, functionName: action, args: args[action] } });
  return { blockNumber, timestamp, steps };
}
