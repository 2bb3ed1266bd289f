/**
 * Browser example: reads the protocol overview with `@aid-protocol/sdk/read` in ONE JSON-RPC request and renders
 * every field. Query string: `?rpc=<JSON-RPC URL>&deployment=<URL of a deployments/<chainId>.json file>`.
 *
 * Bundle it (viem included) and serve this folder:
 *
 *   npx esbuild sdk/examples/browser/main.ts --bundle --format=esm --outfile=sdk/examples/browser/main.js
 *
 * Inside this repository `@aid-protocol/sdk/read` resolves to sdk/dist (run `npm run build -w sdk` first); the
 * browser smoke test (sdk/test/browser.test.ts) bundles it from sdk/src instead.
 */
import { createPublicClient, formatUnits, http } from "viem";
import { AidSdkError, type GetProtocolOverviewReturnType, getProtocolOverview, parseDeployment } from "@aid-protocol/sdk/read";

/** Flattens the overview to `path → value` leaves (`reserve.liquidity.USDC.liquidBalance` → 123n). */
function flatten(value: unknown, prefix = ""): [string, bigint | boolean | string][] {
  if (typeof value === "bigint" || typeof value === "boolean" || typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** Display: 18-decimal amounts as decimals, 6-decimal stablecoin balances as decimals, the rest raw. */
function display(path: string, value: bigint | boolean | string): string {
  if (typeof value !== "bigint") return String(value);
  if (/^reserve\.liquidity\.US[DC][CT]\./.test(path)) return formatUnits(value, 6);
  if (/blockNumber|timestamp|count|epoch|endsAt|vestingEnd/i.test(path)) return value.toString();
  if (value > 10n ** 70n) return "∞";
  return formatUnits(value, 18);
}

function render(overview: GetProtocolOverviewReturnType): void {
  const body = document.querySelector("#overview tbody");
  if (!body) throw new Error("no #overview table");
  for (const [path, value] of flatten(overview)) {
    const row = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = path;
    const shown = document.createElement("td");
    shown.className = "value";
    shown.textContent = display(path, value);
    const raw = document.createElement("td");
    raw.className = "value";
    raw.dataset.field = path;
    raw.dataset.type = typeof value;
    raw.textContent = String(value);
    row.append(name, shown, raw);
    body.append(row);
  }
}

async function main(): Promise<void> {
  const status = document.getElementById("status");
  if (!status) throw new Error("no #status");
  const params = new URLSearchParams(location.search);
  const rpc = params.get("rpc") ?? "http://127.0.0.1:8545";
  try {
    const response = await fetch(params.get("deployment") ?? "./deployment.json");
    const deployment = parseDeployment(await response.json());
    const client = createPublicClient({ transport: http(rpc, { retryCount: 0 }) });
    const overview = await getProtocolOverview(client, { deployment });
    render(overview);
    status.textContent = `Block ${overview.blockNumber}`;
    status.dataset.status = "ready";
  } catch (error) {
    status.textContent = error instanceof AidSdkError ? error.shortMessage : String(error);
    status.dataset.status = "error";
  }
}

void main();
