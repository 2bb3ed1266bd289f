/**
 * One chain per test file: anvil + deploy (optionally seeded) in beforeAll, a snapshot reverted before each test
 * (automine back on), every test keeper stopped before the next test and everything torn down in afterAll.
 */
import type { Hex } from "viem";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Chain, startChain } from "./chain.js";
import type { TestKeeper } from "./keeper.js";

export type Suite = {
  readonly chain: Chain;
  /** Stops `k` before the next test (and at the end). Returns `k`. */
  track: <K extends TestKeeper>(k: K) => K;
  /** Runs `fn` in afterAll (servers, proxies). */
  onCleanup: (fn: () => Promise<void> | void) => void;
};

export function useChain(options: { seed?: boolean } = {}): Suite {
  let chain: Chain | undefined;
  let snap: Hex;
  const keepers: TestKeeper[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    chain = await startChain(options);
    snap = await chain.snapshot();
  });
  afterAll(async () => {
    for (const k of keepers) await k.stop().catch(() => {});
    for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
    await chain?.stop();
  });
  beforeEach(async () => {
    for (const k of keepers.splice(0)) await k.stop();
    const c = chain as Chain;
    await c.revert(snap);
    snap = await c.snapshot();
    await c.rpc("evm_setAutomine", [true]);
  });
  return {
    get chain() {
      if (!chain) throw new Error("chain not started (use inside tests)");
      return chain;
    },
    track: (k) => {
      keepers.push(k);
      return k;
    },
    onCleanup: (fn) => void cleanups.push(fn),
  };
}
