/**
 * Persistent keeper state in one SQLite file (better-sqlite3, WAL): a migrations table, a small typed key-value
 * store and "intents" — the write-ahead record of every transaction a job must not repeat.
 *
 * The intent protocol (exactly-once effects with the chain as arbiter):
 * 1. `recordIntent` BEFORE building/sending (status `recorded`), keyed by what must happen once (e.g.
 *    `yield:distribute:<vestingEnd>`): a second record of the same key returns the existing row.
 * 2. `markSent` with each broadcast hash (status `sent`), from the sender's `onSent` hook, before the receipt wait.
 * 3. `markFinal` once the outcome is known (`done`: mined; `skipped`: the chain shows someone else did it or the
 *    condition vanished; `failed`: mined and reverted / refused).
 * On start, `reconcileIntents` resolves every open intent against the chain: a receipt for any recorded hash ends
 * it; otherwise the job's `check` decides (re-reading on-chain state), so a `kill -9` between any two steps never
 * causes a second effect: the contract state (round, vesting end, epoch) is re-read before any new send.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { type Hex, type PublicClient, TransactionReceiptNotFoundError } from "viem";

export type Db = Database;

/** Opens (creating) the state file in WAL mode and applies the core migrations. `":memory:"` works for tests. */
export function openState(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL"); // an intent must survive a power cut, not only a kill -9
  db.pragma("busy_timeout = 5000");
  db.exec("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  migrate(db, "core/001-kv-intents", [
    "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)",
    `CREATE TABLE intents (
       key TEXT PRIMARY KEY,
       job TEXT NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('recorded', 'sent', 'done', 'skipped', 'failed')),
       payload TEXT NOT NULL,
       hashes TEXT NOT NULL DEFAULT '[]',
       nonce INTEGER,
       outcome TEXT,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL)`,
    "CREATE INDEX intents_open ON intents (job, status)",
  ]);
  return db;
}

/** Applies `statements` once, atomically, under `name` (e.g. "oracle/001-rounds"). Returns true if it ran now. */
export function migrate(db: Db, name: string, statements: readonly string[]): boolean {
  return db.transaction(() => {
    if (db.prepare("SELECT 1 FROM migrations WHERE name = ?").get(name)) return false;
    for (const sql of statements) db.exec(sql);
    db.prepare("INSERT INTO migrations (name, applied_at) VALUES (?, ?)").run(name, Date.now());
    return true;
  })();
}

/** JSON with bigints as `{"$bigint":"<decimal>"}` so amounts round-trip exactly. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? { $bigint: v.toString() } : v));
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) =>
    typeof v === "object" && v !== null && "$bigint" in v && typeof (v as { $bigint: unknown }).$bigint === "string"
      ? BigInt((v as { $bigint: string }).$bigint)
      : v,
  ) as T;
}

/** A typed view of the kv table under a namespace (e.g. the job name). */
export type Kv<T extends Record<string, unknown>> = {
  get: <K extends keyof T & string>(key: K) => T[K] | undefined;
  set: <K extends keyof T & string>(key: K, value: T[K]) => void;
  delete: (key: keyof T & string) => void;
};

/**
 * @example
 * const kv = createKv<{ lastBlock: bigint }>(db, "liquidator");
 * kv.set("lastBlock", 123n);
 */
export function createKv<T extends Record<string, unknown>>(db: Db, namespace: string): Kv<T> {
  const get = db.prepare<[string], { value: string }>("SELECT value FROM kv WHERE key = ?");
  const set = db.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  const del = db.prepare("DELETE FROM kv WHERE key = ?");
  const k = (key: string) => `${namespace}:${key}`;
  return {
    get: (key) => {
      const row = get.get(k(key));
      return row ? fromJson(row.value) : undefined;
    },
    set: (key, value) => void set.run(k(key), toJson(value), Date.now()),
    delete: (key) => void del.run(k(key)),
  };
}

export type IntentStatus = "recorded" | "sent" | "done" | "skipped" | "failed";

export type Intent<P = unknown> = {
  key: string;
  job: string;
  status: IntentStatus;
  payload: P;
  hashes: Hex[];
  nonce: number | undefined;
  outcome: string | undefined;
  createdAt: number;
  updatedAt: number;
};

type IntentRow = {
  key: string;
  job: string;
  status: IntentStatus;
  payload: string;
  hashes: string;
  nonce: number | null;
  outcome: string | null;
  created_at: number;
  updated_at: number;
};

function toIntent<P>(row: IntentRow): Intent<P> {
  return {
    key: row.key,
    job: row.job,
    status: row.status,
    payload: fromJson<P>(row.payload),
    hashes: JSON.parse(row.hashes) as Hex[],
    nonce: row.nonce ?? undefined,
    outcome: row.outcome ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getIntent<P>(db: Db, key: string): Intent<P> | undefined {
  const row = db.prepare<[string], IntentRow>("SELECT * FROM intents WHERE key = ?").get(key);
  return row ? toIntent<P>(row) : undefined;
}

/**
 * Records the intent to do `key` once; returns `{ intent, created }` where `created` is false when the key already
 * existed (then the caller must NOT send blindly: it reconciles the existing intent first).
 */
export function recordIntent<P>(
  db: Db,
  params: { key: string; job: string; payload: P },
): { intent: Intent<P>; created: boolean } {
  const t = Date.now();
  const info = db
    .prepare(
      "INSERT INTO intents (key, job, status, payload, created_at, updated_at) VALUES (?, ?, 'recorded', ?, ?, ?) ON CONFLICT(key) DO NOTHING",
    )
    .run(params.key, params.job, toJson(params.payload), t, t);
  return { intent: getIntent<P>(db, params.key) as Intent<P>, created: info.changes === 1 };
}

/** Adds a broadcast hash (first send or replacement) and moves the intent to `sent`. */
export function markSent(db: Db, key: string, sent: { hash: Hex; nonce: number }): void {
  db.transaction(() => {
    const intent = getIntent(db, key);
    if (!intent) throw new Error(`markSent: no intent ${key}`);
    const hashes = intent.hashes.includes(sent.hash) ? intent.hashes : [...intent.hashes, sent.hash];
    db.prepare("UPDATE intents SET status = 'sent', hashes = ?, nonce = ?, updated_at = ? WHERE key = ?").run(
      JSON.stringify(hashes),
      sent.nonce,
      Date.now(),
      key,
    );
  })();
}

export function markFinal(db: Db, key: string, status: "done" | "skipped" | "failed", outcome?: string): void {
  db.prepare("UPDATE intents SET status = ?, outcome = ?, updated_at = ? WHERE key = ?").run(
    status,
    outcome ?? null,
    Date.now(),
    key,
  );
}

/** Open (recorded or sent) intents of `job`, oldest first. */
export function openIntents<P>(db: Db, job: string): Intent<P>[] {
  return db
    .prepare<[string], IntentRow>(
      "SELECT * FROM intents WHERE job = ? AND status IN ('recorded', 'sent') ORDER BY created_at, key",
    )
    .all(job)
    .map((r) => toIntent<P>(r));
}

export function countIntents(db: Db, job: string, status: IntentStatus): number {
  return (
    db.prepare<[string, string], { n: number }>("SELECT COUNT(*) AS n FROM intents WHERE job = ? AND status = ?").get(
      job,
      status,
    ) as { n: number }
  ).n;
}

/**
 * Resolves every open intent of `job` against the chain:
 * - a mined receipt for any of its hashes → `done` (success) or `failed` (reverted);
 * - otherwise `check(intent)` re-reads the chain: "done" (the effect is there, by us or another instance) →
 *   `skipped`; "retry" → left open for the job to act on (it re-checks the condition before any send).
 * Returns the intents left open.
 */
export async function reconcileIntents<P>(
  db: Db,
  client: PublicClient,
  job: string,
  check: (intent: Intent<P>) => Promise<"done" | "retry">,
): Promise<Intent<P>[]> {
  const open: Intent<P>[] = [];
  for (const intent of openIntents<P>(db, job)) {
    let settled = false;
    for (const hash of intent.hashes) {
      try {
        const receipt = await client.getTransactionReceipt({ hash });
        markFinal(db, intent.key, receipt.status === "success" ? "done" : "failed", `reconciled ${hash}`);
        settled = true;
        break;
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    if (settled) continue;
    if ((await check(intent)) === "done") markFinal(db, intent.key, "skipped", "chain shows the effect");
    else open.push(intent);
  }
  return open;
}
