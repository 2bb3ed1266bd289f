import { AidSdkError } from "./base.js";

/** Type of {@link InvalidDeploymentError}. */
export type InvalidDeploymentErrorType = InvalidDeploymentError & { name: "InvalidDeploymentError" };

/**
 * A deployment object (the `deployments/<chainId>.json` shape) has a missing or malformed field.
 *
 * @example
 * ```ts
 * try { parseDeployment(json) } catch (e) { if (e instanceof InvalidDeploymentError) console.log(e.field) }
 * ```
 */
export class InvalidDeploymentError extends AidSdkError {
  /** JSON path of the bad field, e.g. `contracts.Reserve`. */
  readonly field: string;
  override name = "InvalidDeploymentError";

  constructor({ field, reason, value }: { field: string; reason: string; value: unknown }) {
    super(`Invalid deployment: \`${field}\` ${reason}.`, {
      metaMessages: [`Got: ${safeString(value)}`, "Expected the deployments/<chainId>.json shape written by script/Deploy.s.sol."],
    });
    this.field = field;
  }
}

/** Type of {@link InvalidAddressError}. */
export type InvalidAddressErrorType = InvalidAddressError & { name: "InvalidAddressError" };

/**
 * A parameter that must be an address is not one (checked before any RPC).
 *
 * @example
 * ```ts
 * await mint(client, { ..., receiver: "0x123" }) // throws InvalidAddressError { parameter: "receiver" }
 * ```
 */
export class InvalidAddressError extends AidSdkError {
  /** Name of the parameter. */
  readonly parameter: string;
  override name = "InvalidAddressError";

  constructor({ parameter, value }: { parameter: string; value: unknown }) {
    super(`\`${parameter}\` is not a valid address: ${safeString(value)}.`, {
      metaMessages: ["Expected 0x followed by 40 hex digits (a mixed-case address must have a valid EIP-55 checksum)."],
    });
    this.parameter = parameter;
  }
}

/** Type of {@link InvalidAmountError}. */
export type InvalidAmountErrorType = InvalidAmountError & { name: "InvalidAmountError" };

/**
 * An amount is not a positive `bigint` (checked before any RPC). Amounts are always token units as `bigint`: parse
 * a decimal string with viem's `parseUnits(value, decimals)`.
 *
 * @example
 * ```ts
 * await stake(client, { deployment, assets: 0n }) // throws InvalidAmountError { parameter: "assets" }
 * ```
 */
export class InvalidAmountError extends AidSdkError {
  /** Name of the parameter. */
  readonly parameter: string;
  override name = "InvalidAmountError";

  constructor({ parameter, value, reason }: { parameter: string; value: unknown; reason: string }) {
    super(`\`${parameter}\` ${reason}: ${safeString(value)}.`, {
      metaMessages: ["Amounts are bigint token units, e.g. parseUnits(\"100\", 6) for 100 USDC."],
    });
    this.parameter = parameter;
  }
}

/** Type of {@link UnknownStableError}. */
export type UnknownStableErrorType = UnknownStableError & { name: "UnknownStableError" };

/**
 * The stablecoin is neither a symbol nor an address of the deployment's stablecoins (checked before any RPC).
 *
 * @example
 * ```ts
 * await mint(client, { deployment, stable: "DAI", amount: 1n, minAidOut: 0n }) // throws UnknownStableError
 * ```
 */
export class UnknownStableError extends AidSdkError {
  override name = "UnknownStableError";

  constructor({ stable, known }: { stable: unknown; known: readonly string[] }) {
    super(`Unknown stablecoin: ${safeString(stable)}.`, {
      metaMessages: [`Known stablecoins of this deployment: ${known.join(", ")}.`],
    });
  }
}

/** Type of {@link MissingAccountError}. */
export type MissingAccountErrorType = MissingAccountError & { name: "MissingAccountError" };

/**
 * A write needs an account and neither the client nor the parameters carry one.
 *
 * @example
 * ```ts
 * await mint(publicClient, params) // throws MissingAccountError: pass `account` or use a wallet client
 * ```
 */
export class MissingAccountError extends AidSdkError {
  override name = "MissingAccountError";

  constructor() {
    super("No account to send from.", {
      metaMessages: ["Pass `account` in the parameters or use a client created with an `account`."],
    });
  }
}

function safeString(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Type of {@link InvalidAmountStringError}. */
export type InvalidAmountStringErrorType = InvalidAmountStringError & { name: "InvalidAmountStringError" };

/**
 * `parseAmount` was given a string that is not a non-negative decimal number with at most `decimals` fractional
 * digits (or `formatAmount` / `parseAmount` a `decimals` / `precision` that is not an integer in range).
 *
 * @example
 * ```ts
 * parseAmount("1.0000001", 6) // throws InvalidAmountStringError: too many decimals
 * ```
 */
export class InvalidAmountStringError extends AidSdkError {
  /** What was wrong, e.g. `"has 7 fractional digits, at most 6 allowed"`. */
  readonly reason: string;
  override name = "InvalidAmountStringError";

  constructor({ value, reason }: { value: unknown; reason: string }) {
    super(`Invalid amount ${safeString(value)}: ${reason}.`, {
      metaMessages: ['Expected a plain decimal such as "1234.56" (no sign, exponent, spaces or thousands separators).'],
    });
    this.reason = reason;
  }
}

/** Type of {@link InvalidParameterError}. */
export type InvalidParameterErrorType = InvalidParameterError & { name: "InvalidParameterError" };

/**
 * A non-amount parameter is out of its documented range (e.g. `slippageBps` outside [0, 5000], a page `limit`
 * above the maximum, an empty `ids` list); checked before any RPC.
 *
 * @example
 * ```ts
 * await swap(client, { ..., slippageBps: 6000 }) // throws InvalidParameterError { parameter: "slippageBps" }
 * ```
 */
export class InvalidParameterError extends AidSdkError {
  /** Name of the parameter. */
  readonly parameter: string;
  override name = "InvalidParameterError";

  constructor({ parameter, value, reason }: { parameter: string; value: unknown; reason: string }) {
    super(`\`${parameter}\` ${reason}: ${safeString(value)}.`);
    this.parameter = parameter;
  }
}
