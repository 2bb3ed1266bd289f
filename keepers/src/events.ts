/**
 * In-process events between the jobs of one keeper process. The runtime creates one bus per process and hands it to
 * every job (`JobContext.events`); a job that runs alone simply has no listener.
 *
 * Today one event: our oracle job broadcast a round (not yet mined). The liquidator re-evaluates every position at
 * the `pending` block, which includes that push, and sends its liquidations right behind it, so both land in the
 * same block (see keepers/README.md, "Same-block liquidations").
 */
import type { Address, Hex } from "viem";

export type KeeperEventMap = {
  pricePushed: {
    feed: Address;
    /** The feed's name in the deployment, e.g. "AID_USD". */
    feedName: string;
    roundId: bigint;
    /** The pushed answer in the feed's decimals. */
    answer: bigint;
    hash: Hex;
    /** The pushing key: a liquidation from the same key can only follow once the push is mined (one tx in flight). */
    from: Address;
    /** The push's tip: a liquidation sent behind it bids less, so a block builder ordering by tip puts it after. */
    maxPriorityFeePerGas: bigint;
  };
};

export type KeeperEventName = keyof KeeperEventMap;
export type KeeperEventListener<K extends KeeperEventName> = (event: KeeperEventMap[K]) => void;

export type KeeperEvents = {
  /** Subscribes; returns the unsubscribe function. */
  on: <K extends KeeperEventName>(name: K, listener: KeeperEventListener<K>) => () => void;
  /** Calls every listener synchronously; a throwing listener is reported to `onListenerError`, never to the emitter. */
  emit: <K extends KeeperEventName>(name: K, event: KeeperEventMap[K]) => void;
};

/**
 * @example
 * const events = createKeeperEvents((error) => log.error("event listener failed", { error }));
 * const off = events.on("pricePushed", (e) => log.info("pushed", { feed: e.feedName, answer: e.answer }));
 */
export function createKeeperEvents(onListenerError: (error: unknown, name: KeeperEventName) => void = () => {}): KeeperEvents {
  const listeners = new Map<KeeperEventName, Set<KeeperEventListener<KeeperEventName>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as KeeperEventListener<KeeperEventName>;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    emit(name, event) {
      for (const l of [...(listeners.get(name) ?? [])]) {
        try {
          l(event);
        } catch (error) {
          onListenerError(error, name);
        }
      }
    },
  };
}
