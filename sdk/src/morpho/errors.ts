import { ContractFunctionRevertedError, type Hex, decodeErrorResult } from "viem";
import { AidSdkError, walk } from "../errors/base.js";

/** Type of {@link UnknownMarketError}. */
export type UnknownMarketErrorType = UnknownMarketError & { name: "UnknownMarketError" };

/**
 * The market is neither a market name of the deployment (`"SAID_USDC"`, `"AID_USDC"`, `"USDC_AID"`) nor one of their
 * ids (checked before any RPC).
 *
 * @example
 * ```ts
 * await borrow(client, { deployment, market: "ETH_USDC", assets: 1n }) // throws UnknownMarketError
 * ```
 */
export class UnknownMarketError extends AidSdkError {
  /** Name of the parameter. */
  readonly parameter: string;
  override name = "UnknownMarketError";

  constructor({ parameter, market, known }: { parameter: string; market: unknown; known: readonly string[] }) {
    super(`\`${parameter}\` is not a Morpho market of this deployment: ${describe(market)}.`, {
      metaMessages: [`Known markets: ${known.join(", ")}.`],
    });
    this.parameter = parameter;
  }
}

/**
 * Morpho Blue's revert reasons (`ErrorsLib`, string reverts) and the message {@link MorphoRevertedError} gives each.
 */
export const morphoRevertMessages = {
  "not owner": "Only Morpho's owner may do this.",
  "max LLTV exceeded": "The LLTV must be below 100%.",
  "max fee exceeded": "The fee exceeds Morpho's maximum (25%).",
  "already set": "The value is already set (e.g. the authorization already has this status).",
  "IRM not enabled": "The interest rate model is not enabled on Morpho.",
  "LLTV not enabled": "The LLTV is not enabled on Morpho.",
  "market already created": "The market already exists.",
  "no code": "The token has no code.",
  "market not created": "The market does not exist on this Morpho instance.",
  "inconsistent input": "Give exactly one of assets or shares (the other must be zero).",
  "zero assets": "The amount is zero.",
  "zero address": "An address parameter is the zero address.",
  unauthorized:
    "The sender may not act for `onBehalf`: `onBehalf` must first call Morpho.setAuthorization(sender, true).",
  "insufficient collateral":
    "The position would be unhealthy: its debt would exceed the collateral's borrowing power (collateral × price × LLTV).",
  "insufficient liquidity": "The market has not enough liquidity (supplied minus borrowed) for this.",
  "position is healthy": "The position is healthy: it cannot be liquidated.",
  "invalid signature": "Invalid authorization signature.",
  "signature expired": "The authorization signature expired.",
  "invalid nonce": "Invalid authorization nonce.",
  "transfer reverted": "A token transfer reverted.",
  "transfer returned false": "A token transfer returned false.",
  "transferFrom reverted":
    "A token transferFrom reverted: approve Morpho for the amount (and hold it) before supplying or repaying.",
  "transferFrom returned false": "A token transferFrom returned false.",
  "max uint128 exceeded": "An amount exceeds 2^128 − 1.",
} as const;

/** A revert reason of Morpho Blue. */
export type MorphoRevertReason = keyof typeof morphoRevertMessages;

/** Type of {@link MorphoRevertedError}. */
export type MorphoRevertedErrorType = MorphoRevertedError & { name: "MorphoRevertedError" };

/**
 * Morpho Blue reverted (in the simulation, so nothing was sent) with one of its string reasons, e.g.
 * `"insufficient collateral"`. `reason` is Morpho's string; `shortMessage` explains it.
 *
 * @example
 * ```ts
 * try { await borrow(client, { deployment, market: "SAID_USDC", assets }) }
 * catch (e) { if (e instanceof MorphoRevertedError && e.reason === "insufficient collateral") { ... } }
 * ```
 */
export class MorphoRevertedError extends AidSdkError {
  /** Morpho's revert string. */
  readonly reason: MorphoRevertReason;
  override name = "MorphoRevertedError";

  constructor({ reason, cause }: { reason: MorphoRevertReason; cause: unknown }) {
    super(morphoRevertMessages[reason], { cause, metaMessages: [`Morpho reverted: "${reason}".`] });
    this.reason = reason;
  }
}

const ERROR_STRING_ABI = [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }] as const;

/**
 * Finds a Morpho Blue revert reason in a viem error's cause chain and returns it as a {@link MorphoRevertedError}
 * (or `undefined` when the error is not a Morpho revert).
 *
 * @example
 * ```ts
 * const decoded = decodeMorphoError(error) // MorphoRevertedError { reason: "insufficient collateral" } | undefined
 * ```
 */
export function decodeMorphoError(error: unknown): MorphoRevertedError | undefined {
  let reason: string | undefined;
  walk(error, (node) => {
    reason = reasonOf(node);
    return reason !== undefined;
  });
  if (reason === undefined || !Object.hasOwn(morphoRevertMessages, reason)) return undefined;
  return new MorphoRevertedError({ reason: reason as MorphoRevertReason, cause: error });
}

function reasonOf(node: unknown): string | undefined {
  if (node instanceof ContractFunctionRevertedError && typeof node.reason === "string") return node.reason;
  const data = (node as { data?: unknown } | null)?.data;
  if (typeof data === "string" && data.startsWith("0x08c379a0")) {
    try {
      return decodeErrorResult({ abi: ERROR_STRING_ABI, data: data as Hex }).args[0];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  return String(value);
}
