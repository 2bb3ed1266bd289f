/**
 * One in-flight transaction per key. Every send goes through a p-queue of concurrency 1 and owns an explicit local
 * nonce: estimate against `pending` (a revert there means nothing is sent), sign EIP-1559 locally, broadcast, wait for
 * the receipt with an inclusion timeout, and replace a stuck tx at the same nonce with fees bumped up to a cap.
 * Send errors are classified; anything unrecognised drops the local nonce so the next send resyncs from `pending`.
 */
import PQueue from "p-queue";
import {
  type Address,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  keccak256,
} from "viem";
import type { Logger } from "../log.js";
import {
  TxNotIncludedError,
  TxRevertedError,
  TxSendError,
  TxSimulationError,
  classifySendError,
} from "./errors.js";

export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

export type TxRequest = {
  to: Address;
  data?: Hex;
  value?: bigint;
  /** Short label for logs, e.g. "pushReport". */
  label?: string;
  /**
   * Called after each broadcast (the first and every replacement) with the tx hash and nonce, before the receipt
   * wait: jobs persist it (state "sent") so a restart can look the tx up instead of sending again.
   */
  onSent?: (sent: { hash: Hex; nonce: number; fees: Fees }) => void;
  /**
   * Tip ceiling for the first broadcast (replacements bump above it): a tx meant to follow another one in the same
   * block bids at most that one's tip, so a builder ordering by tip puts it behind.
   */
  maxPriorityFeePerGas?: bigint;
};

export type SendResult =
  | {
      status: "mined";
      hash: Hex;
      nonce: number;
      receipt: TransactionReceipt;
      /** Broadcasts at this nonce (1 = no replacement). */
      attempts: number;
      fees: Fees;
    }
  | { status: "dry-run"; gas: bigint; fees: Fees };

export type CreateTxSenderParameters = {
  client: PublicClient;
  account: LocalAccount;
  chainId: number;
  log: Logger;
  dryRun?: boolean;
  /** Wait this long for a receipt before bumping the fee (default 30 s). */
  inclusionTimeoutMs?: number;
  /** Fee bump per replacement in bps (default 1250 = 12.5%, above geth's 10% price bump). */
  bumpBps?: number;
  /** At most this many replacements per nonce (default 5). */
  maxBumps?: number;
  /** Never pay more than this maxFeePerGas, initial or bumped. */
  maxFeePerGasCap: bigint;
  /** Gas limit = estimate × (10000 + gasMarginBps) / 10000 (default 2000 = +20%). */
  gasMarginBps?: number;
  /** Receipt polling interval (default 1 s). */
  pollingIntervalMs?: number;
};

export type TxSender = {
  readonly address: Address;
  /** Queues `request`; resolves once mined (or simulated in dry-run). */
  send: (request: TxRequest) => Promise<SendResult>;
  /** Drops the local nonce: the next send reads it from `pending`. */
  resyncNonce: () => void;
  /** Sends waiting or in flight. */
  readonly pending: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mulBpsUp = (x: bigint, bps: number) => (x * BigInt(10_000 + bps) + 9_999n) / 10_000n;
/** A bumped fee: +bps, and at least +1 wei (a zero tip must still rise). */
const bumpFee = (x: bigint, bps: number) => {
  const up = mulBpsUp(x, bps);
  return up > x ? up : x + 1n;
};

/** Caps both fees at `cap` (priority never above max). */
function capFees(f: Fees, cap: bigint): Fees {
  const maxFeePerGas = f.maxFeePerGas < cap ? f.maxFeePerGas : cap;
  const maxPriorityFeePerGas = f.maxPriorityFeePerGas < maxFeePerGas ? f.maxPriorityFeePerGas : maxFeePerGas;
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/**
 * @example
 * const sender = createTxSender({ client, account, chainId, log, maxFeePerGasCap: parseGwei("200") });
 * const { hash } = await sender.send({ to: oracle, data, label: "push" });
 */
export function createTxSender(params: CreateTxSenderParameters): TxSender {
  const { client, account, chainId, log } = params;
  const dryRun = params.dryRun ?? false;
  const inclusionTimeoutMs = params.inclusionTimeoutMs ?? 30_000;
  const bumpBps = params.bumpBps ?? 1_250;
  const maxBumps = params.maxBumps ?? 5;
  const cap = params.maxFeePerGasCap;
  const gasMarginBps = params.gasMarginBps ?? 2_000;
  const pollingIntervalMs = params.pollingIntervalMs ?? 1_000;
  const queue = new PQueue({ concurrency: 1 });
  /** Next nonce to use; undefined = read from `pending` before the next send. */
  let nextNonce: number | undefined;

  const pendingNonce = () => client.getTransactionCount({ address: account.address, blockTag: "pending" });

  async function broadcast(tx: {
    to: Address;
    data: Hex | undefined;
    value: bigint | undefined;
    gas: bigint;
    nonce: number;
    fees: Fees;
  }): Promise<Hex> {
    const signed = await account.signTransaction({
      type: "eip1559",
      chainId,
      to: tx.to,
      ...(tx.data !== undefined ? { data: tx.data } : {}),
      ...(tx.value !== undefined ? { value: tx.value } : {}),
      gas: tx.gas,
      nonce: tx.nonce,
      maxFeePerGas: tx.fees.maxFeePerGas,
      maxPriorityFeePerGas: tx.fees.maxPriorityFeePerGas,
    });
    const hash = keccak256(signed);
    try {
      await client.request({ method: "eth_sendRawTransaction", params: [signed] });
    } catch (error) {
      if (classifySendError(error) === "already-known") return hash; // the node has exactly this tx
      throw error;
    }
    return hash;
  }

  async function findReceipt(hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> {
    for (const hash of hashes) {
      try {
        return await client.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  async function waitFor(hashes: readonly Hex[], timeoutMs: number): Promise<TransactionReceipt | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const receipt = await findReceipt(hashes);
      if (receipt) return receipt;
      if (Date.now() >= deadline) return undefined;
      await sleep(Math.min(pollingIntervalMs, Math.max(0, deadline - Date.now())));
    }
  }

  async function run(request: TxRequest): Promise<SendResult> {
    const txLog = log.child({ label: request.label ?? "tx", to: request.to });
    const base = {
      account: account.address,
      to: request.to,
      ...(request.data !== undefined ? { data: request.data } : {}),
      ...(request.value !== undefined ? { value: request.value } : {}),
    };

    // 1. Simulate: estimate against `pending`; a revert here sends nothing and keeps the nonce.
    let gas: bigint;
    try {
      const estimate = await client.estimateGas({ ...base, blockTag: "pending" });
      gas = mulBpsUp(estimate, gasMarginBps);
    } catch (error) {
      txLog.warn("simulation reverted, not sent", { error });
      throw new TxSimulationError(`simulation of ${request.label ?? "tx"} to ${request.to} failed`, { cause: error });
    }
    const estimated = capFees(await client.estimateFeesPerGas(), cap);
    const fees: Fees =
      request.maxPriorityFeePerGas !== undefined && request.maxPriorityFeePerGas < estimated.maxPriorityFeePerGas
        ? { ...estimated, maxPriorityFeePerGas: request.maxPriorityFeePerGas }
        : estimated;

    if (dryRun) {
      txLog.info("dry-run: would send", { gas, ...fees });
      return { status: "dry-run", gas, fees };
    }

    // 2. Broadcast at an explicit nonce; recover from a nonce moved outside this process.
    let nonce = 0;
    let hash: Hex | undefined;
    // A local nonce AHEAD of the node's pending count means txs we sent vanished (a reorg, a dropped or evicted
    // tx, a node restart): use the node's count, or every later tx would wait forever behind a nonce gap.
    if (nextNonce !== undefined) {
      const onNode = await pendingNonce();
      if (onNode < nextNonce) {
        txLog.warn("local nonce ahead of the node's pending count (reorg or dropped txs): resyncing", {
          local: nextNonce,
          pending: onNode,
        });
        nextNonce = onNode;
      }
    }
    for (let attempt = 0; hash === undefined; attempt++) {
      if (nextNonce === undefined) nextNonce = await pendingNonce();
      nonce = nextNonce;
      try {
        hash = await broadcast({ to: request.to, data: request.data, value: request.value, gas, nonce, fees });
      } catch (error) {
        const kind = classifySendError(error);
        if ((kind === "nonce-too-low" || kind === "replacement-underpriced") && attempt < 2) {
          txLog.warn("nonce moved outside this sender, resyncing from pending", { nonce, kind });
          nextNonce = undefined;
          continue;
        }
        if (kind === "reverted")
          throw new TxSimulationError(`node rejected ${request.label ?? "tx"}: execution reverted`, { cause: error });
        if (kind !== "insufficient-funds") nextNonce = undefined; // unknown state: resync on the next send
        txLog.error("send failed", { nonce, kind, error });
        throw new TxSendError(kind, `sending ${request.label ?? "tx"} at nonce ${nonce} failed`, { cause: error });
      }
    }
    nextNonce = nonce + 1;
    request.onSent?.({ hash, nonce, fees }); // persisted before anything else, so a crash after this line finds the hash
    txLog.info("sent", { hash, nonce, gas, ...fees });

    // 3. Wait for inclusion; on timeout replace at the same nonce with bumped fees, never above the cap.
    const hashes: Hex[] = [hash];
    let current = fees;
    let bumps = 0;
    let capped = false;
    for (;;) {
      const receipt = await waitFor(hashes, inclusionTimeoutMs);
      if (receipt) {
        const mined = receipt.transactionHash;
        if (receipt.status !== "success") {
          txLog.error("mined but reverted", { hash: mined, nonce, block: receipt.blockNumber });
          throw new TxRevertedError(receipt);
        }
        txLog.info("mined", { hash: mined, nonce, block: receipt.blockNumber, attempts: hashes.length });
        return { status: "mined", hash: mined, nonce, receipt, attempts: hashes.length, fees: current };
      }
      if (capped || bumps >= maxBumps) {
        nextNonce = undefined; // the tx may still land: let `pending` decide the next nonce
        txLog.error("not included, giving up", { nonce, hashes });
        throw new TxNotIncludedError(nonce, hashes);
      }
      const bumped = capFees(
        {
          maxFeePerGas: bumpFee(current.maxFeePerGas, bumpBps),
          maxPriorityFeePerGas: bumpFee(current.maxPriorityFeePerGas, bumpBps),
        },
        cap,
      );
      if (bumped.maxFeePerGas <= current.maxFeePerGas || bumped.maxPriorityFeePerGas <= current.maxPriorityFeePerGas) {
        capped = true;
        txLog.warn("fee cap reached, waiting without further bumps", { nonce, cap, ...current });
        continue;
      }
      bumps++;
      try {
        const replacement = await broadcast({
          to: request.to,
          data: request.data,
          value: request.value,
          gas,
          nonce,
          fees: bumped,
        });
        hashes.push(replacement);
        current = bumped;
        request.onSent?.({ hash: replacement, nonce, fees: bumped });
        txLog.warn("stuck, replaced with bumped fees", { nonce, hash: replacement, bump: bumps, ...bumped });
      } catch (error) {
        const kind = classifySendError(error);
        // nonce too low: one of our earlier hashes was mined meanwhile; the next wait finds its receipt.
        txLog.warn("replacement refused", { nonce, kind, error });
        if (kind === "replacement-underpriced") current = bumped; // bump further from here next time
      }
    }
  }

  return {
    address: account.address,
    send: (request) => queue.add(() => run(request)),
    resyncNonce: () => {
      nextNonce = undefined;
    },
    get pending() {
      return queue.size + queue.pending;
    },
  };
}
