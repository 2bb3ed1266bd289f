/**
 * oracle — keeps every configured PushFeed fresh with EIP-712 signed reports.
 *
 * Per feed and tick: read the sources, take the median of those that answered (refuse below `minSources`), scale
 * it to the feed's decimals, and push when |median − on-chain| ≥ `deviationBps` or the last round is older than
 * `heartbeatSeconds − heartbeatMarginSeconds`. The report is what contracts/oracles/PushFeed.sol verifies:
 * `Report(uint80 roundId,int256 answer,uint64 observedAt)` under the EIP-712 domain (name = `description()`,
 * version "1", chainId, the feed), `roundId = latestRound + 1`, `observedAt` the latest block's timestamp (strictly
 * newer than the last round, never in the future), signatures sorted by signer address, at least `threshold`.
 *
 * k-of-n (signing.mode): see ./share.ts — the transmitter proposes a report into a shared directory, each signer
 * instance checks it against its own median and adds its signature, the transmitter sends once `threshold`
 * distinct registered signers signed. Idempotence: the round number makes a report single-use on chain (a second
 * transmit reverts `WrongRound`, refused at simulation), and the intent `oracle:<feed>:<round>` is re-checked against
 * `latestRound` after a restart.
 */
import { type Deployment, pushFeedAbi } from "@aid-protocol/sdk";
import { Counter, Gauge } from "prom-client";
import { type Address, type Hex, encodeFunctionData, hashTypedData, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { FeedConfig } from "../../config.js";
import { reconcileIntents } from "../../state.js";
import { TxSimulationError } from "../../tx/errors.js";
import { runLoop } from "../loop.js";
import { sendOnce } from "../once.js";
import type { Job, JobContext } from "../types.js";
import { type Proposal, ShareDir } from "./share.js";
import { median, readSource } from "./sources.js";

const JOB = "oracle";
const WAD = 10n ** 18n;

export type Report = { roundId: bigint; answer: bigint; observedAt: bigint };

export const reportTypes = {
  Report: [
    { name: "roundId", type: "uint80" },
    { name: "answer", type: "int256" },
    { name: "observedAt", type: "uint64" },
  ],
} as const;

export function reportDomain(feed: { address: Address; description: string; chainId: number }) {
  return { name: feed.description, version: "1", chainId: feed.chainId, verifyingContract: feed.address } as const;
}

type FeedInfo = {
  name: string;
  address: Address;
  description: string;
  decimals: number;
  chainId: number;
  config: FeedConfig;
};

type OnChain = { round: bigint; answer: bigint; observedAt: bigint; threshold: bigint; now: bigint };

function metrics(ctx: JobContext) {
  const registers = [ctx.metrics];
  return {
    pushes: new Counter({
      name: "aid_keeper_oracle_pushes_total",
      help: "Rounds transmitted, by feed and reason",
      labelNames: ["feed", "reason"] as const,
      registers,
    }),
    feedAge: new Gauge({
      name: "aid_keeper_oracle_feed_age_seconds",
      help: "Age of the feed's latest round (chain time)",
      labelNames: ["feed"] as const,
      registers,
    }),
    deviation: new Gauge({
      name: "aid_keeper_oracle_deviation_bps",
      help: "Deviation of the sources' median from the on-chain answer",
      labelNames: ["feed"] as const,
      registers,
    }),
    sourceFailures: new Counter({
      name: "aid_keeper_oracle_source_failures_total",
      help: "Source reads that failed",
      labelNames: ["feed", "source"] as const,
      registers,
    }),
    refusals: new Counter({
      name: "aid_keeper_oracle_refusals_total",
      help: "Pushes refused for lack of sources (below minSources)",
      labelNames: ["feed"] as const,
      registers,
    }),
    signatures: new Counter({
      name: "aid_keeper_oracle_signatures_total",
      help: "Proposals signed by this instance (k-of-n)",
      labelNames: ["feed"] as const,
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof metrics>;

function feedAddress(d: Deployment, ref: string): { name: string; address: Address } {
  if (ref.startsWith("0x")) return { name: ref, address: ref as Address };
  return { name: ref, address: d.feeds[ref as keyof Deployment["feeds"]] };
}

async function readOnChain(ctx: JobContext, feed: FeedInfo): Promise<OnChain> {
  const { client } = ctx;
  const [round, threshold, block] = await Promise.all([
    client.readContract({ address: feed.address, abi: pushFeedAbi, functionName: "latestRound" }),
    client.readContract({ address: feed.address, abi: pushFeedAbi, functionName: "threshold" }),
    client.getBlock(),
  ]);
  if (round === 0n) return { round, answer: 0n, observedAt: 0n, threshold, now: block.timestamp };
  const [, answer, , updatedAt] = await client.readContract({
    address: feed.address,
    abi: pushFeedAbi,
    functionName: "latestRoundData",
  });
  return { round, answer, observedAt: updatedAt, threshold, now: block.timestamp };
}

/** The median of the feed's sources in feed decimals, or undefined (logged, counted) below `minSources`. */
async function observe(ctx: JobContext, feed: FeedInfo, m: Metrics): Promise<bigint | undefined> {
  const results = await Promise.allSettled(
    feed.config.sources.map((s) => readSource(s, { client: ctx.client, deployment: ctx.deployment })),
  );
  const values: bigint[] = [];
  results.forEach((r, i) => {
    if (r.status === "fulfilled") values.push(r.value);
    else {
      m.sourceFailures.inc({ feed: feed.name, source: `${i}:${feed.config.sources[i]?.type}` });
      ctx.log.warn("source failed", { feed: feed.name, source: i, type: feed.config.sources[i]?.type, error: r.reason });
    }
  });
  if (values.length < feed.config.minSources) {
    m.refusals.inc({ feed: feed.name });
    ctx.log.error("refusing to push: too few sources answered", {
      feed: feed.name,
      answered: values.length,
      minSources: feed.config.minSources,
    });
    return undefined;
  }
  return (median(values) * 10n ** BigInt(feed.decimals)) / WAD;
}

function deviationBps(a: bigint, b: bigint): bigint {
  if (b === 0n) return 10_000n;
  const diff = a > b ? a - b : b - a;
  return (diff * 10_000n) / (b < 0n ? -b : b);
}

/** Why a push is due, or undefined. */
function due(ctx: JobContext, feed: FeedInfo, chain: OnChain, answer: bigint): "deviation" | "heartbeat" | "first" | undefined {
  if (chain.round === 0n) return "first";
  const o = ctx.config.oracle;
  const heartbeat = BigInt(feed.config.heartbeatSeconds ?? o.heartbeatSeconds);
  const margin = BigInt(o.heartbeatMarginSeconds);
  if (deviationBps(answer, chain.answer) >= BigInt(feed.config.deviationBps ?? o.deviationBps)) return "deviation";
  if (chain.now - chain.observedAt >= (heartbeat > margin ? heartbeat - margin : 0n)) return "heartbeat";
  return undefined;
}

async function transmit(
  ctx: JobContext,
  feed: FeedInfo,
  report: Report,
  signatures: readonly { signer: Address; signature: Hex }[],
  reason: string,
  m: Metrics,
): Promise<void> {
  const sorted = [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  const stillNeeded = async () =>
    (await ctx.client.readContract({ address: feed.address, abi: pushFeedAbi, functionName: "latestRound" })) ===
    report.roundId - 1n;
  try {
    const r = await sendOnce(ctx, {
      job: JOB,
      key: `oracle:${feed.address}:${report.roundId}`,
      payload: { feed: feed.address, round: report.roundId, answer: report.answer, observedAt: report.observedAt },
      stillNeeded,
      // Tell the liquidator (same process) as soon as the push is broadcast: it can follow in the same block.
      onSent: (sent) =>
        ctx.events.emit("pricePushed", {
          feed: feed.address,
          feedName: feed.name,
          roundId: report.roundId,
          answer: report.answer,
          hash: sent.hash,
          from: ctx.sender.address,
          maxPriorityFeePerGas: sent.fees.maxPriorityFeePerGas,
        }),
      request: {
        to: feed.address,
        data: encodeFunctionData({
          abi: pushFeedAbi,
          functionName: "transmit",
          args: [report, sorted.map((s) => s.signature)],
        }),
        label: "transmit",
      },
    });
    if (r.status === "sent") {
      m.pushes.inc({ feed: feed.name, reason });
      ctx.log.info("round pushed", {
        feed: feed.name,
        round: report.roundId,
        answer: report.answer,
        reason,
        signers: sorted.length,
      });
    } else ctx.log.info("push skipped", { feed: feed.name, round: report.roundId, reason: r.reason });
  } catch (error) {
    if (!(error instanceof TxSimulationError)) throw error;
    ctx.log.warn("transmit refused at simulation, retrying next tick", { feed: feed.name, round: report.roundId, error });
  }
}

/** One feed, one tick. */
async function feedStep(
  ctx: JobContext,
  feed: FeedInfo,
  signer: ReturnType<typeof privateKeyToAccount>,
  share: ShareDir | undefined,
  m: Metrics,
): Promise<void> {
  const mode = ctx.config.oracle.signing.mode;
  const chain = await readOnChain(ctx, feed);
  if (chain.round > 0n) m.feedAge.set({ feed: feed.name }, Number(chain.now - chain.observedAt));
  const answer = await observe(ctx, feed, m);
  if (answer === undefined) return;
  if (chain.round > 0n) m.deviation.set({ feed: feed.name }, Number(deviationBps(answer, chain.answer)));
  const nextRound = chain.round + 1n;
  const domain = reportDomain(feed);
  const sign = (report: Report) => signer.signTypedData({ domain, types: reportTypes, primaryType: "Report", message: report });

  if (mode === "signer") {
    // Sign the transmitter's proposal for the next round if it agrees with our own median.
    const proposal = share?.readProposal(feed.address, nextRound);
    if (!proposal || share?.hasSignature(feed.address, proposal, signer.address)) return;
    const { report } = proposal;
    const maxDev = BigInt(ctx.config.oracle.signing.maxProposalDeviationBps);
    const problems: string[] = [];
    if (report.roundId !== nextRound) problems.push("wrong round");
    if (report.observedAt <= chain.observedAt) problems.push("not newer than the last round");
    if (report.observedAt > chain.now + 60n) problems.push("observed in the future");
    if (deviationBps(report.answer, answer) > maxDev) problems.push(`answer deviates more than ${maxDev} bps from ours`);
    if (problems.length > 0) {
      ctx.log.warn("refusing to sign proposal", { feed: feed.name, round: report.roundId, proposed: report.answer, ours: answer, problems });
      return;
    }
    share?.writeSignature(feed.address, proposal, signer.address, await sign(report));
    m.signatures.inc({ feed: feed.name });
    ctx.log.info("signed proposal", { feed: feed.name, round: report.roundId, answer: report.answer });
    return;
  }

  if (mode === "transmitter" && share) {
    const proposal = share.readProposal(feed.address, nextRound);
    const timeout = BigInt(ctx.config.oracle.signing.quorumTimeoutSeconds);
    if (proposal && chain.now - proposal.report.observedAt < timeout) {
      const valid = await validSignatures(ctx, feed, proposal, share);
      if (BigInt(valid.length) >= chain.threshold)
        await transmit(ctx, feed, proposal.report, valid.slice(0, Number(chain.threshold)), proposal.reason, m);
      else ctx.log.debug("waiting for signatures", { feed: feed.name, round: nextRound, have: valid.length, need: chain.threshold });
      return;
    }
    const reason = due(ctx, feed, chain, answer);
    if (!reason || chain.now <= chain.observedAt) return;
    const report: Report = { roundId: nextRound, answer, observedAt: chain.now };
    const fresh: Proposal = { report, reason, proposer: signer.address };
    share.writeProposal(feed.address, fresh);
    share.writeSignature(feed.address, fresh, signer.address, await sign(report));
    ctx.log.info("proposed report, collecting signatures", { feed: feed.name, round: nextRound, answer, reason });
    return;
  }

  // solo: our own signature is the quorum (threshold 1).
  const reason = due(ctx, feed, chain, answer);
  if (!reason || chain.now <= chain.observedAt) return;
  const report: Report = { roundId: nextRound, answer, observedAt: chain.now };
  await transmit(ctx, feed, report, [{ signer: signer.address, signature: await sign(report) }], reason, m);
}

/** Signatures in the share dir for exactly this proposal, recovered, registered on chain, distinct. */
async function validSignatures(
  ctx: JobContext,
  feed: FeedInfo,
  proposal: Proposal,
  share: ShareDir,
): Promise<{ signer: Address; signature: Hex }[]> {
  const out: { signer: Address; signature: Hex }[] = [];
  const seen = new Set<string>();
  for (const { signature } of share.readSignatures(feed.address, proposal)) {
    let signer: Address;
    try {
      signer = await recoverTypedDataAddress({
        domain: reportDomain(feed),
        types: reportTypes,
        primaryType: "Report",
        message: proposal.report,
        signature,
      });
    } catch {
      continue;
    }
    if (seen.has(signer.toLowerCase())) continue;
    const registered = await ctx.client.readContract({
      address: feed.address,
      abi: pushFeedAbi,
      functionName: "isSigner",
      args: [signer],
    });
    if (!registered) {
      ctx.log.warn("ignoring a signature from an unregistered signer", { feed: feed.name, signer });
      continue;
    }
    seen.add(signer.toLowerCase());
    out.push({ signer, signature });
  }
  return out;
}

/** Reads each feed's description/decimals and checks our EIP-712 digest equals the contract's `reportDigest`. */
async function loadFeeds(ctx: JobContext): Promise<FeedInfo[]> {
  const chainId = ctx.deployment.chainId;
  return Promise.all(
    ctx.config.oracle.feeds.map(async (config) => {
      const { name, address } = feedAddress(ctx.deployment, config.feed);
      const [description, decimals] = await Promise.all([
        ctx.client.readContract({ address, abi: pushFeedAbi, functionName: "description" }),
        ctx.client.readContract({ address, abi: pushFeedAbi, functionName: "decimals" }),
      ]);
      const info: FeedInfo = { name, address, description, decimals, chainId, config };
      const probe: Report = { roundId: 1n, answer: 1n, observedAt: 1n };
      const onChain = await ctx.client.readContract({
        address,
        abi: pushFeedAbi,
        functionName: "reportDigest",
        args: [probe],
      });
      const local = hashTypedData({ domain: reportDomain(info), types: reportTypes, primaryType: "Report", message: probe });
      if (onChain !== local) throw new Error(`feed ${name}: EIP-712 digest mismatch (${local} vs ${onChain})`);
      return info;
    }),
  );
}

/** Builds the oracle job's state for `ctx` (feeds checked against the chain, intents reconciled); `step` is one tick. */
export async function createOracle(ctx: JobContext): Promise<{ step: () => Promise<void> }> {
  const m = metrics(ctx);
  const signer = privateKeyToAccount(ctx.config.oracle.signing.signerKey);
  const { mode, shareDir } = ctx.config.oracle.signing;
  const share = shareDir !== undefined ? new ShareDir(shareDir) : undefined;
  const feeds = await loadFeeds(ctx);
  if (feeds.length === 0) ctx.log.warn("no feeds configured (oracle.feeds): idle");
  for (const f of feeds) {
    const registered = await ctx.client.readContract({
      address: f.address,
      abi: pushFeedAbi,
      functionName: "isSigner",
      args: [signer.address],
    });
    if (!registered && mode !== "transmitter")
      ctx.log.error("our signer is not registered on the feed: its signatures will be rejected", {
        feed: f.name,
        signer: signer.address,
      });
  }
  await reconcileIntents<{ feed: Address; round: bigint }>(ctx.db, ctx.client, JOB, async (intent) => {
    const latest = await ctx.client.readContract({
      address: intent.payload.feed,
      abi: pushFeedAbi,
      functionName: "latestRound",
    });
    return latest >= intent.payload.round ? "done" : "retry";
  });
  ctx.log.info("oracle job started", { feeds: feeds.map((f) => f.name), mode, signer: signer.address });
  return {
    step: async () => {
      for (const feed of feeds) {
        if (ctx.signal.aborted) return;
        try {
          await feedStep(ctx, feed, signer, share, m);
        } catch (error) {
          ctx.log.error("feed step failed", { feed: feed.name, error });
        }
      }
    },
  };
}

export const oracleJob: Job = {
  name: "oracle",
  run: async (ctx) => {
    const { step } = await createOracle(ctx);
    await runLoop(ctx, JOB, ctx.config.pollIntervalMs, step);
  },
};
