import { InvalidAmountStringError } from "../errors/validation.js";

/** Options of {@link formatAmount}. */
export type FormatAmountOptions = {
  /**
   * Most fractional digits to show (default: all `decimals`). Extra digits are cut off (rounded toward zero, so a
   * balance is never shown larger than it is); trailing zeros are always removed.
   */
  precision?: number | undefined;
};

/**
 * Formats token units as a decimal string: `formatAmount(1234567n, 6)` → `"1.234567"`,
 * `formatAmount(1234567n, 6, { precision: 2 })` → `"1.23"`. Exact (bigint only, no floats); negative values keep
 * their sign; no thousands separators (use `Intl.NumberFormat` on the result for display).
 *
 * @throws {InvalidAmountStringError} `value` is not a bigint, or `decimals` / `precision` is not an integer in
 * [0, 255].
 * @example
 * ```ts
 * formatAmount(overview.sAid.rate, 18, { precision: 6 }) // "1.000123"
 * ```
 */
export function formatAmount(value: bigint, decimals: number, options: FormatAmountOptions = {}): string {
  if (typeof value !== "bigint") throw new InvalidAmountStringError({ value, reason: "must be a bigint" });
  assertDigits(decimals, "decimals");
  const precision = options.precision ?? decimals;
  assertDigits(precision, "precision");
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const whole = abs / unit;
  const fraction = (abs % unit)
    .toString()
    .padStart(decimals, "0")
    .slice(0, Math.min(precision, decimals))
    .replace(/0+$/, "");
  const text = fraction === "" ? whole.toString() : `${whole}.${fraction}`;
  // "-0" never appears: a negative value cut to zero prints as "0".
  return negative && text !== "0" ? `-${text}` : text;
}

/**
 * Parses a decimal string into token units, strictly: `parseAmount("1.5", 6)` → `1500000n`. Accepts digits with an
 * optional fractional part (`"12"`, `"12.5"`, `"0.000001"`, `".5"` is rejected, so is `"5."`); rejects a sign,
 * exponent, whitespace, separators, `"NaN"`, `"Infinity"`, and more fractional digits than `decimals` (instead of
 * rounding them away like `parseUnits` does).
 *
 * @throws {InvalidAmountStringError} with the reason.
 * @example
 * ```ts
 * const amount = parseAmount(input.value, 6) // USDC
 * ```
 */
export function parseAmount(value: string, decimals: number): bigint {
  assertDigits(decimals, "decimals");
  if (typeof value !== "string") throw new InvalidAmountStringError({ value, reason: "must be a string" });
  if (value.startsWith("-")) throw new InvalidAmountStringError({ value, reason: "must not be negative" });
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(value);
  if (match === null)
    throw new InvalidAmountStringError({ value, reason: "is not a decimal number (digits, optionally . and digits)" });
  const whole = match[1] as string;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals)
    throw new InvalidAmountStringError({
      value,
      reason: `has ${fraction.length} fractional digits, at most ${decimals} allowed`,
    });
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

function assertDigits(n: unknown, name: string): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 255)
    throw new InvalidAmountStringError({ value: n, reason: `${name} must be an integer in [0, 255]` });
}
