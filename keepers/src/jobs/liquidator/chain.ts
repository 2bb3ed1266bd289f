/**
 * The liquidator's reads. Per block, whatever the number of positions: one `eth_getLogs` over the unconfirmed window
 * and one `eth_call` (a deployless Multicall3 `aggregate3`) returning every market's state, IRM rate at target and
 * oracle price plus the block's timestamp/number and the hashes the reorg check needs. Backfill pages `eth_getLogs`
 * over bounded block ranges and halves the range when the node refuses a page.
 */
import { Market, MarketParams } from "@morpho-org/blue-sdk";
import {
  type Address,
  type BlockTag,
  type Hex,
  type Log,
  type PublicClient,
  encodeEventTopics,
  numberToHex,
  zeroHash,
} from "viem";
import { adaptiveCurveIrmAbi, pushFeedAbi } from "@aid-protocol/sdk";
import { CLOCK_STUB_ADDRESS, CLOCK_STUB_CODE, clockStubAbi, morphoAbi, morphoEventNames, oracleAbi } from "./abis.js";
import { type MorphoLog, parseMorphoLogs } from "./book.js";
import { type MarketFactors, marketFactors } from "./math.js";

export type MarketConfig = {
  name: string;
  id: Hex;
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: bigint;
  /** Push feed giving the loan token's USD price (8-decimal answers), to value profit. */
  loanUsdFeed: Address | undefined;
};

const topic0s = morphoEventNames.map((eventName) => encodeEventTopics({ abi: morphoAbi, eventName })[0] as Hex);

/** Morpho logs of `markets` in [from, to] in one request (the caller bounds the range). */
export async function getMorphoLogs(
  client: PublicClient,
  morpho: Address,
  marketIds: readonly Hex[],
  from: bigint,
  to: bigint,
): Promise<MorphoLog[]> {
  if (to < from) return [];
  const raw = (await client.request({
    method: "eth_getLogs",
    params: [
      {
        address: morpho,
        fromBlock: numberToHex(from),
        toBlock: numberToHex(to),
        topics: [topic0s, [...marketIds]],
      },
    ],
  })) as unknown as Array<Record<string, unknown>>;
  const logs = raw.map(
    (l) =>
      ({
        ...l,
        blockNumber: BigInt(l.blockNumber as Hex),
        logIndex: Number(BigInt(l.logIndex as Hex)),
        transactionIndex: Number(BigInt(l.transactionIndex as Hex)),
        removed: false,
      }) as unknown as Log,
  );
  return parseMorphoLogs(logs).sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
}

/** Backfills [from, to] page by page; `onPage` runs after each page (the caller persists a checkpoint there). */
export async function backfill(
  client: PublicClient,
  morpho: Address,
  marketIds: readonly Hex[],
  from: bigint,
  to: bigint,
  pageSize: bigint,
  onPage: (logs: MorphoLog[], pageEnd: bigint) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<number> {
  let pages = 0;
  let size = pageSize;
  for (let start = from; start <= to && !signal?.aborted; ) {
    const end = start + size - 1n < to ? start + size - 1n : to;
    let logs: MorphoLog[];
    try {
      logs = await getMorphoLogs(client, morpho, marketIds, start, end);
    } catch (error) {
      if (size > 1n) {
        size = size / 2n; // "query returned more than N results" / range limits: retry the range in halves
        continue;
      }
      throw error;
    }
    await onPage(logs, end);
    pages++;
    start = end + 1n;
    if (size < pageSize) size = size * 2n;
  }
  return pages;
}

/** One market at one block: accrued to the block timestamp, priced, reduced to factors. */
export type MarketState = {
  config: MarketConfig;
  /** Undefined when the oracle reverted (stale feed, paused): the market is skipped this block. */
  factors: MarketFactors | undefined;
  price: bigint | undefined;
  /** Loan token USD price, WAD (1e18 when no feed). */
  loanUsd: bigint;
  /** The raw on-chain market (not accrued). */
  raw: { totalSupplyAssets: bigint; totalBorrowAssets: bigint; totalBorrowShares: bigint; lastUpdate: bigint };
  /** Borrow totals accrued to the evaluation timestamp (also when the oracle reverted). */
  accrued: { totalBorrowAssets: bigint; totalBorrowShares: bigint };
};

export type BlockState = {
  number: bigint;
  timestamp: bigint;
  /** blockhash(a), blockhash(b) as requested (zero hash when out of the EVM's 256-block window). */
  hashA: Hex;
  hashB: Hex;
  markets: MarketState[];
};

/**
 * Every market's state in ONE eth_call at `block` (a number or a tag such as "pending"), accrued with the
 * adaptive-curve IRM to that block's timestamp (blue-sdk `Market.accrueInterest`, our IRM being the same model — the
 * differential test in test/ts/irm.test.ts checks it to the wei).
 */
export async function readBlockState(
  client: PublicClient,
  morpho: Address,
  markets: readonly MarketConfig[],
  block: { blockNumber: bigint } | { blockTag: BlockTag },
  hashesOf: readonly [bigint, bigint] = [0n, 0n],
  /** Accrue to this timestamp instead of the block's (tests: compare with the next block's on-chain accrual). */
  accrueTo?: bigint,
): Promise<BlockState> {
  const contracts = [
    { address: CLOCK_STUB_ADDRESS, abi: clockStubAbi, functionName: "clock", args: hashesOf },
    ...markets.flatMap((m) => [
      { address: morpho, abi: morphoAbi, functionName: "market", args: [m.id] },
      { address: m.irm, abi: adaptiveCurveIrmAbi, functionName: "rateAtTarget", args: [m.id] },
      { address: m.oracle, abi: oracleAbi, functionName: "price" },
      m.loanUsdFeed
        ? { address: m.loanUsdFeed, abi: pushFeedAbi, functionName: "latestAnswer" }
        : { address: m.oracle, abi: oracleAbi, functionName: "price" },
    ]),
  ];
  const results = await client.multicall({
    contracts: contracts as never,
    allowFailure: true,
    batchSize: 0,
    deployless: true,
    stateOverride: [{ address: CLOCK_STUB_ADDRESS, code: CLOCK_STUB_CODE }],
    ...block,
  });
  const clock = results[0] as { status: string; result?: readonly [bigint, bigint, Hex, Hex]; error?: Error };
  if (clock.status !== "success" || !clock.result) throw new Error("block clock read failed", { cause: clock.error });
  const [timestamp, number, hashA, hashB] = clock.result;
  const states = markets.map((config, i): MarketState => {
    const at = (k: number) => results[1 + 4 * i + k] as { status: string; result?: unknown; error?: Error };
    const m = at(0);
    if (m.status !== "success") throw new Error(`Morpho.market(${config.name}) failed`, { cause: m.error });
    const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] =
      m.result as readonly [bigint, bigint, bigint, bigint, bigint, bigint];
    const rate = at(1);
    const priceRes = at(2);
    const feed = at(3);
    const raw = { totalSupplyAssets, totalBorrowAssets, totalBorrowShares, lastUpdate };
    const loanUsd =
      config.loanUsdFeed && feed.status === "success" && (feed.result as bigint) > 0n
        ? (feed.result as bigint) * 10n ** 10n
        : 10n ** 18n;
    const price = priceRes.status === "success" ? (priceRes.result as bigint) : undefined;
    const market = new Market({
      params: new MarketParams({
        loanToken: config.loanToken,
        collateralToken: config.collateralToken,
        oracle: config.oracle,
        irm: config.irm,
        lltv: config.lltv,
      }),
      totalSupplyAssets,
      totalBorrowAssets,
      totalSupplyShares,
      totalBorrowShares,
      lastUpdate,
      fee,
      ...(rate.status === "success" ? { rateAtTarget: rate.result as bigint } : {}),
    });
    const to = accrueTo ?? timestamp;
    const accrued = to > lastUpdate ? market.accrueInterest(to) : market;
    const totals = { totalBorrowAssets: accrued.totalBorrowAssets, totalBorrowShares: accrued.totalBorrowShares };
    if (price === undefined) return { config, factors: undefined, price, loanUsd, raw, accrued: totals };
    return { config, factors: marketFactors({ ...totals, price, lltv: config.lltv }), price, loanUsd, raw, accrued: totals };
  });
  return { number, timestamp, hashA: hashA ?? zeroHash, hashB: hashB ?? zeroHash, markets: states };
}
