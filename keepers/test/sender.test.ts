import {
  type Hex,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  parseGwei,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Anvil, startAnvil } from "../../test/ts/anvil.js";
import { createLogger } from "../src/log.js";
import { TxSimulationError } from "../src/tx/errors.js";
import { createTxSender } from "../src/tx/sender.js";

const KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account #1
const account = privateKeyToAccount(KEY);
const SINK = "0x000000000000000000000000000000000000dEaD";
const REVERTER = "0x00000000000000000000000000000000000b0b00";

let anvil: Anvil;
let client: PublicClient;
let lines: Record<string, unknown>[];
let snapshot: Hex;

const log = () =>
  createLogger({ level: "debug", fields: { job: "test" }, write: (l) => lines.push(JSON.parse(l)) });

function sender(overrides: Partial<Parameters<typeof createTxSender>[0]> = {}) {
  return createTxSender({
    client,
    account,
    chainId: foundry.id,
    log: log(),
    maxFeePerGasCap: parseGwei("100"),
    pollingIntervalMs: 50,
    inclusionTimeoutMs: 5_000,
    ...overrides,
  });
}

const nonceOf = () => client.getTransactionCount({ address: account.address, blockTag: "pending" });
const rpc = (method: string, params: unknown[] = []) =>
  client.request({ method, params } as never) as Promise<unknown>;

beforeAll(async () => {
  anvil = await startAnvil();
  client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  await rpc("anvil_setCode", [REVERTER, "0x60006000fd"]); // PUSH1 0 PUSH1 0 REVERT
  snapshot = (await rpc("evm_snapshot")) as Hex;
});

afterAll(async () => {
  await anvil?.stop();
});

beforeEach(async () => {
  lines = [];
  await rpc("evm_revert", [snapshot]);
  snapshot = (await rpc("evm_snapshot")) as Hex;
  await rpc("evm_setAutomine", [true]);
});

describe("createTxSender", () => {
  it("gives N concurrent sends from one key consecutive nonces, all mined", async () => {
    const s = sender();
    const start = await nonceOf();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => s.send({ to: SINK, value: BigInt(i + 1), label: `t${i}` })),
    );
    expect(
      results.map((r) => (r.status === "mined" ? r.nonce : -1)),
      "consecutive nonces in submission order",
    ).toEqual([0, 1, 2, 3, 4, 5].map((i) => start + i));
    for (const r of results) {
      expect(r.status, "mined").toBe("mined");
      if (r.status === "mined") expect(r.receipt.status, "succeeded").toBe("success");
    }
    expect(await nonceOf(), "chain nonce advanced by N").toBe(start + 6);
  });

  it("recovers via resync when the nonce moved outside the sender", async () => {
    const s = sender();
    const first = await s.send({ to: SINK, value: 1n });
    expect(first.status, "first mined").toBe("mined");
    // The same key sends outside the sender: its cached nonce is now stale.
    const wallet = createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });
    const external = await wallet.sendTransaction({ to: SINK, value: 2n });
    await client.waitForTransactionReceipt({ hash: external });
    const second = await s.send({ to: SINK, value: 3n });
    expect(second.status, "second mined").toBe("mined");
    if (first.status === "mined" && second.status === "mined")
      expect(second.nonce, "skipped the externally used nonce").toBe(first.nonce + 2);
    expect(
      lines.some((l) => l.msg === "nonce moved outside this sender, resyncing from pending" && l.kind === "nonce-too-low"),
      "resync was logged with its classification",
    ).toBe(true);
  });

  it("replaces a stuck tx at the same nonce with bumped fees within the cap", async () => {
    await rpc("evm_setAutomine", [false]);
    const fees = await client.estimateFeesPerGas();
    const cap = (fees.maxFeePerGas * 125n) / 100n; // room for two 10% bumps, not three
    const s = sender({ inclusionTimeoutMs: 300, bumpBps: 1_000, maxBumps: 5, maxFeePerGasCap: cap });
    const start = await nonceOf();
    const sent = s.send({ to: SINK, value: 7n, label: "stuck" });
    // Wait until the sender has bumped and hit the cap, then mine one block.
    for (let i = 0; i < 100 && !lines.some((l) => l.msg === "fee cap reached, waiting without further bumps"); i++)
      await new Promise((r) => setTimeout(r, 50));
    await rpc("evm_mine");
    const r = await sent;
    expect(r.status, "mined after mining").toBe("mined");
    if (r.status !== "mined") return;
    expect(r.nonce, "same nonce").toBe(start);
    expect(r.attempts, "original plus replacements").toBeGreaterThanOrEqual(2);
    const tx = await client.getTransaction({ hash: r.hash });
    expect(tx.nonce, "mined tx uses the original nonce").toBe(start);
    expect(tx.maxFeePerGas, "bumped above the initial fee").toBeGreaterThan(fees.maxFeePerGas);
    expect(tx.maxFeePerGas! <= cap, "never above the cap").toBe(true);
    expect(await nonceOf(), "one nonce consumed").toBe(start + 1);
    const bumps = lines.filter((l) => l.msg === "stuck, replaced with bumped fees");
    expect(bumps.length, "bumps logged").toBe(r.attempts - 1);
  });

  it("rejects a reverting call at simulation and sends nothing", async () => {
    const s = sender();
    const start = await nonceOf();
    const block = await client.getBlockNumber();
    await expect(s.send({ to: REVERTER, data: "0x12345678", label: "revert" }), "simulation error").rejects.toBeInstanceOf(
      TxSimulationError,
    );
    expect(await nonceOf(), "nonce unchanged").toBe(start);
    expect(await client.getBlockNumber(), "no block mined").toBe(block);
    // The sender is still usable and its nonce still right.
    const ok = await s.send({ to: SINK, value: 1n });
    expect(ok.status === "mined" && ok.nonce, "next send uses the untouched nonce").toBe(start);
  });

  it("dry-run simulates and logs but sends nothing", async () => {
    const s = sender({ dryRun: true });
    const start = await nonceOf();
    const block = await client.getBlockNumber();
    const r = await s.send({ to: SINK, value: parseEther("1"), label: "dry" });
    expect(r.status, "dry-run result").toBe("dry-run");
    if (r.status === "dry-run") expect(r.gas >= 21_000n, "gas estimated with margin").toBe(true);
    expect(await nonceOf(), "nonce unchanged").toBe(start);
    expect(await client.getBlockNumber(), "no block mined").toBe(block);
    expect(lines.some((l) => l.msg === "dry-run: would send" && l.job === "test"), "logged with bound fields").toBe(true);
    await expect(s.send({ to: REVERTER, label: "dry-revert" }), "dry-run still simulates").rejects.toBeInstanceOf(
      TxSimulationError,
    );
  });
});
