/**
 * One way to run anvil in the TypeScript suites: a free port, a detached process group (npm's `anvil` is a node
 * wrapper around the binary, so the group is signalled, not just the wrapper), readiness polled over JSON-RPC, and
 * a process `exit` hook so no anvil outlives the test worker even when `afterAll` never runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../tools/lib/net.mjs";

export { freePort };

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type Anvil = {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s); resolves once it exited. Idempotent. */
  stop: () => Promise<void>;
};

function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, sig);
  } catch {
    // Already gone.
  }
}

/** Starts anvil with `args` (e.g. `["--chain-id", "424242"]`) and waits until it answers `eth_chainId`. */
export async function startAnvil(args: string[] = []): Promise<Anvil> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const child = spawn(join(ROOT, "node_modules", ".bin", "anvil"), ["--port", String(port), "--silent", ...args], {
    stdio: "ignore",
    detached: true,
  });
  const onExit = () => signal(child, "SIGKILL");
  process.once("exit", onExit);

  const stop = async () => {
    process.off("exit", onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signal(child, "SIGTERM");
    const timeout = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    if ((await Promise.race([exited.then(() => "exited"), timeout])) !== "exited") signal(child, "SIGKILL");
  };

  for (let i = 0; ; i++) {
    try {
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) break;
    } catch (error) {
      if (i > 200 || child.exitCode !== null) {
        await stop();
        throw new Error(`anvil did not start on ${rpcUrl}`, { cause: error });
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { rpcUrl, stop };
}
