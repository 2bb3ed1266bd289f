/**
 * The APR/APY and exit-fill maths against HAND-COMPUTED numbers (derived in the comments; none is produced by the
 * code under test).
 */
import { describe, expect, test } from "vitest";
import {
  SECONDS_PER_YEAR,
  WAD,
  compoundApr,
  convertToSharesDown,
  epochFill,
  rateGrowthApr,
  vestingApr,
  wadPow,
} from "../src/utils/yield.js";

const E18 = 10n ** 18n;
const HOUR = 3600n;

describe("vestingApr: the running schedule's simple annual rate", () => {
  // Schedule: 100 AID distributed at t0 = 1_000_000 vesting over 8 h (28 800 s) into a vault with 1 000 000 AID of
  // totalAssets. At t0 + 2 h the contract reports unvested = ⌈100 × 6 h / 8 h⌉ = 75 AID, 6 h (21 600 s) remaining.
  // Speed = 75 AID / 21 600 s = 100 AID / 28 800 s. A year is 31 536 000 s = 1 095 periods of 8 h, so
  // apr = 100 AID × 1 095 / 1 000 000 AID = 0.1095 = 10.95 %  →  0.1095e18 = 109 500 000 000 000 000.
  const t0 = 1_000_000n;
  const schedule = { unvested: 75n * E18, vestingEnd: t0 + 8n * HOUR, timestamp: t0 + 2n * HOUR, totalAssets: 1_000_000n * E18 };

  test("2 h into an 8 h schedule of 100 AID over 1 000 000 AID: 10.95 %", () => {
    expect(vestingApr(schedule)).toBe(109_500_000_000_000_000n);
  });

  test("the same speed read later in the schedule gives the same rate (7 h in: 12.5 AID left over 1 h)", () => {
    // ⌈100 × 1/8⌉ = 12.5 AID over 3 600 s: 12.5 × 31 536 000 / 3 600 / 1e6 = 12.5 × 8 760 / 1e6 = 0.1095.
    expect(vestingApr({ ...schedule, unvested: 12_500_000_000_000_000_000n, timestamp: t0 + 7n * HOUR })).toBe(
      109_500_000_000_000_000n,
    );
  });

  test("nothing vesting, ended schedule, empty vault: 0", () => {
    expect(vestingApr({ ...schedule, timestamp: schedule.vestingEnd }), "at the end").toBe(0n);
    expect(vestingApr({ ...schedule, timestamp: schedule.vestingEnd + 1n }), "after the end").toBe(0n);
    expect(vestingApr({ ...schedule, unvested: 0n }), "nothing unvested").toBe(0n);
    expect(vestingApr({ ...schedule, totalAssets: 0n }), "no assets").toBe(0n);
  });
});

describe("compoundApr: APY compounded once per vesting period", () => {
  test("10.95 % compounded every 8 h: (1 + 0.0001)^1095 − 1 = 0.115713962791686635…", () => {
    // n = 31 536 000 / 28 800 = 1 095 periods; per period g = 0.1095 / 1 095 = 0.0001 exactly.
    // (1.0001)^1095 − 1 = exp(1 095 × ln 1.0001) − 1, ln 1.0001 = 0.000099995000333308…, × 1 095 = 0.10949452536497…,
    // exp − 1 = 0.115713962791686635654… (60-digit decimal arithmetic). The bigint result floors each of the ~21
    // multiplications of square-and-multiply, so it is below the exact value by at most a few hundred wei.
    const exact = 115_713_962_791_686_635n;
    const apy = compoundApr(109_500_000_000_000_000n, 8n * HOUR);
    expect(apy, "never above the exact value").toBeLessThanOrEqual(exact);
    expect(exact - apy, "within 1e-15 of it").toBeLessThan(1_000n);
  });

  test("100 % compounded twice a year: 1.5² − 1 = 1.25 exactly", () => {
    expect(compoundApr(E18, SECONDS_PER_YEAR / 2n)).toBe(1_250_000_000_000_000_000n);
  });

  test("no compounding for a zero or year-long period; 0 stays 0", () => {
    expect(compoundApr(123n, 0n)).toBe(123n);
    expect(compoundApr(123n, SECONDS_PER_YEAR)).toBe(123n);
    expect(compoundApr(0n, 8n * HOUR)).toBe(0n);
  });

  test("wadPow: 2^10 = 1024, 1.1^2 = 1.21, x^0 = 1", () => {
    expect(wadPow(2n * WAD, 10n)).toBe(1024n * WAD);
    expect(wadPow(1_100_000_000_000_000_000n, 2n)).toBe(1_210_000_000_000_000_000n);
    expect(wadPow(7n * WAD, 0n)).toBe(WAD);
  });
});

describe("rateGrowthApr: realised rate growth, annualised", () => {
  test("rate 1.000 → 1.001 in one day: 0.1 % a day × 365 = 36.5 %", () => {
    // (1.001 − 1) / 1 × 31 536 000 / 86 400 = 0.001 × 365 = 0.365.
    expect(rateGrowthApr(E18, 0n, 1_001_000_000_000_000_000n, 86_400n)).toBe(365_000_000_000_000_000n);
  });
  test("a loss: 1.000 → 0.999 in one day is −36.5 %", () => {
    expect(rateGrowthApr(E18, 0n, 999_000_000_000_000_000n, 86_400n)).toBe(-365_000_000_000_000_000n);
  });
  test("no elapsed time or zero rate: 0", () => {
    expect(rateGrowthApr(E18, 5n, 2n * E18, 5n)).toBe(0n);
    expect(rateGrowthApr(0n, 0n, E18, 5n)).toBe(0n);
  });
});

describe("epochFill: StakedAID.settleEpoch's fill rule", () => {
  // Vault: totalAssets 1 000 AID, supply 900 sAID (rate ≈ 1.111), offset 0, 300 sAID queued, cap 20 % (2 000 bps).
  // capAssets = 1 000 × 20 % = 200 AID.
  // capShares = ⌊200e18 × (900e18 + 1) / (1 000e18 + 1)⌋: 180e18 × (1 000e18 + 1) = 180 000e36 + 180e18 and the
  //   numerator is 180 000e36 + 200e18, the difference 20e18 < 1 000e18 + 1, so capShares = 180e18 exactly.
  // fillShares = min(300e18, 180e18) = 180e18; fillRatio = 180 / 300 = 0.6.
  // fillAssets = ⌊180e18 × (1 000e18 + 1) / (900e18 + 1)⌋ = ⌊(180 000e36 + 180e18) / (900e18 + 1)⌋:
  //   200e18 × (900e18 + 1) = 180 000e36 + 200e18 is above the numerator, (200e18 − 1) × (900e18 + 1) =
  //   180 000e36 − 700e18 − 1 is below it, so fillAssets = 200e18 − 1 (the virtual share keeps one wei).
  // queuedAssets = ⌊300e18 × (1 000e18 + 1) / (900e18 + 1)⌋ = ⌊333.333…e18⌋ = 333 333 333 333 333 333 333
  //   (300 000e36 + 300e18 over 900e18 + 1: 1 000/3 e18 minus far less than one unit).
  const vault = { totalAssets: 1_000n * E18, totalSupply: 900n * E18, decimalsOffset: 0, maxEpochExitBps: 2_000n };

  test("a queue above the cap is filled pro rata: 60 %", () => {
    expect(epochFill({ ...vault, queuedShares: 300n * E18 })).toEqual({
      queuedShares: 300n * E18,
      queuedAssets: 333_333_333_333_333_333_333n,
      capAssets: 200n * E18,
      fillShares: 180n * E18,
      fillAssets: 200n * E18 - 1n,
      fillRatio: 600_000_000_000_000_000n,
    });
  });

  test("a queue under the cap is filled entirely; an empty queue reports ratio 1 and nothing filled", () => {
    const small = epochFill({ ...vault, queuedShares: 90n * E18 });
    expect(small.fillShares, "all 90 sAID").toBe(90n * E18);
    expect(small.fillRatio).toBe(WAD);
    // 90e18 × (1 000e18 + 1) / (900e18 + 1) = 100e18 − a fraction: floor 100e18 − 1.
    expect(small.fillAssets).toBe(100n * E18 - 1n);
    const none = epochFill({ ...vault, queuedShares: 0n });
    expect([none.fillShares, none.fillAssets, none.fillRatio]).toEqual([0n, 0n, WAD]);
  });

  test("convertToSharesDown uses the 10^offset virtual shares", () => {
    // offset 12 (6-decimal asset): 1e6 assets × (0 + 1e12) / (0 + 1) = 1e18 shares in an empty vault.
    expect(convertToSharesDown(1_000_000n, { totalAssets: 0n, totalSupply: 0n, decimalsOffset: 12 })).toBe(E18);
  });
});
