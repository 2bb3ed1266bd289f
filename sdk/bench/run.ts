/**
 * `npm run bench -w sdk` (run by vite-node, so the TypeScript sources run as they are):
 *
 *  1. RPC round trips per view: every `get*` / `quote*` function the full entry exports, run once against a fresh
 *     anvil with the real deploy + seed, through a viem http transport that counts HTTP requests and JSON-RPC
 *     methods. Goal: 1 HTTP request (one `eth_call`) per view.
 *  2. Bundle size, minified and gzipped: esbuild (bundle, minify, format esm, platform browser, viem external) of
 *     the `read` entry, the full entry, the subgraph entry, and a typical tree-shaken import, next to
 *     `@morpho-org/blue-sdk-viem` measured the same way (its whole entry, and `fetchMarket` + `fetchAccrualPosition`).
 *
 * Prints two tables and writes bench/results.json (gitignored).
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Address, PublicClient } from "viem";
import * as sdk from "../src/index.js";
import { type Devnet, countingClient, startDevnet } from "../test/devnet.js";

const SDK = fileURLToPath(new URL("..", import.meta.url));
// anvil's 4th public account: the staker the seed script funds and stakes for.
const STAKER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

type RoundTripRow = { view: string; httpRequests: number | null; rpcMethods: string[]; error?: string };

/** Views: functions named `get*` / `quote*` taking `(client, parameters)`; a `get*` that throws before any RPC is
 * a pure helper (e.g. Morpho maths), listed apart. */
const VIEW_NAME = /^(get|quote)[A-Z]/;
type SizeRow = { bundle: string; what: string; minified: number; gzipped: number };

/**
 * Parameters per view. A view the SDK gains later and this table does not know is still run, with
 * `{ deployment, account }`; if that is not enough the table says so instead of hiding it.
 */
function parametersFor(view: string, deployment: sdk.Deployment): Record<string, unknown> {
  switch (view) {
    case "getProtocolOverview":
    case "getDeals":
    case "getMarkets":
    case "getRateHistory":
      return { deployment };
    case "getFeeds":
      return { deployment, maxAge: 86_400n };
    case "getMorphoSteps":
      return { deployment, action: "borrow", market: "SAID_USDC", account: STAKER, assets: 1_000_000n };
    case "quoteSwap":
      return { deployment, pool: "AID_USDC", tokenIn: "USDC", amountIn: 1_000_000_000n };
    default:
      return { deployment, account: STAKER, owner: STAKER, user: STAKER };
  }
}

async function roundTrips(devnet: Devnet): Promise<RoundTripRow[]> {
  const deployment = sdk.parseDeployment(devnet.json);
  const { client, count } = countingClient(devnet.rpcUrl);
  const views = Object.entries(sdk)
    .filter(([name, value]) => VIEW_NAME.test(name) && typeof value === "function")
    .sort(([a], [b]) => a.localeCompare(b)) as [string, (client: PublicClient, parameters: unknown) => Promise<unknown>][];
  const rows: RoundTripRow[] = [];
  for (const [view, fn] of views) {
    // A view that throws (sync or async) still reports what it sent first.
    const { value: error, methods, http } = await count(() =>
      Promise.resolve()
        .then(() => fn(client, parametersFor(view, deployment)))
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        ),
    );
    rows.push(
      error
        ? { view, httpRequests: null, rpcMethods: methods, error: error.message.split("\n")[0] ?? "" }
        : { view, httpRequests: http, rpcMethods: methods },
    );
  }
  return rows;
}

async function size(bundle: string, what: string, contents: string, resolveDir: string): Promise<SizeRow> {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: `${bundle}.ts` },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external: ["viem", "viem/*"],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { bundle, what, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

async function sizes(): Promise<SizeRow[]> {
  const src = join(SDK, "src");
  // blue-sdk-viem resolved as a consumer would (package exports → lib/esm), from this workspace.
  const blueSdkViem = createRequire(join(SDK, "package.json")).resolve("@morpho-org/blue-sdk-viem").replace(/lib\/cjs\/index\.js$/, "lib/esm/index.js");
  return Promise.all([
    size("@aid-protocol/sdk/read", "whole read entry", 'export * from "./read.ts";', src),
    size("@aid-protocol/sdk", "whole full entry", 'export * from "./index.ts";', src),
    size("@aid-protocol/sdk/subgraph", "whole subgraph entry", 'export * from "./subgraph/index.ts";', src),
    size("@aid-protocol/sdk (tree-shaken)", "getProtocolOverview + parseDeployment", 'export { getProtocolOverview, parseDeployment } from "./index.ts";', src),
    size("@morpho-org/blue-sdk-viem", "whole entry", `export * from ${JSON.stringify(blueSdkViem)};`, SDK),
    size("@morpho-org/blue-sdk-viem (tree-shaken)", "fetchMarket + fetchAccrualPosition", `export { fetchMarket, fetchAccrualPosition } from ${JSON.stringify(blueSdkViem)};`, SDK),
  ]);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const sizeRows = await sizes();
  let rtRows: RoundTripRow[] = [];
  const devnet = await startDevnet();
  try {
    rtRows = await roundTrips(devnet);
  } finally {
    await devnet.stop();
  }

  console.log("\nRPC round trips per view (fresh anvil, real deploy + seed; goal: 1)\n");
  console.log(
    table(
      ["view", "HTTP requests", "JSON-RPC methods"],
      rtRows
        .filter((r) => r.httpRequests !== null || r.rpcMethods.length > 0)
        .map((r) => [r.view, r.httpRequests === null ? `failed (${r.error})` : String(r.httpRequests), r.rpcMethods.join(", ")]),
    ),
  );
  console.log("\nBundle size (esbuild: bundle, minify, esm, platform browser, viem external; gzip -9)\n");
  console.log(table(["bundle", "what", "minified", "min+gzip"], sizeRows.map((r) => [r.bundle, r.what, kb(r.minified), kb(r.gzipped)])));
  const results = { date: new Date().toISOString(), roundTrips: rtRows, bundleSizes: sizeRows };
  writeFileSync(join(SDK, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nwrote sdk/bench/results.json");
  const pure = rtRows.filter((r) => r.httpRequests === null && r.rpcMethods.length === 0);
  const failed = rtRows.filter((r) => r.httpRequests === null && r.rpcMethods.length > 0);
  if (pure.length > 0) console.log(`\nnot views (threw before any RPC: pure helpers or unknown parameters): ${pure.map((r) => `${r.view} (${r.error})`).join("; ")}`);
  if (failed.length > 0) console.log(`\nfailed after sending RPC: ${failed.map((r) => `${r.view} (${r.error})`).join("; ")}`);
}

await main();
