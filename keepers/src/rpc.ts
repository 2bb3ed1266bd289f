/**
 * RPC: one viem `fallback` transport over every configured URL, ranked by latency and stability, with retries; and
 * a block-age watchdog that probes each endpoint's head.
 *
 * - Failover: a request that fails on one endpoint (connection refused, timeout, 5xx) goes to the next one at once.
 * - Ranking: viem samples every endpoint every `rankIntervalMs` (the ping is `eth_blockNumber`, which fails for a
 *   demoted endpoint, so a lagging node sinks in the ranking, not only a dead one).
 * - Watchdog: every tick it reads `eth_blockNumber` from each endpoint. An endpoint whose head is behind the best
 *   head, or that did not advance for `blockAgeAlarmSeconds` while another did, is demoted: the fallback skips it
 *   (rotation) until it catches up. When the best head itself did not advance for `blockAgeAlarmSeconds`, the
 *   watchdog raises the alarm (error log, `aid_keeper_block_stale` = 1, `/healthz` 503).
 */
import {
  type Chain,
  type PublicClient,
  RpcRequestError,
  type Transport,
  createPublicClient,
  custom,
  defineChain,
  fallback,
  http,
} from "viem";
import type { Logger } from "./log.js";
import type { StandardMetrics } from "./metrics.js";

export type CreateRpcParameters = {
  urls: readonly string[];
  chainId: number;
  log: Logger;
  metrics: StandardMetrics;
  blockAgeAlarmSeconds: number;
  /** Rank by latency/stability (default true); false keeps the configured order. */
  rank?: boolean;
  rankIntervalMs?: number;
  retryCount?: number;
  timeoutMs?: number;
  /** Watchdog and client polling period (default 1 s). */
  pollingIntervalMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
};

export type EndpointState = {
  url: string;
  /** Last head read from this endpoint (undefined until it answered once). */
  head: bigint | undefined;
  /** When `head` last advanced (ms). */
  advancedAt: number;
  /** Skipped by the fallback until it catches up. */
  demoted: boolean;
  /** Last probe failed. */
  down: boolean;
};

export type Rpc = {
  client: PublicClient;
  chain: Chain;
  /** Best head seen by the watchdog. */
  head: () => bigint | undefined;
  /** Seconds since the best head last advanced. */
  blockAgeSeconds: () => number;
  /** True while the best head did not advance for `blockAgeAlarmSeconds`. */
  stale: () => boolean;
  endpoints: () => readonly EndpointState[];
  /** One watchdog pass (the runtime calls it on a timer; tests call it directly). */
  check: () => Promise<void>;
  /** Starts the watchdog timer. */
  start: () => void;
  stop: () => void;
};

/** A chain object for `chainId` (the keeper only needs the id; fees come from the node). */
export function keeperChain(chainId: number, url: string): Chain {
  return defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}

/**
 * @example
 * const rpc = createRpc({ urls: config.rpcUrls, chainId: config.chainId, log, metrics, blockAgeAlarmSeconds: 60 });
 * rpc.start();
 * await rpc.client.getBlockNumber();
 */
export function createRpc(params: CreateRpcParameters): Rpc {
  const { urls, log, metrics } = params;
  const now = params.now ?? Date.now;
  const alarmMs = params.blockAgeAlarmSeconds * 1_000;
  const pollingIntervalMs = params.pollingIntervalMs ?? 1_000;
  const timeout = params.timeoutMs ?? 10_000;
  const chain = keeperChain(params.chainId, urls[0] as string);
  const startedAt = now();
  const states: EndpointState[] = urls.map((url) => ({
    url,
    head: undefined,
    advancedAt: startedAt,
    demoted: false,
    down: false,
  }));

  // One plain http client per endpoint: the watchdog probes them directly, the fallback wraps them.
  const direct = urls.map((url) => http(url, { timeout, retryCount: 0 })({ chain, retryCount: 0 }));
  const slots: Transport[] = states.map((state, i) =>
    custom(
      {
        async request({ method, params: p }) {
          if (state.demoted) throw new Error(`${state.url} demoted by the block watchdog (stale head)`);
          try {
            return await (direct[i] as ReturnType<Transport>).request({ method, params: p });
          } catch (error) {
            // Only transport-level failures count against the endpoint; an RPC error (revert) is the answer.
            if (!(error instanceof RpcRequestError)) metrics.rpcErrors.inc({ url: state.url });
            throw error;
          }
        },
      },
      { key: state.url, name: state.url, retryCount: 0 },
    ),
  );

  let stopped = false;
  const transport = fallback(slots, {
    // One endpoint: nothing to rank (and viem's ranking loop cannot be stopped, so it would outlive `stop()`).
    rank:
      params.rank === false || urls.length < 2
        ? false
        : {
            interval: params.rankIntervalMs ?? 10_000,
            timeout,
            // After `stop()` the ping never settles: viem's ranking loop parks on it with no timer left, so a
            // stopped keeper lets its process exit (viem offers no way to end the loop).
            ping: ({ transport: t }) => (stopped ? new Promise<never>(() => {}) : t.request({ method: "eth_blockNumber" })),
          },
    retryCount: params.retryCount ?? 2,
  });
  const client = createPublicClient({ chain, transport, pollingInterval: pollingIntervalMs }) as PublicClient;

  let best: bigint | undefined;
  let bestAt = startedAt;
  let alarmed = false;

  async function check(): Promise<void> {
    const t = now();
    await Promise.all(
      states.map(async (s, i) => {
        try {
          const hex = (await (direct[i] as ReturnType<Transport>).request({ method: "eth_blockNumber" })) as string;
          const head = BigInt(hex);
          s.down = false;
          if (s.head === undefined || head > s.head) {
            s.head = head;
            s.advancedAt = t;
          } else if (head < s.head) s.head = head; // reorg / reset: follow it
        } catch {
          if (!s.down) log.warn("rpc endpoint probe failed", { url: s.url });
          s.down = true;
          metrics.rpcErrors.inc({ url: s.url });
        }
      }),
    );
    const heads = states.filter((s) => !s.down && s.head !== undefined).map((s) => s.head as bigint);
    const top = heads.length > 0 ? heads.reduce((a, b) => (a > b ? a : b)) : undefined;
    if (top !== undefined && (best === undefined || top !== best)) {
      if (best === undefined || top > best) bestAt = t;
      best = top;
    }
    // Demote an endpoint behind the best head that has not advanced for the alarm window; never all of them.
    for (const s of states) {
      const lagging = s.down || (top !== undefined && s.head !== undefined && s.head < top && t - s.advancedAt >= alarmMs);
      if (lagging && !s.demoted && states.some((o) => o !== s && !o.demoted && !o.down)) {
        s.demoted = true;
        metrics.rpcRotations.inc();
        log.warn("rpc endpoint demoted: head stale or unreachable, rotating to the next", {
          url: s.url,
          head: s.head,
          best: top,
        });
      } else if (!lagging && s.demoted) {
        s.demoted = false;
        log.info("rpc endpoint caught up, restored", { url: s.url, head: s.head });
      }
    }
    const age = (t - bestAt) / 1_000;
    metrics.blockAgeSeconds.set(age);
    if (best !== undefined) metrics.lastBlock.set(Number(best));
    const isStale = t - bestAt >= alarmMs;
    metrics.blockStale.set(isStale ? 1 : 0);
    if (isStale && !alarmed) log.error("ALERT no new block", { seconds: age, head: best, urls });
    if (!isStale && alarmed) log.info("blocks flowing again", { head: best });
    alarmed = isStale;
  }

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  return {
    client,
    chain,
    head: () => best,
    blockAgeSeconds: () => (now() - bestAt) / 1_000,
    stale: () => now() - bestAt >= alarmMs,
    endpoints: () => states.map((s) => ({ ...s })),
    check,
    start: () => {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return; // never overlap passes
        running = true;
        check()
          .catch((error: unknown) => log.error("block watchdog failed", { error }))
          .finally(() => {
            running = false;
          });
      }, pollingIntervalMs);
      timer.unref();
    },
    stop: () => {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
