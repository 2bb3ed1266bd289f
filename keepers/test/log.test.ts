import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";
import { classifySendError } from "../src/tx/errors.js";

describe("createLogger", () => {
  it("writes one JSON line per record with bound fields, bigint as string, levels filtered", () => {
    const lines: string[] = [];
    const now = () => new Date("2026-01-01T00:00:00Z");
    const log = createLogger({ level: "info", fields: { job: "oracle" }, write: (l) => lines.push(l), now });
    log.debug("hidden");
    log.child({ feed: "GPU-NAV" }).info("pushed", { price: 10n ** 18n, error: new Error("x", { cause: "y" }) });
    expect(lines.length, "debug filtered at info").toBe(1);
    expect(JSON.parse(lines[0] as string), "record shape").toEqual({
      time: "2026-01-01T00:00:00.000Z",
      level: "info",
      msg: "pushed",
      job: "oracle",
      feed: "GPU-NAV",
      price: "1000000000000000000",
      error: { name: "Error", message: "x", cause: "y" },
    });
  });
});

describe("classifySendError", () => {
  it.each([
    ["nonce too low: next nonce 5, tx nonce 4", "nonce-too-low"],
    ["replacement transaction underpriced", "replacement-underpriced"],
    ["already known", "already-known"],
    ["insufficient funds for gas * price + value", "insufficient-funds"],
    ["execution reverted: HEALTHY_POSITION", "reverted"],
    ["socket hang up", "unknown"],
  ])("%s → %s", (message, kind) => {
    // Nested like viem does: the node's message sits in the cause chain.
    const error = new Error("An internal error was received.", { cause: new Error(message) });
    expect(classifySendError(error), message).toBe(kind);
  });
});

describe("logging discipline", () => {
  it("no console.* in src/ (log.ts is the only writer)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const src = new URL("../src/", import.meta.url);
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length, "found sources").toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(new URL(f, src), "utf8"), f).not.toMatch(/\bconsole\./);
  });
});
