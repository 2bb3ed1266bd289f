/**
 * Test helper: a fresh anvil (the repository's one anvil helper, test/ts/anvil.ts) with the real deploy + seed
 * scripts run on it through the same runner as `npm run deploy:local` (tools/deploy-local.mjs). The deployment file
 * goes to a scratch path under deployments/ (never a developer's deployments/31337.json) and is removed by `stop()`.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Hash, type PublicClient, type TransactionReceipt, createPublicClient, http } from "viem";
import { startAnvil } from "../../test/ts/anvil.js";
import { ROOT, runScript } from "../../tools/deploy-local.mjs";

export type Devnet = { rpcUrl: string; json: unknown; stop: () => Promise<void> };

/** Starts anvil, deploys and seeds. Throws with forge's output when a script fails. */
export async function startDevnet(): Promise<Devnet> {
  const anvil = await startAnvil();
  const { rpcUrl } = anvil;
  const scratch = `deployments/.sdk-vitest-${process.pid}-${new URL(rpcUrl).port}.json`;
  const stop = async () => {
    await anvil.stop();
    const file = join(ROOT, scratch);
    if (existsSync(file)) rmSync(file);
  };
  try {
    const env = { DEPLOYMENT_FILE: scratch };
    const deployed = await runScript("deploy", { rpcUrl, env, quiet: true });
    await runScript("seed", { rpcUrl, env, quiet: true });
    return { rpcUrl, json: JSON.parse(readFileSync(deployed.path, "utf8")), stop };
  } catch (error) {
    console.error((error as { output?: string }).output ?? error);
    await stop();
    throw error;
  }
}

/** A public client that records what it sends, for the one-round-trip assertions. */
export type CountingClient = {
  client: PublicClient;
  /** Runs `fn` and returns the JSON-RPC methods and the HTTP requests it caused on `client`. */
  count: <T>(fn: () => Promise<T>) => Promise<{ value: T; methods: string[]; http: number }>;
};

/** A public client on `rpcUrl` (no retries) whose JSON-RPC methods and HTTP requests {@link CountingClient.count} counts. */
export function countingClient(rpcUrl: string): CountingClient {
  const methods: string[] = [];
  let requests = 0;
  const client = createPublicClient({
    transport: http(rpcUrl, {
      retryCount: 0,
      onFetchRequest: async (request) => {
        requests++;
        const body = await request.clone().json();
        for (const message of [body].flat() as { method: string }[]) methods.push(message.method);
      },
    }),
  });
  return {
    client,
    count: async (fn) => {
      methods.length = 0;
      requests = 0;
      const value = await fn();
      return { value, methods: [...methods], http: requests };
    },
  };
}

/** Waits for `hash` on `chain` and asserts the transaction was sent and succeeded. */
export async function expectMined(chain: PublicClient, hash: Hash | undefined): Promise<TransactionReceipt> {
  // Imported here, not at the top: this module also serves `npm run bench` (vite-node), where vitest cannot load.
  const { expect } = await import("vitest");
  expect(hash, "a transaction was sent").toBeDefined();
  const receipt = await chain.waitForTransactionReceipt({ hash: hash as Hash });
  expect(receipt.status, "the transaction succeeded").toBe("success");
  return receipt;
}
