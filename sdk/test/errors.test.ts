import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  RawContractError,
  encodeErrorResult,
} from "viem";
import { describe, expect, test } from "vitest";
import { reserveAbi } from "../src/abis/reserve.js";
import { stakedAidAbi } from "../src/abis/stakedAid.js";
import { AidSdkError } from "../src/errors/base.js";
import { AidContractError, aidErrorMessages, aidErrorsAbi, decodeAidError } from "../src/errors/contract.js";

const STABLE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/** Wraps revert data the way viem's readContract/simulateContract do. */
function viemRevert(data: `0x${string}`): Error {
  const raw = new RawContractError({ data });
  return new ContractFunctionExecutionError(raw as unknown as BaseError, {
    abi: [],
    functionName: "mint",
    args: [],
  });
}

function errorNames(abi: readonly { type: string; name?: string }[]): string[] {
  return abi.filter((i) => i.type === "error").map((i) => i.name as string);
}

describe("decodeAidError", () => {
  test("decodes a Reserve error through viem's cause chain, with typed args and a human message", () => {
    const data = encodeErrorResult({ abi: reserveAbi, errorName: "Slippage", args: [990n, 1000n] });
    const decoded = decodeAidError(viemRevert(data));
    expect(decoded).toBeInstanceOf(AidContractError);
    expect(decoded).toBeInstanceOf(AidSdkError);
    expect(decoded?.errorName).toBe("Slippage");
    expect(decoded?.args).toEqual([990n, 1000n]);
    expect(decoded?.shortMessage).toBe("Output 990 is below the minimum 1000 you accepted.");
    expect(decoded?.selector).toBe(data.slice(0, 10));
    expect(decoded?.cause, "keeps the viem error as cause").toBeInstanceOf(ContractFunctionExecutionError);
  });

  test("decodes errors with address and enum args", () => {
    const depeg = encodeErrorResult({ abi: reserveAbi, errorName: "StableDepegged", args: [STABLE, 9e17 as unknown as bigint, 98n * 10n ** 16n] as never });
    expect(decodeAidError(viemRevert(depeg))?.args[0]).toBe(STABLE);
    const status = encodeErrorResult({ abi: reserveAbi, errorName: "InvalidRequestStatus", args: [7n, 3] });
    expect(decodeAidError(viemRevert(status))?.shortMessage).toBe(
      "Redemption request 7 is Claimed, which does not allow this operation.",
    );
  });

  test("decodes from a ContractFunctionRevertedError's raw data and from a plain { data } node", () => {
    const data = encodeErrorResult({ abi: stakedAidAbi, errorName: "EpochNotEnded", args: [3n, 1_700_000_000n] });
    const reverted = new ContractFunctionRevertedError({ abi: stakedAidAbi, data, functionName: "settleEpoch" });
    expect(decodeAidError(reverted)?.errorName).toBe("EpochNotEnded");
    expect(decodeAidError({ cause: { cause: { data } } })?.args).toEqual([3n, 1_700_000_000n]);
  });

  test("returns undefined for errors that are not ours", () => {
    expect(decodeAidError(new Error("network down"))).toBeUndefined();
    expect(decodeAidError(viemRevert("0xdeadbeef"))).toBeUndefined();
    expect(decodeAidError(undefined)).toBeUndefined();
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    expect(decodeAidError(cyclic), "a cyclic cause chain terminates").toBeUndefined();
  });

  test("every custom error of our ABIs round-trips and has a human message (IReserve and IStakedAID included)", () => {
    const names = new Set(aidErrorsAbi.map((e) => e.name));
    for (const name of [...errorNames(reserveAbi), ...errorNames(stakedAidAbi)])
      expect(names.has(name), `${name} is in the merged errors ABI`).toBe(true);
    expect(names.has("MintIsPaused") && names.has("AsyncExitOnly"), "interface errors are present").toBe(true);
    for (const item of aidErrorsAbi) {
      const args = item.inputs.map((input) => {
        if (input.type === "address") return STABLE;
        if (input.type === "bool") return true;
        if (input.type === "string") return "x";
        if (input.type === "uint8") return 1;
        if (input.type === "bytes32") return `0x${"11".repeat(32)}`;
        if (input.type.startsWith("int")) return -5n;
        return 5n;
      });
      const data = encodeErrorResult({ abi: [item], errorName: item.name, args } as never);
      const decoded = decodeAidError(viemRevert(data));
      expect(decoded?.errorName, `${item.name} decodes`).toBe(item.name);
      expect(aidErrorMessages[item.name], `${item.name} has a human message`).toBeTypeOf("function");
      expect(decoded?.shortMessage, `${item.name} message is not the fallback`).not.toMatch(/reverted with/);
    }
  });
});
