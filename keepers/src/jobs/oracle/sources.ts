/**
 * Oracle price sources. Each returns an 18-decimal fixed-point value (1e18 = 1.0) or throws; the aggregator takes
 * the median of those that answered and refuses below the feed's `minSources`.
 */
import { reserveAbi } from "@aid-protocol/sdk";
import type { Deployment } from "@aid-protocol/sdk";
import { type Address, type PublicClient, erc20Abi, parseAbi, parseUnits } from "viem";
import type { SourceConfig } from "../../config.js";

const WAD = 10n ** 18n;

const poolAbi = parseAbi([
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function observe(uint32[] secondsAgos) view returns (int56[] tickCumulatives, uint160[] secondsPerLiquidityCumulativeX128s)",
]);
const vaultAbi = parseAbi([
  "function asset() view returns (address)",
  "function decimals() view returns (uint8)",
  "function convertToAssets(uint256 shares) view returns (uint256)",
]);

/** A decimal number (JSON number or numeric string) → 18-decimal bigint. */
export function toWad(value: unknown): bigint {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw new Error(`not a finite non-negative number: ${value}`);
    return parseUnits(value.toFixed(18), 18);
  }
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim())) {
    const [int, frac = ""] = value.trim().split(".");
    return parseUnits(`${int}.${frac.slice(0, 18) || "0"}`, 18);
  }
  throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
}

/** `a.b.0.c` into a JSON value. */
export function atPath(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const part of path.split(".")) {
    if (typeof v !== "object" || v === null) throw new Error(`path ${path}: "${part}" not found`);
    v = (v as Record<string, unknown>)[part];
  }
  if (v === undefined) throw new Error(`path ${path} not found`);
  return v;
}

/** The median of a non-empty list (mean of the two middle values, floored, for an even count). */
export function median(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new Error("median of nothing");
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as bigint) : ((s[mid - 1] as bigint) + (s[mid] as bigint)) / 2n;
}

const resolveToken = (d: Deployment, t: string): Address =>
  t.startsWith("0x") ? (t as Address) : d.tokens[t as keyof Deployment["tokens"]];
const resolvePool = (d: Deployment, p: string): Address =>
  p.startsWith("0x") ? (p as Address) : d.pools[p as keyof Deployment["pools"]];

async function twap(
  client: PublicClient,
  pool: Address,
  base: Address,
  secondsAgo: number,
): Promise<bigint> {
  const [token0, token1, observed] = await Promise.all([
    client.readContract({ address: pool, abi: poolAbi, functionName: "token0" }),
    client.readContract({ address: pool, abi: poolAbi, functionName: "token1" }),
    client.readContract({ address: pool, abi: poolAbi, functionName: "observe", args: [[secondsAgo, 0]] }),
  ]);
  const baseIs0 = base.toLowerCase() === token0.toLowerCase();
  if (!baseIs0 && base.toLowerCase() !== token1.toLowerCase()) throw new Error(`${base} is not a token of pool ${pool}`);
  const [c0, c1] = observed[0];
  const delta = (c1 as bigint) - (c0 as bigint);
  let tick = delta / BigInt(secondsAgo);
  if (delta < 0n && delta % BigInt(secondsAgo) !== 0n) tick -= 1n; // round toward −∞ like OracleLibrary
  const [dec0, dec1] = await Promise.all([
    client.readContract({ address: token0, abi: erc20Abi, functionName: "decimals" }),
    client.readContract({ address: token1, abi: erc20Abi, functionName: "decimals" }),
  ]);
  // price of token0 in token1 (human units) = 1.0001^tick × 10^(dec0 − dec1)
  const p0 = 1.0001 ** Number(tick) * 10 ** (dec0 - dec1);
  const price = baseIs0 ? p0 : 1 / p0;
  if (!Number.isFinite(price) || price <= 0) throw new Error(`TWAP price out of range (tick ${tick})`);
  return toWad(Number(price.toPrecision(15)));
}

/** Reads one source. Throws when it cannot answer (the caller counts it as failed). */
export async function readSource(
  source: SourceConfig,
  env: { client: PublicClient; deployment: Deployment; fetch?: typeof fetch },
): Promise<bigint> {
  const { client, deployment } = env;
  switch (source.type) {
    case "static":
      return source.value;
    case "http": {
      const res = await (env.fetch ?? fetch)(source.url, { signal: AbortSignal.timeout(source.timeoutMs) });
      if (!res.ok) throw new Error(`${source.url} answered HTTP ${res.status}`);
      return toWad(atPath(await res.json(), source.path));
    }
    case "uniswapV3Twap":
      return twap(client, resolvePool(deployment, source.pool), resolveToken(deployment, source.base), source.secondsAgo);
    case "vaultSharePrice": {
      const vault = source.vault === "sAID" ? deployment.tokens.sAID : source.vault;
      const [asset, dec] = await Promise.all([
        client.readContract({ address: vault, abi: vaultAbi, functionName: "asset" }),
        client.readContract({ address: vault, abi: vaultAbi, functionName: "decimals" }),
      ]);
      const [assets, assetDec] = await Promise.all([
        client.readContract({ address: vault, abi: vaultAbi, functionName: "convertToAssets", args: [10n ** BigInt(dec)] }),
        client.readContract({ address: asset, abi: erc20Abi, functionName: "decimals" }),
      ]);
      return (assets * WAD) / 10n ** BigInt(assetDec);
    }
    case "reserveCollateralRatio": {
      const ratio = await client.readContract({
        address: deployment.contracts.Reserve,
        abi: reserveAbi,
        functionName: "collateralRatio",
      });
      return ratio < source.cap ? ratio : source.cap;
    }
  }
}
