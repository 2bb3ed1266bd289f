/**
 * Send-error classification and the sender's error classes. Classification reads the whole `cause` chain because
 * viem wraps the node's message (e.g. "nonce too low") several levels deep.
 */
import type { Hex, TransactionReceipt } from "viem";

export type SendErrorKind =
  | "nonce-too-low"
  | "replacement-underpriced"
  | "already-known"
  | "insufficient-funds"
  | "reverted"
  | "unknown";

function messages(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    if (e instanceof Error) {
      parts.push(e.message);
      const details = (e as { details?: unknown }).details;
      if (typeof details === "string") parts.push(details);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(" | ").toLowerCase();
}

/** Maps a node/viem send error to what the sender does next. */
export function classifySendError(error: unknown): SendErrorKind {
  const m = messages(error);
  if (m.includes("nonce too low") || m.includes("nonce has already been used")) return "nonce-too-low";
  if (m.includes("replacement transaction underpriced") || m.includes("underpriced")) return "replacement-underpriced";
  if (m.includes("already known") || m.includes("known transaction")) return "already-known";
  if (m.includes("insufficient funds")) return "insufficient-funds";
  if (m.includes("execution reverted") || m.includes("reverted")) return "reverted";
  return "unknown";
}

/** Base of every sender error: a short message plus the `cause` chain. */
export class TxError extends Error {
  override name = "TxError";
}

/** The pre-send simulation (eth_call / estimateGas against `pending`) reverted: nothing was sent. */
export class TxSimulationError extends TxError {
  override name = "TxSimulationError";
}

/** The transaction was mined and reverted (the nonce is consumed). */
export class TxRevertedError extends TxError {
  override name = "TxRevertedError";
  constructor(
    readonly receipt: TransactionReceipt,
    options?: { cause?: unknown },
  ) {
    super(`transaction ${receipt.transactionHash} reverted in block ${receipt.blockNumber}`, options);
  }
}

/** No receipt for any of our hashes within the inclusion timeouts, after every allowed fee bump. */
export class TxNotIncludedError extends TxError {
  override name = "TxNotIncludedError";
  constructor(
    readonly nonce: number,
    readonly hashes: readonly Hex[],
  ) {
    super(`nonce ${nonce} not included after ${hashes.length} attempt(s): ${hashes.join(", ")}`);
  }
}

/** The node refused the transaction and the sender could not recover. */
export class TxSendError extends TxError {
  override name = "TxSendError";
  constructor(
    readonly kind: SendErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${kind})`, options);
  }
}
