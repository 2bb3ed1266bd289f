/**
 * `npm run bench -w subgraph`: indexing throughput of the subgraph on the real graph-node (`gnd dev`).
 *
 *   npm run bench -w subgraph [-- --events 10000 --per-block 500]
 *
 * 1. A fresh anvil, the real deploy + seed scripts (scratch deployment file).
 * 2. History: ≥ `--events` events the subgraph handles, generated cheaply: automine off, each round sends
 *    `--per-block` transactions from anvil's ten unlocked accounts (JSON-RPC batches, explicit nonces, fixed gas) and
 *    mines them into one block: mostly AID transfers to fresh addresses (Transfer → two Account updates) and one
 *    Reserve mint per sender per round (Minted + AID Transfer(s)). The time this takes is reported.
 * 3. The subgraph built from that deployment; Postgres + the IPFS probe responder started; then `gnd dev` is
 *    started and timed until `_meta` reports the chain head (start block → head, from scratch).
 * 4. graph-node's own Prometheus metrics (the metrics port, :8040 by default): `deployment_handler_execution_time`
 *    (per-handler histogram of mapping time) gives ms/event in mappings; also block processing and store
 *    transaction time.
 *
 * Run by vite-node (vitest's TypeScript runner) so it reuses test/ts/anvil.ts, tools/deploy-local.mjs and the
 * graph-stack library as they are.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Address, type Hex, encodeFunctionData, keccak256, parseAbi, toHex } from "viem";
import { startAnvil } from "../../test/ts/anvil.js";
import { ROOT, runScript } from "../../tools/deploy-local.mjs";
import { buildSubgraph } from "../scripts/dev.mjs";
import { startGnd, startIpfsResponder, startPostgres, waitForSync } from "../scripts/graph-stack.mjs";
import { rpc } from "../../tools/lib/rpc.mjs";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000" },
    "per-block": { type: "string", default: "500" },
  },
});
const TARGET = Number(values.events);
const PER_BLOCK = Number(values["per-block"]);

const erc20 = parseAbi([
  "function transfer(address to, uint256 amount) returns (bool)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function mint(address to, uint256 amount)",
]);
const reserveAbi = parseAbi(["function mint(address stable, uint256 amountIn, uint256 minAidOut, address receiver) returns (uint256, uint256)"]);
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

type Deployment = { startBlock: number; contracts: Record<string, Address>; tokens: Record<string, Address>; feeds: Record<string, Address> };

/** One JSON-RPC batch; throws on the first error. */
async function batch(url: string, calls: { method: string; params: unknown[] }[]): Promise<unknown[]> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((c, id) => ({ jsonrpc: "2.0", id, ...c }))),
  });
  const body = (await res.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  const failed = body.find((r) => r.error);
  if (failed) throw new Error(`batch call ${failed.id} (${calls[failed.id]?.method}): ${failed.error?.message}`);
  return body.sort((a, b) => a.id - b.id).map((r) => r.result);
}

/** Prometheus text → { name{labels}: value } for the metrics we read. */
function parseMetrics(text: string) {
  const handlers = new Map<string, { sum: number; count: number }>();
  let blockSecs = 0;
  let blocks = 0;
  let transactSecs = 0;
  for (const line of text.split("\n")) {
    const m = /^(\w+)\{([^}]*)\} ([0-9.eE+-]+)$/.exec(line);
    if (!m) continue;
    const [, name, labels, raw] = m;
    const value = Number(raw);
    if (name === "deployment_handler_execution_time_sum" || name === "deployment_handler_execution_time_count") {
      const handler = /handler="([^"]+)"/.exec(labels ?? "")?.[1] ?? "?";
      const h = handlers.get(handler) ?? { sum: 0, count: 0 };
      if (name.endsWith("_sum")) h.sum += value;
      else h.count += value;
      handlers.set(handler, h);
    } else if (name === "deployment_block_processing_duration_sum") blockSecs += value;
    else if (name === "deployment_block_processing_duration_count") blocks += value;
    else if (name === "deployment_transact_block_operations_duration_sum") transactSecs += value;
  }
  return { handlers, blockSecs, blocks, transactSecs };
}

async function main() {
  const anvil = await startAnvil();
  const stops: (() => Promise<void>)[] = [anvil.stop];
  const relative = `deployments/.subgraph-bench-${process.pid}.json`;
  const deploymentFile = join(ROOT, relative);
  try {
    const url = anvil.rpcUrl;
    const env = { DEPLOYMENT_FILE: relative };
    await runScript("deploy", { rpcUrl: url, env, quiet: true });
    await runScript("seed", { rpcUrl: url, env, quiet: true });
    const dep = JSON.parse(readFileSync(deploymentFile, "utf8")) as Deployment;
    const { AID, USDC } = dep.tokens as { AID: Address; USDC: Address };
    const reserve = dep.contracts.Reserve as Address;
    const senders = await rpc<Address[]>(url, "eth_accounts");

    // Setup (automine on): every sender gets USDC, approves the Reserve, mints 1M AID.
    const setup: { from: Address; to: Address; data: Hex }[] = [];
    for (const from of senders) {
      setup.push({ from, to: USDC, data: encodeFunctionData({ abi: erc20, functionName: "mint", args: [from, 10_000_000n * E6] }) });
      setup.push({ from, to: USDC, data: encodeFunctionData({ abi: erc20, functionName: "approve", args: [reserve, 2n ** 255n] }) });
      setup.push({ from, to: reserve, data: encodeFunctionData({ abi: reserveAbi, functionName: "mint", args: [USDC, 1_000_000n * E6, 0n, from] }) });
    }
    for (const tx of setup) {
      const hash = await rpc<Hex>(url, "eth_sendTransaction", [{ ...tx, gas: toHex(400_000n) }]);
      let receipt: { status: Hex } | null = null;
      for (let i = 0; !receipt; i++) {
        receipt = await rpc<{ status: Hex } | null>(url, "eth_getTransactionReceipt", [hash]);
        if (!receipt) await new Promise((r) => setTimeout(r, 20));
        if (i > 500) throw new Error(`setup transaction ${hash} not mined`);
      }
      if (receipt.status !== "0x1") throw new Error(`setup transaction ${hash} reverted`);
    }

    // Generation (automine off): PER_BLOCK transactions per block until the target event count.
    const startHead = Number(await rpc<Hex>(url, "eth_blockNumber"));
    await rpc(url, "evm_setAutomine", [false]);
    const nonces = new Map<Address, bigint>();
    for (const s of senders) nonces.set(s, BigInt(await rpc<Hex>(url, "eth_getTransactionCount", [s, "latest"])));
    const perSender = Math.max(1, Math.floor(PER_BLOCK / senders.length));
    let expectedEvents = 0;
    let txs = 0;
    let blocks = 0;
    let recipient = 0n;
    const t0 = performance.now();
    while (expectedEvents < TARGET) {
      const calls: { method: string; params: unknown[] }[] = [];
      for (const from of senders) {
        for (let i = 0; i < perSender; i++) {
          const nonce = nonces.get(from) ?? 0n;
          nonces.set(from, nonce + 1n);
          let to: Address;
          let data: Hex;
          if (i === 0) {
            // A mint: Minted + AID Transfer from 0x0 (+ the fee Transfer to the treasury when the fee is non-zero).
            to = reserve;
            data = encodeFunctionData({ abi: reserveAbi, functionName: "mint", args: [USDC, 1_000n * E6, 0n, from] });
            expectedEvents += 2;
          } else {
            // A transfer to a fresh address: Transfer → two Account updates.
            recipient++;
            const dest = `0x${keccak256(toHex(recipient)).slice(26)}` as Address;
            to = AID;
            data = encodeFunctionData({ abi: erc20, functionName: "transfer", args: [dest, E18] });
            expectedEvents += 1;
          }
          calls.push({
            method: "eth_sendTransaction",
            params: [{ from, to, data, nonce: toHex(nonce), gas: toHex(250_000n), maxFeePerGas: toHex(1_000n * 10n ** 9n), maxPriorityFeePerGas: "0x0" }],
          });
        }
      }
      const hashes = (await batch(url, calls)) as Hex[];
      txs += hashes.length;
      // Mine until every transaction of the round is in (a block holds at most its gas limit).
      for (;;) {
        await rpc(url, "evm_mine");
        blocks++;
        const last = await rpc<{ status: Hex } | null>(url, "eth_getTransactionReceipt", [hashes[hashes.length - 1]]);
        if (last) break;
      }
    }
    const generationMs = performance.now() - t0;
    await rpc(url, "evm_setAutomine", [true]);
    const head = Number(await rpc<Hex>(url, "eth_blockNumber"));

    // Events the subgraph's data sources saw on chain (all logs of the indexed contracts, handled or not).
    const sources = [AID, reserve, dep.contracts.DealBook, dep.tokens.sAID, ...Object.values(dep.feeds)] as Address[];
    const logs = await rpc<unknown[]>(url, "eth_getLogs", [
      { address: sources, fromBlock: toHex(dep.startBlock), toBlock: toHex(head) },
    ]);

    // Build, then the stack: Postgres and IPFS first, gnd timed on its own.
    const manifest = await buildSubgraph({ deploymentFile, network: "devnet", quiet: true });
    const postgres = await startPostgres();
    stops.unshift(postgres.stop);
    const ipfs = await startIpfsResponder();
    stops.unshift(ipfs.stop);
    const g0 = performance.now();
    const gnd = await startGnd({ manifest, rpcUrl: url, network: "devnet", postgresUrl: postgres.url, ipfsUrl: ipfs.hostPort });
    stops.unshift(gnd.stop);
    const served = performance.now() - g0;
    await waitForSync(gnd.url, head, { statusUrl: gnd.statusUrl, timeoutMs: 1_800_000, intervalMs: 100 });
    const syncedMs = performance.now() - g0;
    const metrics = parseMetrics(await (await fetch(gnd.metricsUrl)).text());
    const handled = [...metrics.handlers.values()].reduce((a, h) => a + h.count, 0);
    const handlerSecs = [...metrics.handlers.values()].reduce((a, h) => a + h.sum, 0);
    if (handled < TARGET) throw new Error(`only ${handled} handler invocations (< ${TARGET}): generation undercounted`);

    const rows: [string, string][] = [
      ["history generated", `${txs} transactions in ${blocks} blocks (${startHead + 1}…${head}), automine off, ${PER_BLOCK}/block`],
      ["generation time", `${(generationMs / 1000).toFixed(1)} s (${Math.round(txs / (generationMs / 1000))} tx/s)`],
      ["logs of the indexed contracts", `${logs.length} (blocks ${dep.startBlock}…${head}, handled or not)`],
      ["handler invocations (metrics)", `${handled}`],
      ["gnd start → first _meta answer", `${(served / 1000).toFixed(1)} s (needs a first indexed block)`],
      ["gnd start → head (start block → head)", `${(syncedMs / 1000).toFixed(1)} s`],
      ["throughput", `${Math.round(handled / (syncedMs / 1000))} events/s, ${Math.round((head - dep.startBlock) / (syncedMs / 1000))} blocks/s`],
      ["mapping time (handler_execution_time)", `${handlerSecs.toFixed(2)} s total, ${((handlerSecs * 1000) / handled).toFixed(3)} ms/event`],
      ["block processing (incl. mappings)", `${metrics.blockSecs.toFixed(2)} s over ${metrics.blocks} blocks`],
      ["store transactions", `${metrics.transactSecs.toFixed(2)} s`],
      ["machine", `${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min)`],
    ];
    const perHandler = [...metrics.handlers.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 6)
      .map(([h, v]) => [`  ${h}`, `${v.count} calls, ${((v.sum * 1000) / v.count).toFixed(3)} ms/call`] as [string, string]);
    const width = Math.max(...[...rows, ...perHandler].map(([k]) => k.length));
    console.log(`\nsubgraph indexing bench (gnd dev ${"0.45"}, anvil, private PostgreSQL 15; target ${TARGET} events)\n`);
    for (const [k, v] of [...rows, ["per handler (top 6)", ""] as [string, string], ...perHandler]) console.log(`${k.padEnd(width)}  ${v}`);
    console.log(`\ncommand: npm run bench -w subgraph -- --events ${TARGET} --per-block ${PER_BLOCK}`);
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    if (existsSync(deploymentFile)) rmSync(deploymentFile);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
