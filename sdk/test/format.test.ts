/** formatAmount / parseAmount: exact bigint formatting and strict parsing (typed errors, no silent rounding). */
import { parseUnits } from "viem";
import { describe, expect, test } from "vitest";
import { InvalidAmountStringError } from "../src/errors/validation.js";
import { formatAmount, parseAmount } from "../src/utils/format.js";

describe("formatAmount", () => {
  test.each([
    [0n, 6, undefined, "0"],
    [1n, 6, undefined, "0.000001"],
    [1_000_000n, 6, undefined, "1"],
    [1_234_567n, 6, undefined, "1.234567"],
    [1_234_567n, 6, 2, "1.23"],
    [1_239_999n, 6, 2, "1.23"], // cut toward zero, never rounded up
    [1_200_000n, 6, undefined, "1.2"], // trailing zeros trimmed
    [1_000_001n, 6, 2, "1"], // cut to a whole number: no dangling point
    [-1_234_567n, 6, 3, "-1.234"],
    [-1n, 6, 2, "0"], // a negative dust cut to zero is "0", not "-0"
    [123n, 0, undefined, "123"],
    [10n ** 30n + 5n, 18, undefined, "1000000000000.000000000000000005"],
    [2n ** 256n - 1n, 18, 0, "115792089237316195423570985008687907853269984665640564039457"],
  ] as const)("formatAmount(%s, %s, precision %s) = %s", (value, decimals, precision, expected) => {
    expect(formatAmount(value, decimals, precision === undefined ? {} : { precision })).toBe(expected);
  });

  test("rejects a non-bigint value and out-of-range decimals / precision with a typed error", () => {
    expect(() => formatAmount(1 as unknown as bigint, 6)).toThrow(InvalidAmountStringError);
    expect(() => formatAmount(1n, -1)).toThrow(InvalidAmountStringError);
    expect(() => formatAmount(1n, 1.5)).toThrow(InvalidAmountStringError);
    expect(() => formatAmount(1n, 256)).toThrow(InvalidAmountStringError);
    expect(() => formatAmount(1n, 6, { precision: -1 })).toThrow(/precision must be an integer/);
  });
});

describe("parseAmount", () => {
  test.each([
    ["0", 6, 0n],
    ["1", 6, 1_000_000n],
    ["1.5", 6, 1_500_000n],
    ["0.000001", 6, 1n],
    ["000123.450", 6, 123_450_000n],
    ["1234567.123456789012345678", 18, 1_234_567_123_456_789_012_345_678n],
    ["7", 0, 7n],
  ] as const)("parseAmount(%s, %s) = %s", (value, decimals, expected) => {
    expect(parseAmount(value, decimals)).toBe(expected);
  });

  test("agrees with viem's parseUnits wherever parseUnits is exact", () => {
    for (const value of ["0.1", "42", "999999.999999", "0.000001"])
      expect(parseAmount(value, 6), value).toBe(parseUnits(value, 6));
  });

  test("round-trips with formatAmount", () => {
    for (const v of [0n, 1n, 10n ** 18n, 123_456_789_012_345_678_901n])
      expect(parseAmount(formatAmount(v, 18), 18), String(v)).toBe(v);
  });

  test.each([
    ["1.0000001", 6, /7 fractional digits, at most 6/],
    ["1.5", 0, /1 fractional digits, at most 0/],
    ["-1", 6, /must not be negative/],
    ["-0", 6, /must not be negative/],
    ["NaN", 6, /not a decimal number/],
    ["Infinity", 6, /not a decimal number/],
    ["", 6, /not a decimal number/],
    [" 1", 6, /not a decimal number/],
    ["1 ", 6, /not a decimal number/],
    ["1e6", 6, /not a decimal number/],
    ["1,000", 6, /not a decimal number/],
    [".5", 6, /not a decimal number/],
    ["5.", 6, /not a decimal number/],
    ["+5", 6, /not a decimal number/],
    ["0x10", 6, /not a decimal number/],
    ["1.2.3", 6, /not a decimal number/],
  ] as const)("rejects %j (decimals %s)", (value, decimals, message) => {
    const error = (() => {
      try {
        parseAmount(value, decimals);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error, "a typed error").toBeInstanceOf(InvalidAmountStringError);
    expect((error as InvalidAmountStringError).shortMessage).toMatch(message);
  });

  test("rejects a non-string and bad decimals", () => {
    expect(() => parseAmount(1 as unknown as string, 6)).toThrow(/must be a string/);
    expect(() => parseAmount("1", Number.NaN)).toThrow(/decimals must be an integer/);
    expect(() => parseAmount("1", 300)).toThrow(InvalidAmountStringError);
  });
});
