import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Anvil, startAnvil } from "../../test/ts/anvil.js";
import { createPublicClient } from "viem";
import {
  countIntents,
  createKv,
  getIntent,
  markFinal,
  markSent,
  migrate,
  openIntents,
  openState,
  reconcileIntents,
  recordIntent,
} from "../src/state.js";

const dir = mkdtempSync(join(tmpdir(), "keeper-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openState", () => {
  it("uses WAL, applies each migration once, survives reopen", () => {
    const path = join(dir, "a.sqlite");
    const db = openState(path);
    expect(db.pragma("journal_mode", { simple: true }), "WAL").toBe("wal");
    expect(migrate(db, "t/001", ["CREATE TABLE t (x INTEGER)"]), "first run applies").toBe(true);
    expect(migrate(db, "t/001", ["CREATE TABLE t (x INTEGER)"]), "second run skips").toBe(false);
    db.close();
    const again = openState(path);
    expect(migrate(again, "t/001", ["CREATE TABLE t (x INTEGER)"]), "still applied after reopen").toBe(false);
    again.close();
  });

  it("rolls a failing migration back entirely", () => {
    const db = openState(":memory:");
    expect(() => migrate(db, "bad/001", ["CREATE TABLE ok (x)", "NOT SQL"]), "throws").toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get(), "first statement rolled back").toBe(
      undefined,
    );
    expect(migrate(db, "bad/001", ["CREATE TABLE ok (x)"]), "not recorded as applied").toBe(true);
  });
});

describe("kv", () => {
  it("round-trips bigints exactly, namespaced", () => {
    const db = openState(":memory:");
    const a = createKv<{ big: bigint; list: { n: bigint }[] }>(db, "a");
    const b = createKv<{ big: bigint }>(db, "b");
    a.set("big", 2n ** 200n + 1n);
    a.set("list", [{ n: 1n }, { n: -5n }]);
    expect(a.get("big"), "exact bigint").toBe(2n ** 200n + 1n);
    expect(a.get("list"), "nested bigints").toEqual([{ n: 1n }, { n: -5n }]);
    expect(b.get("big"), "other namespace empty").toBe(undefined);
    a.delete("big");
    expect(a.get("big"), "deleted").toBe(undefined);
  });
});

describe("intents", () => {
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await startAnvil();
  });
  afterAll(async () => anvil?.stop());

  it("records once, tracks hashes, and reconciles against the chain", async () => {
    const db = openState(join(dir, "intents.sqlite"));
    const first = recordIntent(db, { key: "job:x:1", job: "job", payload: { amount: 5n } });
    expect(first.created, "created").toBe(true);
    const second = recordIntent(db, { key: "job:x:1", job: "job", payload: { amount: 6n } });
    expect(second.created, "second record does not create").toBe(false);
    expect(second.intent.payload, "original payload kept").toEqual({ amount: 5n });

    const client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
    const wallet = createWalletClient({
      account: privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
      chain: foundry,
      transport: http(anvil.rpcUrl),
    });
    const hash = await wallet.sendTransaction({ to: "0x000000000000000000000000000000000000dEaD", value: 1n });
    await client.waitForTransactionReceipt({ hash });
    markSent(db, "job:x:1", { hash: `0x${"11".repeat(32)}` as Hex, nonce: 0 }); // a replaced hash, never mined
    markSent(db, "job:x:1", { hash, nonce: 0 });
    expect(getIntent(db, "job:x:1")?.hashes.length, "both hashes kept").toBe(2);

    recordIntent(db, { key: "job:y", job: "job", payload: {} }); // recorded, never sent: check decides
    recordIntent(db, { key: "job:z", job: "job", payload: {} });
    recordIntent(db, { key: "other:w", job: "other", payload: {} });
    const checked: string[] = [];
    const open = await reconcileIntents(db, client, "job", async (i) => {
      checked.push(i.key);
      return i.key === "job:y" ? "done" : "retry";
    });
    expect(getIntent(db, "job:x:1")?.status, "mined hash → done").toBe("done");
    expect(checked, "check only for intents without a receipt").toEqual(["job:y", "job:z"]);
    expect(getIntent(db, "job:y")?.status, "chain shows the effect → skipped").toBe("skipped");
    expect(open.map((i) => i.key), "left open").toEqual(["job:z"]);
    expect(openIntents(db, "other").length, "other job untouched").toBe(1);
    markFinal(db, "job:z", "failed", "test");
    expect(countIntents(db, "job", "failed"), "count by status").toBe(1);
    db.close();
  });
});
