/**
 * The devnet's market-data endpoint: the "outside world" prices the oracle keeper reads through its HTTP JSON
 * source (`GET /prices` → `{ "AID_USD": "1.00", "GPU_NAV": "25000", … }`, decimal strings, never floats), and that
 * scenarios move (`POST /prices` with a partial object of decimal strings). The keeper then pushes signed reports
 * to the feeds exactly as it would from a real price API — nothing bypasses the oracle path.
 */
import { type Server, createServer } from "node:http";

export type MarketData = {
  readonly url: string;
  /** Current prices (decimal strings). */
  readonly prices: Readonly<Record<string, string>>;
  stop: () => Promise<void>;
};

const DECIMAL = /^\d+(\.\d{1,18})?$/;

/** Validates a partial price update: every value a non-negative decimal string with at most 18 decimals. */
export function parsePriceUpdate(body: unknown): Record<string, string> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new Error("expected a JSON object of decimal strings, e.g. {\"AID_USD\":\"0.92\"}");
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== "string" || !DECIMAL.test(value))
      throw new Error(`${key}: expected a decimal string such as "0.92", got ${JSON.stringify(value)}`);
    out[key] = value;
  }
  return out;
}

export async function startMarketData({
  port,
  initial,
}: {
  port: number;
  initial: Record<string, string>;
}): Promise<MarketData> {
  const prices: Record<string, string> = { ...initial };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url !== "/prices") return send(404, { error: "only /prices exists" });
    if (req.method === "GET") return send(200, prices);
    if (req.method !== "POST") return send(405, { error: "GET or POST" });
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
    });
    req.on("end", () => {
      try {
        Object.assign(prices, parsePriceUpdate(JSON.parse(raw)));
        send(200, prices);
      } catch (error) {
        send(400, { error: (error as Error).message });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${port}/prices`,
    prices,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sets prices on a running devnet's market-data endpoint (used by the scenarios). */
export async function setPrices(url: string, update: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(update),
  });
  const body = (await res.json()) as Record<string, string> & { error?: string };
  if (!res.ok) throw new Error(`market data refused the update: ${body.error ?? res.status}`);
  return body;
}
