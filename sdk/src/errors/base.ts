/** Options every SDK error accepts. */
export type AidSdkErrorParameters = {
  /** The underlying error (kept as `cause`, walked by {@link AidSdkError.walk}). */
  cause?: unknown;
  /** Technical detail (e.g. the RPC error's message). */
  details?: string | undefined;
  /** Hints for the user, one per line, printed under the short message. */
  metaMessages?: string[] | undefined;
  /** Class name override (defaults to the constructor's `name`). */
  name?: string | undefined;
};

/** Type of every error the SDK throws. */
export type AidSdkErrorType = AidSdkError & { name: "AidSdkError" };

/**
 * Base of every error the SDK throws: a one-line `shortMessage`, `metaMessages` with hints, `details` with the
 * technical cause and the `cause` chain (same shape as viem's `BaseError`).
 *
 * @example
 * ```ts
 * try {
 *   await mint(client, { deployment, stable: "USDC", amount: 0n, minAidOut: 0n })
 * } catch (error) {
 *   if (error instanceof AidSdkError) console.log(error.shortMessage)
 * }
 * ```
 */
export class AidSdkError extends Error {
  /** One-line description. */
  readonly shortMessage: string;
  /** Technical detail, if any. */
  readonly details: string;
  /** Hints for the user. */
  readonly metaMessages: string[];
  override name = "AidSdkError";

  constructor(shortMessage: string, parameters: AidSdkErrorParameters = {}) {
    const details =
      parameters.details ??
      (parameters.cause instanceof Error
        ? ((parameters.cause as { shortMessage?: string }).shortMessage ?? parameters.cause.message)
        : "");
    const metaMessages = parameters.metaMessages ?? [];
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ["", ...metaMessages] : []),
      ...(details ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
    if (parameters.name) this.name = parameters.name;
  }

  /**
   * Walks the `cause` chain from this error and returns the first error `predicate` accepts (or the deepest one
   * when no predicate is given).
   *
   * @example
   * ```ts
   * const root = error.walk()
   * ```
   */
  walk(predicate?: (error: unknown) => boolean): unknown {
    return walk(this, predicate);
  }
}

/** Walks `error.cause` (cycle-safe). Returns the first match, or the deepest error when `predicate` is omitted. */
export function walk(error: unknown, predicate?: (error: unknown) => boolean): unknown {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (predicate?.(current)) return current;
    const next = (current as { cause?: unknown }).cause;
    if (next === undefined || next === null) return predicate ? undefined : current;
    current = next;
  }
  return predicate ? undefined : current;
}
