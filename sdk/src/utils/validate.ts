import { type Address, isAddress } from "viem";
import type { Deployment, StableSymbol } from "../deployment.js";
import { InvalidAddressError, InvalidAmountError, UnknownStableError } from "../errors/validation.js";

/** Throws {@link InvalidAddressError} unless `value` is an address. */
export function assertAddress(value: unknown, parameter: string): asserts value is Address {
  if (typeof value !== "string" || !isAddress(value)) throw new InvalidAddressError({ parameter, value });
}

/** Throws {@link InvalidAmountError} unless `value` is a `bigint` > 0. */
export function assertPositiveAmount(value: unknown, parameter: string): asserts value is bigint {
  if (typeof value !== "bigint") throw new InvalidAmountError({ parameter, value, reason: "must be a bigint" });
  if (value <= 0n) throw new InvalidAmountError({ parameter, value, reason: "must be greater than zero" });
}

/** Throws {@link InvalidAmountError} unless `value` is a `bigint` ≥ 0. */
export function assertNonNegativeAmount(value: unknown, parameter: string): asserts value is bigint {
  if (typeof value !== "bigint") throw new InvalidAmountError({ parameter, value, reason: "must be a bigint" });
  if (value < 0n) throw new InvalidAmountError({ parameter, value, reason: "must not be negative" });
}

/** A stablecoin of the deployment, by symbol (`"USDC"`) or address (any case). */
export type StableInput = StableSymbol | Address;

const STABLES: readonly StableSymbol[] = ["USDC", "USDT"];

/** Resolves a stablecoin symbol or address to the deployment's address; throws {@link UnknownStableError}. */
export function resolveStable(deployment: Deployment, stable: unknown): Address {
  if (typeof stable === "string") {
    for (const symbol of STABLES) {
      const address = deployment.tokens[symbol];
      if (stable === symbol || stable.toLowerCase() === address.toLowerCase()) return address;
    }
  }
  throw new UnknownStableError({
    stable,
    known: STABLES.map((s) => `${s} (${deployment.tokens[s]})`),
  });
}
