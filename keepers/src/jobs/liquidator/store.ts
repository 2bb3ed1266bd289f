/**
 * The liquidator's durable book in the keeper's SQLite file (tables prefixed `liquidator_`): the event-sourced
 * positions as of the last *confirmed* block (head − confirmations), with that block's number and hash and the scope
 * (chain, Morpho, markets, start block) they were built for, so a restart resumes from there without a rescan.
 * Liquidation intents use the keeper's shared intent table (src/state.ts).
 */
import type { Address, Hex } from "viem";
import { type Db, migrate } from "../../state.js";

export type StoredPosition = { market: Hex; borrower: Address; borrowShares: bigint; collateral: bigint };

export type Checkpoint = { block: bigint; hash: Hex; scope: string };

export type LiquidatorStore = ReturnType<typeof createStore>;

export function createStore(db: Db) {
  migrate(db, "liquidator/001-book", [
    "CREATE TABLE liquidator_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), block TEXT NOT NULL, hash TEXT NOT NULL, scope TEXT NOT NULL)",
    `CREATE TABLE liquidator_positions (
       market TEXT NOT NULL, borrower TEXT NOT NULL, borrow_shares TEXT NOT NULL, collateral TEXT NOT NULL,
       PRIMARY KEY (market, borrower))`,
  ]);
  const getCheckpoint = db.prepare<[], { block: string; hash: string; scope: string }>(
    "SELECT block, hash, scope FROM liquidator_checkpoint WHERE id = 1",
  );
  const setCheckpoint = db.prepare(
    `INSERT INTO liquidator_checkpoint (id, block, hash, scope) VALUES (1, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET block = excluded.block, hash = excluded.hash, scope = excluded.scope`,
  );
  const upsertPos = db.prepare(
    `INSERT INTO liquidator_positions (market, borrower, borrow_shares, collateral) VALUES (?, ?, ?, ?)
     ON CONFLICT(market, borrower) DO UPDATE SET borrow_shares = excluded.borrow_shares, collateral = excluded.collateral`,
  );
  const deletePos = db.prepare("DELETE FROM liquidator_positions WHERE market = ? AND borrower = ?");
  const allPos = db.prepare<[], { market: string; borrower: string; borrow_shares: string; collateral: string }>(
    "SELECT market, borrower, borrow_shares, collateral FROM liquidator_positions",
  );

  const saveCheckpoint = db.transaction((changed: readonly StoredPosition[], cp: Checkpoint): void => {
    for (const p of changed) {
      if (p.borrowShares === 0n && p.collateral === 0n) deletePos.run(p.market, p.borrower);
      else upsertPos.run(p.market, p.borrower, p.borrowShares.toString(), p.collateral.toString());
    }
    setCheckpoint.run(cp.block.toString(), cp.hash, cp.scope);
  });
  const reset = db.transaction((): void => {
    db.prepare("DELETE FROM liquidator_positions").run();
    db.prepare("DELETE FROM liquidator_checkpoint").run();
  });

  return {
    /** The last confirmed block, its hash and the scope it was built for. */
    checkpoint(): Checkpoint | undefined {
      const row = getCheckpoint.get();
      return row ? { block: BigInt(row.block), hash: row.hash as Hex, scope: row.scope } : undefined;
    },
    /** Writes the changed positions and the new checkpoint atomically. */
    saveCheckpoint: (changed: readonly StoredPosition[], cp: Checkpoint): void => saveCheckpoint(changed, cp),
    /** Forgets every position and the checkpoint (deep reorg or another scope: rescan). */
    reset: (): void => reset(),
    positions: (): StoredPosition[] =>
      allPos.all().map((r) => ({
        market: r.market as Hex,
        borrower: r.borrower as Address,
        borrowShares: BigInt(r.borrow_shares),
        collateral: BigInt(r.collateral),
      })),
  };
}
