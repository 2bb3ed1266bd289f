/**
 * Browser smoke test: the example page (examples/browser) bundled with esbuild from the SDK source, served on a free
 * localhost port, loaded in headless Debian Chromium through playwright-core. The page reads the protocol overview
 * from a fresh anvil (real deploy + seed) with `@aid-protocol/sdk/read` and renders every field; each rendered value
 * must equal the on-chain value. Browser, HTTP server and anvil are shut down even when a step fails.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { aidAbi } from "../src/abis/aid.js";
import { dealBookAbi } from "../src/abis/dealBook.js";
import { reserveAbi } from "../src/abis/reserve.js";
import { stakedAidAbi } from "../src/abis/stakedAid.js";
import { getProtocolOverview } from "../src/actions/getProtocolOverview.js";
import { type Deployment, parseDeployment } from "../src/deployment.js";
import { type Devnet, startDevnet } from "./devnet.js";

const SDK = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE = join(SDK, "examples", "browser");

let devnet: Devnet | undefined;
let server: Server | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let deployment: Deployment;
let pageUrl: string;

/** Bundles main.ts with viem, resolving `@aid-protocol/sdk/read` to this tree's src/read.ts. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(EXAMPLE, "main.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    plugins: [
      {
        name: "sdk-source",
        setup(b) {
          b.onResolve({ filter: /^@aid-protocol\/sdk\/read$/ }, () => ({ path: join(SDK, "src", "read.ts") }));
        },
      },
    ],
  });
  const text = result.outputFiles[0]?.text;
  if (!text) throw new Error("esbuild produced no output");
  return text;
}

beforeAll(async () => {
  const [script, net] = await Promise.all([bundle(), startDevnet()]);
  devnet = net;
  deployment = parseDeployment(devnet.json);
  const files: Record<string, [string, string]> = {
    "/index.html": ["text/html", readFileSync(join(EXAMPLE, "index.html"), "utf8")],
    "/main.js": ["text/javascript", script],
    "/deployment.json": ["application/json", JSON.stringify(devnet.json)],
  };
  server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    res.writeHead(file ? 200 : 404, { "content-type": file?.[0] ?? "text/plain" });
    res.end(file?.[1] ?? "not found");
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  pageUrl = `http://127.0.0.1:${port}/index.html?rpc=${encodeURIComponent(devnet.rpcUrl)}&deployment=/deployment.json`;

  profile = mkdtempSync(join(tmpdir(), "aid-sdk-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  // Each step on its own, so one failing cleanup does not leave the others running.
  await context?.close().catch((error: unknown) => console.error("chromium close:", error));
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await devnet?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Number of leaves of the overview object (every one must be rendered). */
const leaves = (value: unknown): number =>
  typeof value === "object" && value !== null ? Object.values(value).reduce<number>((n, v) => n + leaves(v), 0) : 1;

test("the example page renders the protocol overview read from anvil in headless Chromium", async () => {
  if (!context) throw new Error("no browser");
  const page = await context.newPage();
  const logs: string[] = [];
  page.on("console", (message) => logs.push(`console.${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => logs.push(`pageerror: ${error.message}`));
  const rpcRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(devnet?.rpcUrl ?? "-") && request.method() === "POST") rpcRequests.push(request.postData() ?? "");
  });

  await page.goto(pageUrl);
  await page.waitForSelector('#status:not([data-status="loading"])', { timeout: 60_000 });
  const status = await page.locator("#status").getAttribute("data-status");
  expect(status, `page status (${await page.locator("#status").textContent()})\n${logs.join("\n")}`).toBe("ready");

  const rendered = Object.fromEntries(
    await page.$$eval("td[data-field]", (cells) =>
      (cells as unknown as { getAttribute: (name: string) => string | null; textContent: string | null }[]).map((c) => [
        c.getAttribute("data-field"),
        `${c.getAttribute("data-type")}:${c.textContent}`,
      ]),
    ),
  ) as Record<string, string>;

  // The page's read, redone in Node at the block the page rendered: every leaf must match, type included.
  const blockNumber = BigInt(rendered.blockNumber?.replace(/^bigint:/, "") ?? "-1");
  expect(blockNumber, "rendered block").toBeGreaterThan(0n);
  const client = createPublicClient({ transport: http(devnet?.rpcUrl) });
  const expected = await getProtocolOverview(client, { deployment, blockNumber });
  expect(Object.keys(rendered).length, "every overview field is rendered").toBe(leaves(expected));
  for (const [path, shown] of Object.entries(rendered)) {
    const value = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], expected);
    expect(shown, path).toBe(`${typeof value}:${String(value)}`);
  }

  // And tied to the chain directly (not only to the SDK), for the headline numbers.
  const at = { blockNumber } as const;
  const direct = await Promise.all([
    client.readContract({ address: deployment.tokens.AID, abi: aidAbi, functionName: "totalSupply", ...at }),
    client.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "backing", ...at }),
    client.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "collateralRatio", ...at }),
    client.readContract({ address: deployment.contracts.DealBook, abi: dealBookAbi, functionName: "dealCount", ...at }),
    client.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "totalAssets", ...at }),
    client.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "convertToAssets", args: [10n ** 18n], ...at }),
  ]);
  const paths = ["aid.totalSupply", "reserve.backing", "reserve.collateralRatio", "deals.count", "sAid.totalAssets", "sAid.rate"];
  paths.forEach((path, i) => expect(rendered[path], `${path} on chain`).toBe(`bigint:${direct[i]}`));
  expect(direct[0], "seeded state has AID").toBeGreaterThan(0n);

  // One JSON-RPC request from the browser for the whole view (anvil answered it cross-origin).
  expect(rpcRequests, "RPC requests from the page").toHaveLength(1);
  expect(JSON.parse(rpcRequests[0] ?? "{}").method, "an eth_call").toBe("eth_call");
});
