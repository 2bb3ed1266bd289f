/**
 * One way to run anvil in the TypeScript suites: a free port, its own process group (tools/lib/process.mjs
 * `spawnGroup`: npm's `anvil` is a node wrapper around the binary, so the group is signalled, not just the wrapper),
 * readiness polled over JSON-RPC, and no anvil outliving the test worker even when `afterAll` never runs.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../tools/lib/net.mjs";
import { spawnGroup, waitUntil } from "../../tools/lib/process.mjs";
import { rpc } from "../../tools/lib/rpc.mjs";

export { freePort };

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type Anvil = {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s); resolves once it exited. Idempotent. */
  stop: () => Promise<void>;
};

/** Starts anvil with `args` (e.g. `["--chain-id", "424242"]`) and waits until it answers `eth_chainId`. */
export async function startAnvil(args: string[] = []): Promise<Anvil> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const anvil = spawnGroup(join(ROOT, "node_modules", ".bin", "anvil"), ["--port", String(port), "--silent", ...args]);
  try {
    await waitUntil(`anvil on ${rpcUrl}`, async () => (await rpc<string>(rpcUrl, "eth_chainId")) !== undefined, {
      service: anvil,
      timeoutMs: 30_000,
      intervalMs: 50,
    });
  } catch (error) {
    await anvil.stop();
    throw error;
  }
  return { rpcUrl, stop: () => anvil.stop() };
}
