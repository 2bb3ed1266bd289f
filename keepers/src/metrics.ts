/**
 * Prometheus metrics and the `/metrics` + `/healthz` HTTP server. One registry per process; the runtime owns the
 * standard metrics below, jobs register theirs (prefixed `aid_keeper_<job>_`) on `ctx.metrics`.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export type StandardMetrics = {
  registry: Registry;
  /** Latest block number seen by the block watchdog. */
  lastBlock: Gauge;
  /** Seconds since the watchdog last saw a new block. */
  blockAgeSeconds: Gauge;
  /** 1 while no new block arrived for `blockAgeAlarmSeconds`. */
  blockStale: Gauge;
  /** Failed RPC requests, by endpoint. */
  rpcErrors: Counter<"url">;
  /** RPC endpoint rotations forced by the block-age watchdog. */
  rpcRotations: Counter;
  /** Gas paid by mined keeper transactions, in ETH (gasUsed × effectiveGasPrice / 1e18), by job. */
  gasSpentEth: Counter<"job">;
  /** Transactions by job, label and outcome (mined, reverted, failed, dry-run). */
  txsSent: Counter<"job" | "label" | "status">;
  /** 1 while the job's run loop is alive. */
  jobUp: Gauge<"job">;
  /** Failed iterations of a job's loop (the loop continues). */
  jobErrors: Counter<"job">;
};

/** A registry with the standard keeper metrics (and Node process metrics, prefixed `aid_keeper_`). */
export function createMetrics(): StandardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "aid_keeper_" });
  const registers = [registry];
  return {
    registry,
    lastBlock: new Gauge({ name: "aid_keeper_last_block", help: "Latest block number seen", registers }),
    blockAgeSeconds: new Gauge({
      name: "aid_keeper_block_age_seconds",
      help: "Seconds since the last new block was seen",
      registers,
    }),
    blockStale: new Gauge({
      name: "aid_keeper_block_stale",
      help: "1 while no new block arrived within blockAgeAlarmSeconds",
      registers,
    }),
    rpcErrors: new Counter({
      name: "aid_keeper_rpc_errors_total",
      help: "Failed RPC requests by endpoint",
      labelNames: ["url"] as const,
      registers,
    }),
    rpcRotations: new Counter({
      name: "aid_keeper_rpc_rotations_total",
      help: "RPC endpoint rotations forced by the block-age watchdog",
      registers,
    }),
    gasSpentEth: new Counter({
      name: "aid_keeper_gas_spent_eth_total",
      help: "Gas paid by mined keeper transactions, in ETH",
      labelNames: ["job"] as const,
      registers,
    }),
    txsSent: new Counter({
      name: "aid_keeper_txs_total",
      help: "Keeper transactions by job, label and outcome",
      labelNames: ["job", "label", "status"] as const,
      registers,
    }),
    jobUp: new Gauge({
      name: "aid_keeper_job_up",
      help: "1 while the job's loop is running",
      labelNames: ["job"] as const,
      registers,
    }),
    jobErrors: new Counter({
      name: "aid_keeper_job_errors_total",
      help: "Failed iterations of a job loop",
      labelNames: ["job"] as const,
      registers,
    }),
  };
}

export type Health = { ok: boolean; reasons: string[] };

export type MetricsServer = {
  /** The bound port (useful with port 0). */
  port: number;
  close: () => Promise<void>;
};

/**
 * Serves `GET /metrics` (Prometheus text format) and `GET /healthz` (200 `{"ok":true}` or 503 with the reasons).
 *
 * @example
 * const server = await startMetricsServer({ registry, port: 9464, health: () => ({ ok: true, reasons: [] }) });
 */
export async function startMetricsServer(params: {
  registry: Registry;
  port: number;
  host?: string;
  health: () => Health;
}): Promise<MetricsServer> {
  const { registry, health } = params;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405).end();
      return;
    }
    if (path === "/metrics") {
      registry
        .metrics()
        .then((text) => res.writeHead(200, { "content-type": registry.contentType }).end(text))
        .catch((error: unknown) => res.writeHead(500).end(String(error)));
      return;
    }
    if (path === "/healthz") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(params.port, params.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
