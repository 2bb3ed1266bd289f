/**
 * The contract between the keeper runtime and its jobs. The runtime (CLI or library) builds one `JobContext` per
 * process — one RPC client, one tx sender per key, one SQLite state file, one metrics registry — and hands it to
 * every job it runs. A job owns its own SQLite tables (prefixed with its name) and its own metrics (prefixed
 * `aid_keeper_<job>_`), and must be safe to stop at any instant (`kill -9` included): whatever it must not repeat
 * (a push, a distribution, a liquidation) is recorded in state before or atomically with sending, and reconciled
 * against the chain on start.
 */
import type { Database } from "better-sqlite3";
import type { Registry } from "prom-client";
import type { PublicClient } from "viem";
import type { Deployment } from "@aid-protocol/sdk";
import type { KeeperConfig } from "../config.js";
import type { KeeperEvents } from "../events.js";
import type { Logger } from "../log.js";
import type { TxSender } from "../tx/sender.js";

export type JobName = "oracle" | "yield" | "epochs" | "liquidator";

export type JobContext = {
  readonly config: KeeperConfig;
  readonly deployment: Deployment;
  /** Shared read client (fallback transport over `config.rpcUrls`). */
  readonly client: PublicClient;
  /**
   * The sender of this job's key: one in-flight tx, explicit nonce queue. Every job shares the keeper key's sender,
   * except the liquidator when `KEEPER_LIQUIDATOR_KEY` gives it its own (same-block liquidations behind our pushes).
   */
  readonly sender: TxSender;
  /** The process's in-process event bus (e.g. the oracle's `pricePushed`, which the liquidator follows). */
  readonly events: KeeperEvents;
  /** The process's SQLite state (WAL mode). Jobs create their own tables, prefixed with their name. */
  readonly db: Database;
  /** The process's Prometheus registry; jobs register their metrics here. */
  readonly metrics: Registry;
  /** A child logger bound to `{ job: name }`. */
  readonly log: Logger;
  /** Aborted on SIGTERM/SIGINT or `stop()`: jobs finish the current step and return. */
  readonly signal: AbortSignal;
};

export type Job = {
  readonly name: JobName;
  /** Runs until `ctx.signal` aborts; rejects only on an unrecoverable error (bad config, missing contract). */
  run: (ctx: JobContext) => Promise<void>;
};
