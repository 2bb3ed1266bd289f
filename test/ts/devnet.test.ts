/**
 * End to end: `npm run devnet -- --ci` headless (anvil + deploy + seed + graph-node + keepers), then the
 * `price-shock` and `deal-default` scenarios exactly as a user runs them; outcomes asserted through the SDK and
 * through GraphQL; then Ctrl-C (SIGINT) must leave no process behind.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, createPublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dealBookAbi, getProtocolOverview, parseDeployment, stakedAidAbi } from "../../sdk/src/index.js";
import type { DevnetDescriptor } from "../../tools/devnet/descriptor.js";
import { type Devnet, ROOT, VITE_NODE, graphql as graphqlAt, leftovers, startDevnet, waitForSubgraph as waitAt } from "./devnet-harness.js";

let stateDir: string;
let devnet: Devnet | undefined;
let descriptor: DevnetDescriptor;

function runScenario(name: string): { code: number; out: string } {
  try {
    const out = execFileSync(VITE_NODE, ["tools/scenarios/cli.ts", "--", name, "--state-dir", stateDir], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
    });
    return { code: 0, out };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const graphql = <T>(query: string): Promise<T> => graphqlAt<T>(descriptor.graphqlUrl, query);

async function waitForSubgraph(block: bigint): Promise<void> {
  await waitAt(descriptor.graphqlUrl, block);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "aid-devnet-e2e-"));
  devnet = await startDevnet(stateDir, ["--ci"]);
  descriptor = devnet.descriptor;
}, 660_000);

afterAll(async () => {
  devnet?.kill();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe("npm run devnet -- --ci", () => {
  it("prints the URLs, the deployments file and the public demo keys", () => {
    const output = (devnet as Devnet).output();
    expect(output).toContain("AID Protocol devnet is up");
    expect(output).toContain(descriptor.rpcUrl);
    expect(output).toContain(String(descriptor.graphqlUrl));
    expect(output).toContain("anvil's PUBLIC test keys");
    expect(descriptor.keeperMetricsUrl).not.toBeNull();
  });

  it("price-shock: the liquidator clears every unhealthy position (scenario report, GraphQL)", async () => {
    const { code, out } = runScenario("price-shock");
    console.log(out); // the report (blocks from the push to each liquidation) belongs in the CI log
    expect(code, out).toBe(0);
    expect(out).toContain("✔ price-shock: every expected outcome happened");
    // The subgraph saw the liquidations the scenario reported.
    const liquidations = Number(/liquidations: (\d+);/.exec(out)?.[1]);
    expect(liquidations, out).toBeGreaterThanOrEqual(4);
    const client = createPublicClient({ transport: http(descriptor.rpcUrl) });
    const head = await client.getBlockNumber();
    await waitForSubgraph(head);
    const data = await graphql<{ liquidates: { id: string }[]; _meta: { hasIndexingErrors: boolean } }>(
      "{ liquidates(first: 1000) { id } _meta { hasIndexingErrors } }",
    );
    expect(data._meta.hasIndexingErrors).toBe(false);
    expect(data.liquidates.length).toBe(liquidations);
  }, 300_000);

  it("the README's integrator snippet runs against the devnet", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("**Integrator**"));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, "README has the integrator snippet").toBeDefined();
    const runnable = (code as string)
      .replace('"@aid-protocol/sdk"', JSON.stringify(join(ROOT, "sdk", "src", "index.ts")))
      .replace('"./deployments/31337.json"', JSON.stringify(descriptor.deploymentFile))
      .replace('"http://127.0.0.1:8545"', JSON.stringify(descriptor.rpcUrl));
    const file = join(stateDir, "readme-integrator.ts");
    writeFileSync(file, runnable);
    const out = execFileSync(VITE_NODE, [file], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    // collateral ratio, rate, sAID balance and value: four bigints on the first line; then one line per position.
    expect(out.split("\n")[0]).toMatch(/^\d+n? \d+n? \d+n? \d+n?$/);
    expect(out).toMatch(/SAID_USDC \d+n? \d+n?/);
  }, 180_000);

  it("the README's three analyst queries answer on the devnet's graph-node", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /```graphql\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("**Analyst**")))?.[1] ?? "";
    const queries = block.split("\n").filter((l) => l.startsWith("{"));
    expect(queries).toHaveLength(3);
    // Daily aggregations appear once their day has closed in block time: move the chain a day on, as tomorrow.
    const client = createPublicClient({ transport: http(descriptor.rpcUrl) });
    await client.request({ method: "evm_increaseTime" as "eth_chainId", params: [25 * 3600] as never });
    const after = (await client.getBlockNumber({ cacheTime: 0 })) + 3n;
    while ((await client.getBlockNumber({ cacheTime: 0 })) < after) await new Promise((r) => setTimeout(r, 250));
    await waitForSubgraph(after);
    for (const query of queries) {
      const data = await graphql<Record<string, unknown[]>>(query);
      const [list] = Object.values(data);
      expect(Array.isArray(list), query).toBe(true);
      expect((list as unknown[]).length, query).toBeGreaterThan(0);
    }
  }, 180_000);

  it("deal-default: insurance then sAID absorb the loss (SDK, GraphQL)", async () => {
    const deployment = parseDeployment(JSON.parse(readFileSync(descriptor.deploymentFile, "utf8")));
    const client = createPublicClient({ transport: http(descriptor.rpcUrl) });
    const before = await getProtocolOverview(client, { deployment });
    const { code, out } = runScenario("deal-default");
    expect(code, out).toBe(0);
    const after = await getProtocolOverview(client, { deployment });
    expect(after.sAid.rate, "sAID rate fell by the stakers' share of the loss").toBeLessThan(before.sAid.rate);
    const deal = await client.readContract({
      address: deployment.contracts.DealBook,
      abi: dealBookAbi,
      functionName: "getDeal",
      args: [2n],
    });
    expect(deal.status).toBe(4);
    const rate = await client.readContract({
      address: deployment.tokens.sAID,
      abi: stakedAidAbi,
      functionName: "convertToAssets",
      args: [10n ** 18n],
    });
    expect(rate).toBe(after.sAid.rate);
    await waitForSubgraph(await client.getBlockNumber());
    const data = await graphql<{ deal: { status: string } | null }>(`{ deal(id: "2") { status } }`);
    expect(data.deal?.status).toBe("Defaulted");
  }, 300_000);

  it("Ctrl-C stops every child process", async () => {
    expect(await (devnet as Devnet).interrupt()).toBe(0);
    expect(leftovers(stateDir, descriptor)).toEqual([]);
    expect(existsSync(join(stateDir, "devnet.json"))).toBe(false);
  }, 60_000);
});
