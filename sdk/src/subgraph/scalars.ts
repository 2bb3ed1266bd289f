import type { Hex } from "viem";

/**
 * A graph-node `BigDecimal`, exact: `value × 10^-decimals` (`decimals ≥ 0`). `{ value: 15n, decimals: 1 }` is 1.5.
 * Use viem's `formatUnits(d.value, d.decimals)` (or {@link formatBigDecimal}) to print it and {@link toUnits} to
 * rescale it to a token's decimals.
 */
export type BigDecimal = { readonly value: bigint; readonly decimals: number };

/** `_change_block` filter: entities changed at or after `number_gte`. */
export type BlockChangedFilter = { number_gte: number };

/** Block a query runs at: by number, by hash, or "latest, but at least `number_gte`". */
export type BlockHeight = { number: number } | { hash: Hex } | { number_gte: number };

/** Thrown by the parsers below: the text is not a value of the scalar. Wrapped into `SubgraphResponseError`. */
export class ScalarParseError extends Error {
  override name = "ScalarParseError";
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a graph-node `BigInt` / `Int8` / `Timestamp` (a decimal string) into a bigint. */
export function parseBigIntScalar(raw: unknown): bigint {
  if (typeof raw === "string" && INTEGER.test(raw)) return BigInt(raw);
  // Int8 and Timestamp are strings in graph-node responses; accept JSON integers too (safe ones only).
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return BigInt(raw);
  throw new ScalarParseError(`expected an integer string, got ${JSON.stringify(raw)}`);
}

/** Parses a graph-node `BigDecimal` string ("-12.5", "1324000000", "1.5E+30") exactly. */
export function parseBigDecimal(raw: unknown): BigDecimal {
  const match = typeof raw === "string" ? DECIMAL.exec(raw) : null;
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new ScalarParseError(`expected a decimal string, got ${JSON.stringify(raw)}`);
  }
  const [, sign, int = "", frac = "", exp = "0"] = match;
  let value = BigInt(`${sign}${int}${frac}` === sign ? "0" : `${sign}${int || "0"}${frac}`);
  let decimals = frac.length - Number(exp);
  if (decimals < 0) {
    value *= 10n ** BigInt(-decimals);
    decimals = 0;
  }
  return normalize({ value, decimals });
}

/** Strips trailing zeros of the fraction (`{ 1500n, 3 }` → `{ 15n, 1 }`); zero is `{ 0n, 0 }`. */
function normalize(d: BigDecimal): BigDecimal {
  let { value, decimals } = d;
  if (value === 0n) return { value: 0n, decimals: 0 };
  while (decimals > 0 && value % 10n === 0n) {
    value /= 10n;
    decimals--;
  }
  return { value, decimals };
}

/** Prints a {@link BigDecimal} as a plain decimal string (what graph-node accepts in filters). */
export function formatBigDecimal(d: BigDecimal): string {
  const negative = d.value < 0n;
  const digits = (negative ? -d.value : d.value).toString().padStart(d.decimals + 1, "0");
  const int = digits.slice(0, digits.length - d.decimals);
  const frac = digits.slice(digits.length - d.decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/**
 * Rescales a {@link BigDecimal} to an integer with `decimals` decimals (e.g. 18 for AID), rounding toward zero.
 *
 * @example
 * ```ts
 * toUnits(parseBigDecimal("1.5"), 6) // 1_500_000n
 * ```
 */
export function toUnits(d: BigDecimal, decimals: number): bigint {
  const shift = decimals - d.decimals;
  return shift >= 0 ? d.value * 10n ** BigInt(shift) : d.value / 10n ** BigInt(-shift);
}

/** Parses `Bytes` (a 0x-prefixed, even-length hex string) and lower-cases it. */
export function parseBytes(raw: unknown): Hex {
  if (typeof raw === "string" && /^0x([0-9a-fA-F]{2})*$/.test(raw)) return raw.toLowerCase() as Hex;
  throw new ScalarParseError(`expected 0x-prefixed hex bytes, got ${JSON.stringify(raw)}`);
}

/**
 * Turns a filter/variables value into what graph-node accepts: bigints become decimal strings, BigDecimals plain
 * decimal strings; arrays and objects are converted recursively.
 */
export function toGraphQLValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toGraphQLValue);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.value === "bigint" && typeof o.decimals === "number" && Object.keys(o).length === 2) {
      return formatBigDecimal(o as BigDecimal);
    }
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) result[k] = toGraphQLValue(v);
    return result;
  }
  return value;
}
