/**
 * Event-sourced borrower positions: borrow shares and collateral per (market, borrower), rebuilt from Morpho's
 * SupplyCollateral / WithdrawCollateral / Borrow / Repay / Liquidate events. The confirmed book (persisted) holds
 * every event up to the checkpoint; the events of the last few blocks, which a reorg may still change, are replayed
 * every block into an overlay on top of it.
 */
import { type Address, type Hex, type Log, parseEventLogs } from "viem";
import { morphoAbi } from "./abis.js";
import type { StoredPosition } from "./store.js";

export type Position = {
  readonly market: Hex;
  readonly borrower: Address;
  borrowShares: bigint;
  collateral: bigint;
  /** Float copies for the health screen, refreshed on every change. */
  sharesF: number;
  collateralF: number;
};

export type MorphoLog = ReturnType<typeof parseMorphoLogs>[number];

/** Decodes raw Morpho logs (ignores anything else). */
export function parseMorphoLogs(logs: readonly Log[]) {
  return parseEventLogs({ abi: morphoAbi, logs: logs as Log[], strict: true });
}

const keyOf = (market: Hex, borrower: Address) => `${market}:${borrower}`;

function setAmounts(p: Position, borrowShares: bigint, collateral: bigint): void {
  p.borrowShares = borrowShares;
  p.collateral = collateral;
  p.sharesF = Number(borrowShares);
  p.collateralF = Number(collateral);
}

/** The (market, borrower) a log changes and the new amounts from `current`; undefined for a log that moves nothing. */
function applyTo(
  log: MorphoLog,
  get: (market: Hex, borrower: Address) => { borrowShares: bigint; collateral: bigint },
): StoredPosition | undefined {
  const market = log.args.id;
  switch (log.eventName) {
    case "SupplyCollateral": {
      const c = get(market, log.args.onBehalf);
      return { market, borrower: log.args.onBehalf, borrowShares: c.borrowShares, collateral: c.collateral + log.args.assets };
    }
    case "WithdrawCollateral": {
      const c = get(market, log.args.onBehalf);
      return { market, borrower: log.args.onBehalf, borrowShares: c.borrowShares, collateral: c.collateral - log.args.assets };
    }
    case "Borrow": {
      const c = get(market, log.args.onBehalf);
      return { market, borrower: log.args.onBehalf, borrowShares: c.borrowShares + log.args.shares, collateral: c.collateral };
    }
    case "Repay": {
      const c = get(market, log.args.onBehalf);
      return { market, borrower: log.args.onBehalf, borrowShares: c.borrowShares - log.args.shares, collateral: c.collateral };
    }
    case "Liquidate": {
      const c = get(market, log.args.borrower);
      return {
        market,
        borrower: log.args.borrower,
        borrowShares: c.borrowShares - log.args.repaidShares - log.args.badDebtShares,
        collateral: c.collateral - log.args.seizedAssets,
      };
    }
    default:
      return undefined;
  }
}

const ZERO = { borrowShares: 0n, collateral: 0n } as const;

export class PositionBook {
  /** Per market: every position ever seen (a closed one stays with zero amounts until `compact`). */
  readonly markets = new Map<Hex, { list: Position[]; index: Map<Address, number> }>();
  /** Unconfirmed view: positions changed by the last blocks' events, by `market:borrower`. */
  private overlay = new Map<string, Position>();

  constructor(readonly marketIds: readonly Hex[]) {
    for (const id of marketIds) this.markets.set(id, { list: [], index: new Map() });
  }

  get(market: Hex, borrower: Address): Position | undefined {
    const m = this.markets.get(market);
    const i = m?.index.get(borrower);
    return i === undefined ? undefined : m?.list[i];
  }

  /** The position as the chain head sees it (overlay first). */
  current(market: Hex, borrower: Address): { borrowShares: bigint; collateral: bigint } {
    return this.overlay.get(keyOf(market, borrower)) ?? this.get(market, borrower) ?? ZERO;
  }

  private upsert(p: StoredPosition): void {
    const m = this.markets.get(p.market);
    if (!m) return;
    const i = m.index.get(p.borrower);
    if (i !== undefined) {
      const pos = m.list[i] as Position;
      setAmounts(pos, p.borrowShares, p.collateral);
      return;
    }
    if (p.borrowShares === 0n && p.collateral === 0n) return;
    m.index.set(p.borrower, m.list.length);
    m.list.push({ ...p, sharesF: Number(p.borrowShares), collateralF: Number(p.collateral) });
  }

  /** Loads persisted positions. */
  load(positions: readonly StoredPosition[]): void {
    for (const p of positions) this.upsert(p);
  }

  clear(): void {
    for (const m of this.markets.values()) {
      m.list.length = 0;
      m.index.clear();
    }
    this.overlay.clear();
  }

  /** Applies confirmed events in order; returns the final state of every position they touched (to persist). */
  confirm(logs: readonly MorphoLog[]): StoredPosition[] {
    const changed = new Map<string, StoredPosition>();
    for (const log of logs) {
      if (!this.markets.has(log.args.id)) continue;
      const next = applyTo(log, (market, borrower) => this.get(market, borrower) ?? ZERO);
      if (!next) continue;
      this.upsert(next);
      changed.set(keyOf(next.market, next.borrower), next);
    }
    return [...changed.values()];
  }

  /** Replaces the overlay with the effect of the unconfirmed events (re-read every block, so reorgs heal). */
  setUnconfirmed(logs: readonly MorphoLog[]): void {
    const overlay = new Map<string, Position>();
    for (const log of logs) {
      if (!this.markets.has(log.args.id)) continue;
      const next = applyTo(
        log,
        (market, borrower) => overlay.get(keyOf(market, borrower)) ?? this.get(market, borrower) ?? ZERO,
      );
      if (!next) continue;
      overlay.set(keyOf(next.market, next.borrower), {
        ...next,
        sharesF: Number(next.borrowShares),
        collateralF: Number(next.collateral),
      });
    }
    this.overlay = overlay;
  }

  /** Calls `fn` for every position with debt as of the head (confirmed book + overlay), market by market. */
  forEachBorrower(market: Hex, fn: (p: Position) => void): void {
    const m = this.markets.get(market);
    if (!m) return;
    const overlay = this.overlay;
    if (overlay.size === 0) {
      for (const p of m.list) if (p.borrowShares !== 0n) fn(p);
      return;
    }
    for (const p of m.list) {
      const o = overlay.get(keyOf(market, p.borrower));
      const q = o ?? p;
      if (q.borrowShares !== 0n) fn(q);
    }
    for (const o of overlay.values()) if (o.market === market && !m.index.has(o.borrower) && o.borrowShares !== 0n) fn(o);
  }

  /** Positions with debt, per market (head view). */
  borrowerCount(market: Hex): number {
    let n = 0;
    this.forEachBorrower(market, () => {
      n++;
    });
    return n;
  }
}
