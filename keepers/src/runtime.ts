/**
 * The keeper runtime: builds one `JobContext` per job from the config (RPC with failover and block watchdog, the
 * tx sender of the job's key, the SQLite state, the metrics registry and HTTP server, the in-process event bus, a
 * child logger), runs the jobs
 * concurrently and shuts down gracefully on SIGTERM/SIGINT or `stop()`: abort signal → jobs return → in-flight
 * transactions finish (bounded wait) → metrics server and state file closed.
 */
import { readFileSync } from "node:fs";
import { type Deployment, parseDeployment } from "@aid-protocol/sdk";
import { type Hex, formatEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { KeeperConfig } from "./config.js";
import { createKeeperEvents } from "./events.js";
import type { Job, JobContext, JobName } from "./jobs/types.js";
import { type Logger, createLogger } from "./log.js";
import { type MetricsServer, type StandardMetrics, createMetrics, startMetricsServer } from "./metrics.js";
import { type Rpc, createRpc } from "./rpc.js";
import { type Db, openState } from "./state.js";
import { TxRevertedError, TxSimulationError } from "./tx/errors.js";
import { type TxSender, createTxSender } from "./tx/sender.js";

export type StartKeeperParameters = {
  config: KeeperConfig;
  jobs: readonly Job[];
  /** Logger override (tests pass a collector). */
  log?: Logger;
  /** Install SIGTERM/SIGINT handlers (default true; library users embedding the keeper may pass false). */
  handleSignals?: boolean;
  /** Longest wait for in-flight transactions at shutdown (default 60 s). */
  shutdownTimeoutMs?: number;
  /** Watchdog/client polling (default 1 s). */
  pollingIntervalMs?: number;
};

export type Keeper = {
  deployment: Deployment;
  rpc: Rpc;
  /** The keeper key's sender (every job's, except the liquidator's when it has its own key). */
  sender: TxSender;
  /** The liquidator's sender: its own key's (`KEEPER_LIQUIDATOR_KEY`), else `sender`. */
  liquidatorSender: TxSender;
  db: Db;
  metrics: StandardMetrics;
  /** The bound metrics port (config `metricsPort`, or the ephemeral one when 0). */
  metricsPort: number;
  /** Stops everything (idempotent); resolves once closed. */
  stop: (reason?: string) => Promise<void>;
  /** Resolves when every job returned and the runtime closed; rejects with the first job failure. */
  done: Promise<void>;
};

/** Reads and validates the deployment file the config names. */
export function loadDeployment(path: string): Deployment {
  return parseDeployment(JSON.parse(readFileSync(path, "utf8")) as unknown);
}

/** A view of `sender` that counts the job's transactions and gas in the standard metrics. */
function meteredSender(sender: TxSender, job: JobName, metrics: StandardMetrics): TxSender {
  return {
    get address() {
      return sender.address;
    },
    get pending() {
      return sender.pending;
    },
    resyncNonce: () => sender.resyncNonce(),
    send: async (request) => {
      const label = request.label ?? "tx";
      try {
        const result = await sender.send(request);
        if (result.status === "mined") {
          const r = result.receipt;
          metrics.gasSpentEth.inc({ job }, Number(formatEther(r.gasUsed * r.effectiveGasPrice)));
          metrics.txsSent.inc({ job, label, status: "mined" });
        } else metrics.txsSent.inc({ job, label, status: "dry-run" });
        return result;
      } catch (error) {
        const status =
          error instanceof TxRevertedError ? "reverted" : error instanceof TxSimulationError ? "rejected" : "failed";
        if (error instanceof TxRevertedError) {
          const r = error.receipt;
          metrics.gasSpentEth.inc({ job }, Number(formatEther(r.gasUsed * r.effectiveGasPrice)));
        }
        metrics.txsSent.inc({ job, label, status });
        throw error;
      }
    },
  };
}

/**
 * Starts the keeper with `jobs` (each runs until stopped). Throws before starting anything if the deployment file
 * is unreadable or the RPC's chain id differs from `config.chainId`.
 *
 * @example
 * const keeper = await startKeeper({ config, jobs: [oracleJob, yieldJob] });
 * await keeper.done;
 */
export async function startKeeper(params: StartKeeperParameters): Promise<Keeper> {
  const { config, jobs } = params;
  const log = params.log ?? createLogger({ level: config.logLevel });
  const deployment = loadDeployment(config.deploymentFile);
  if (deployment.chainId !== config.chainId)
    throw new Error(`deployment ${config.deploymentFile} is for chain ${deployment.chainId}, config says ${config.chainId}`);
  const metrics = createMetrics();
  const rpc = createRpc({
    urls: config.rpcUrls,
    chainId: config.chainId,
    log: log.child({ component: "rpc" }),
    metrics,
    blockAgeAlarmSeconds: config.blockAgeAlarmSeconds,
    rank: config.rpc.rank,
    rankIntervalMs: config.rpc.rankIntervalMs,
    retryCount: config.rpc.retryCount,
    timeoutMs: config.rpc.timeoutMs,
    pollingIntervalMs: params.pollingIntervalMs ?? 1_000,
  });
  const nodeChainId = await rpc.client.getChainId();
  if (nodeChainId !== config.chainId) throw new Error(`RPC chain id ${nodeChainId} differs from config chainId ${config.chainId}`);
  await rpc.check();
  rpc.start();

  const makeSender = (key: Hex, component: string) =>
    createTxSender({
      client: rpc.client,
      account: privateKeyToAccount(key),
      chainId: config.chainId,
      log: log.child({ component }),
      dryRun: config.dryRun,
      maxFeePerGasCap: config.tx.maxFeePerGasGwei,
      inclusionTimeoutMs: config.tx.inclusionTimeoutMs,
      bumpBps: config.tx.bumpBps,
      maxBumps: config.tx.maxBumps,
      gasMarginBps: config.tx.gasMarginBps,
      pollingIntervalMs: Math.min(1_000, config.pollIntervalMs),
    });
  const sender = makeSender(config.privateKey, "sender");
  const liquidatorKey = config.liquidator.privateKey;
  const liquidatorSender =
    liquidatorKey !== undefined && liquidatorKey.toLowerCase() !== config.privateKey.toLowerCase()
      ? makeSender(liquidatorKey, "liquidator-sender")
      : sender;
  const senders = liquidatorSender === sender ? [sender] : [sender, liquidatorSender];
  const events = createKeeperEvents((error, name) => log.error("event listener failed", { event: name, error }));
  const db = openState(config.statePath);
  const controller = new AbortController();
  const alive = new Map<JobName, boolean>();

  let server: MetricsServer;
  try {
    server = await startMetricsServer({
      registry: metrics.registry,
      port: config.metricsPort,
      host: config.metricsHost,
      health: () => {
        const reasons: string[] = [];
        if (rpc.stale()) reasons.push(`no new block for ${Math.round(rpc.blockAgeSeconds())} s`);
        for (const [job, up] of alive) if (!up) reasons.push(`job ${job} is not running`);
        if (controller.signal.aborted) reasons.push("shutting down");
        return { ok: reasons.length === 0, reasons };
      },
    });
  } catch (error) {
    rpc.stop();
    db.close();
    throw error;
  }
  log.info("keeper started", {
    jobs: jobs.map((j) => j.name),
    address: sender.address,
    ...(liquidatorSender !== sender ? { liquidatorAddress: liquidatorSender.address } : {}),
    chainId: config.chainId,
    metricsPort: server.port,
    dryRun: config.dryRun,
    statePath: config.statePath,
  });

  const runs = jobs.map(async (job) => {
    const ctx: JobContext = {
      config,
      deployment,
      client: rpc.client,
      sender: meteredSender(job.name === "liquidator" ? liquidatorSender : sender, job.name, metrics),
      events,
      db,
      metrics: metrics.registry,
      log: log.child({ job: job.name }),
      signal: controller.signal,
    };
    alive.set(job.name, true);
    metrics.jobUp.set({ job: job.name }, 1);
    try {
      await job.run(ctx);
      ctx.log.info("job stopped");
    } catch (error) {
      ctx.log.error("job failed", { error });
      throw error;
    } finally {
      alive.set(job.name, false);
      metrics.jobUp.set({ job: job.name }, 0);
    }
  });

  let closing: Promise<void> | undefined;
  const onSignal = (sig: NodeJS.Signals) => void stop(sig);
  const handleSignals = params.handleSignals ?? true;
  if (handleSignals) {
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }

  async function stop(reason = "stop()"): Promise<void> {
    closing ??= (async () => {
      log.info("shutting down", { reason });
      controller.abort(new Error(`keeper stopping: ${reason}`));
      await Promise.allSettled(runs);
      // In-flight transactions: let the sender finish (mined or given up) so state records the outcome.
      const deadline = Date.now() + (params.shutdownTimeoutMs ?? 60_000);
      const inFlight = () => senders.reduce((n, s) => n + s.pending, 0);
      while (inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (inFlight() > 0) log.warn("shutdown with transactions still in flight", { pending: inFlight() });
      if (handleSignals) {
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
      }
      rpc.stop();
      await server.close();
      db.close();
      log.info("keeper stopped");
    })();
    return closing;
  }

  const done = (async () => {
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    await stop(failed ? "job failed" : "all jobs returned");
    if (failed) throw failed.reason;
  })();
  done.catch(() => {}); // observed by the caller; avoid an unhandled rejection if they only call stop()

  return { deployment, rpc, sender, liquidatorSender, db, metrics, metricsPort: server.port, stop, done };
}
