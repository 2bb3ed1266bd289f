/**
 * The live status line: block, subgraph head and lag, the oldest feed age, positions tracked by the liquidator and
 * liquidations so far. One poll per second; every source is optional (a part that is off or not answering shows "–").
 */
import { readFileSync } from "node:fs";
import { http, createPublicClient } from "viem";
import { getFeeds, parseDeployment } from "../../sdk/src/index.js";
import type { DevnetDescriptor } from "./descriptor.js";

export type StatusSnapshot = {
  block: bigint | null;
  subgraphBlock: number | null;
  oldestFeedAge: bigint | null;
  positionsTracked: number | null;
  liquidations: number | null;
};

/** Sum of every sample of `metric` (with any labels) in a Prometheus text exposition, or null when absent. */
export function metricSum(text: string, metric: string): number | null {
  let sum: number | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && m[1] === metric) sum = (sum ?? 0) + Number(m[3]);
  }
  return sum;
}

export async function snapshot(d: DevnetDescriptor): Promise<StatusSnapshot> {
  const client = createPublicClient({ transport: http(d.rpcUrl, { retryCount: 0 }) });
  const deployment = parseDeployment(JSON.parse(readFileSync(d.deploymentFile, "utf8")));
  const [block, feeds, meta, metrics] = await Promise.allSettled([
    client.getBlockNumber({ cacheTime: 0 }),
    getFeeds(client, { deployment, maxAge: 3_600n }),
    d.graphqlUrl
      ? fetch(d.graphqlUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ _meta { block { number } hasIndexingErrors } }" }),
        }).then((r) => r.json() as Promise<{ data?: { _meta?: { block: { number: number } } } }>)
      : Promise.reject(new Error("off")),
    d.keeperMetricsUrl ? fetch(d.keeperMetricsUrl).then((r) => r.text()) : Promise.reject(new Error("off")),
  ]);
  const ages = feeds.status === "fulfilled" ? Object.values(feeds.value.feeds).map((f) => f.age) : [];
  return {
    block: block.status === "fulfilled" ? block.value : null,
    subgraphBlock: meta.status === "fulfilled" ? (meta.value.data?._meta?.block.number ?? null) : null,
    oldestFeedAge: ages.length ? ages.reduce((a, b) => (b > a ? b : a)) : null,
    positionsTracked: metrics.status === "fulfilled" ? metricSum(metrics.value, "aid_keeper_liquidator_positions_tracked") : null,
    liquidations: metrics.status === "fulfilled" ? metricSum(metrics.value, "aid_keeper_liquidator_liquidations_total") : null,
  };
}

export function formatStatus(s: StatusSnapshot): string {
  const dash = (v: unknown) => (v === null ? "–" : String(v));
  const lag = s.block !== null && s.subgraphBlock !== null ? Number(s.block) - s.subgraphBlock : null;
  return [
    `block ${dash(s.block)}`,
    `subgraph ${dash(s.subgraphBlock)} (lag ${dash(lag)})`,
    `oldest feed ${s.oldestFeedAge === null ? "–" : `${s.oldestFeedAge} s`}`,
    `positions ${dash(s.positionsTracked)}`,
    `liquidations ${dash(s.liquidations)}`,
  ].join(" · ");
}

export function startStatusLine({
  descriptor,
  print,
  intervalMs = 1_000,
}: {
  descriptor: DevnetDescriptor;
  print: (line: string) => void;
  intervalMs?: number;
}): { stop: () => void } {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    snapshot(descriptor)
      .then((s) => print(formatStatus(s)))
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}
