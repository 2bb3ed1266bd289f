import { InvalidParameterError } from "../errors/validation.js";

/** Either explicit ids, or a page of consecutive ids `fromId` / `limit` (views over on-chain id ranges). */
export type IdPage =
  | { ids: readonly bigint[]; fromId?: undefined; limit?: undefined }
  | { ids?: undefined; fromId?: bigint | undefined; limit?: number | undefined };

/**
 * The ids a paged view reads: `ids` as given, or `limit` (default `defaultLimit`) consecutive ids from `fromId`
 * (default 1). Throws {@link InvalidParameterError} (before any RPC) on an empty or oversized list, a negative id,
 * `fromId < 1` or a `limit` outside [1, max].
 */
export function pageIds(page: IdPage, { max, defaultLimit }: { max: number; defaultLimit: number }): bigint[] {
  if (page.ids !== undefined) {
    const { ids } = page;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > max)
      throw new InvalidParameterError({
        parameter: "ids",
        value: ids,
        reason: `must be a non-empty array of at most ${max} bigint ids`,
      });
    for (const id of ids)
      if (typeof id !== "bigint" || id < 0n)
        throw new InvalidParameterError({ parameter: "ids", value: id, reason: "must hold non-negative bigints" });
    return [...ids];
  }
  const fromId = page.fromId ?? 1n;
  const limit = page.limit ?? defaultLimit;
  if (typeof fromId !== "bigint" || fromId < 1n)
    throw new InvalidParameterError({ parameter: "fromId", value: fromId, reason: "must be a bigint ≥ 1" });
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new InvalidParameterError({ parameter: "limit", value: limit, reason: `must be an integer in [1, ${max}]` });
  return Array.from({ length: limit }, (_, i) => fromId + BigInt(i));
}

/** Page mode: the `fromId` of the next page (`undefined` in ids mode or when `ids` reached `end`, exclusive). */
export function nextFromId(page: IdPage, ids: readonly bigint[], end: bigint): bigint | undefined {
  const last = ids[ids.length - 1];
  return page.ids === undefined && last !== undefined && last + 1n < end ? last + 1n : undefined;
}

/** Throws {@link InvalidParameterError} unless `value` is a bigint ≥ `min` (ids of requests and deals). */
export function assertId(value: unknown, parameter: string, min = 1n): asserts value is bigint {
  if (typeof value !== "bigint" || value < min)
    throw new InvalidParameterError({ parameter, value, reason: `must be a bigint ≥ ${min}` });
}
