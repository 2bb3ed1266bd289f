/**
 * Routes from a market's collateral to its loan token over the deployment's Uniswap v3 pools (single hop, or two
 * hops through any intermediate token), quoted with QuoterV2 in one multicall, and checked against the oracle:
 * a route that returns less than the seized collateral's oracle value minus `maxRouteImpactBps` is refused (a thin or
 * manipulated pool would otherwise turn the liquidation bonus into a loss or a sandwich).
 */
import { type Address, type BlockTag, type Hex, type PublicClient, concatHex, numberToHex } from "viem";
import { quoterV2Abi, v3PoolAbi } from "./abis.js";

export type Pool = { address: Address; token0: Address; token1: Address; fee: number };
export type Route = { path: Hex; hops: number; description: string };

const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();

/** Reads token0/token1/fee of each pool (one multicall, at start). */
export async function loadPools(client: PublicClient, addresses: readonly Address[]): Promise<Pool[]> {
  const results = await client.multicall({
    contracts: addresses.flatMap((address) => [
      { address, abi: v3PoolAbi, functionName: "token0" } as const,
      { address, abi: v3PoolAbi, functionName: "token1" } as const,
      { address, abi: v3PoolAbi, functionName: "fee" } as const,
    ]),
    allowFailure: false,
    deployless: true,
  });
  return addresses.map((address, i) => ({
    address,
    token0: results[3 * i] as Address,
    token1: results[3 * i + 1] as Address,
    fee: Number(results[3 * i + 2]),
  }));
}

const other = (p: Pool, t: Address): Address | undefined =>
  same(p.token0, t) ? p.token1 : same(p.token1, t) ? p.token0 : undefined;

const hop = (fee: number) => numberToHex(fee, { size: 3 });

/** Every path of one or two pools from `tokenIn` to `tokenOut` (v3 `exactInput` encoding). */
export function findRoutes(pools: readonly Pool[], tokenIn: Address, tokenOut: Address, names: (a: Address) => string = (a) => a): Route[] {
  const routes: Route[] = [];
  for (const p of pools) {
    const mid = other(p, tokenIn);
    if (!mid) continue;
    if (same(mid, tokenOut)) {
      routes.push({
        path: concatHex([tokenIn, hop(p.fee), tokenOut]),
        hops: 1,
        description: `${names(tokenIn)}-(${p.fee})->${names(tokenOut)}`,
      });
      continue;
    }
    for (const q of pools) {
      if (q === p || !other(q, mid) || !same(other(q, mid) as Address, tokenOut)) continue;
      routes.push({
        path: concatHex([tokenIn, hop(p.fee), mid, hop(q.fee), tokenOut]),
        hops: 2,
        description: `${names(tokenIn)}-(${p.fee})->${names(mid)}-(${q.fee})->${names(tokenOut)}`,
      });
    }
  }
  return routes;
}

export type Quote = { route: Route; amountOut: bigint };

/** Quotes `amountIn` on every route in one eth_call; the best first. Routes whose quote reverts are dropped. */
export async function quoteRoutes(
  client: PublicClient,
  quoter: Address,
  routes: readonly Route[],
  amountIn: bigint,
  block: { blockTag: BlockTag } | { blockNumber: bigint },
): Promise<Quote[]> {
  if (routes.length === 0) return [];
  const results: unknown[] = await client.multicall({
    contracts: routes.map((r) => ({
      address: quoter,
      abi: quoterV2Abi,
      functionName: "quoteExactInput",
      args: [r.path, amountIn],
    })) as never,
    allowFailure: true,
    deployless: true,
    batchSize: 0,
    ...block,
  });
  const quotes: Quote[] = [];
  results.forEach((res: unknown, i: number) => {
    const r = res as { status: string; result?: readonly [bigint, ...unknown[]] };
    if (r.status === "success" && r.result) quotes.push({ route: routes[i] as Route, amountOut: r.result[0] });
  });
  return quotes.sort((a, b) => (a.amountOut === b.amountOut ? a.route.hops - b.route.hops : a.amountOut > b.amountOut ? -1 : 1));
}

/** Route impact versus the oracle in bps (positive = worse than the oracle). */
export function impactBps(amountOut: bigint, oracleValue: bigint): number {
  if (oracleValue === 0n) return 0;
  return Number(((oracleValue - amountOut) * 10_000n) / oracleValue);
}

/** True when the route's output is at most `maxImpactBps` below the oracle value of what is sold. */
export const withinImpact = (amountOut: bigint, oracleValue: bigint, maxImpactBps: number): boolean =>
  amountOut * 10_000n >= oracleValue * BigInt(10_000 - maxImpactBps);
