/**
 * Test helper: a fresh anvil on a free port with the real deploy + seed scripts run on it (through the same runner
 * as `npm run deploy:local`, tools/deploy-local.mjs). The deployment file goes to a scratch path under deployments/
 * (never a developer's deployments/31337.json) and is removed by `stop()`, which also kills anvil's process group.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT, runScript } from "../../tools/deploy-local.mjs";

export type Devnet = { rpcUrl: string; json: unknown; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForNode(rpcUrl: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // Not up yet.
    }
    if (i > 150) throw new Error(`anvil did not start on ${rpcUrl}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts anvil, deploys and seeds. Throws with forge's output when a script fails. */
export async function startDevnet(): Promise<Devnet> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const scratch = `deployments/.sdk-vitest-${process.pid}-${port}.json`;
  const anvil: ChildProcess = spawn(join(ROOT, "node_modules", ".bin", "anvil"), ["--port", String(port), "--silent"], {
    stdio: "ignore",
    detached: true,
  });
  const kill = (signal: NodeJS.Signals) => {
    if (anvil.pid && anvil.exitCode === null) {
      try {
        process.kill(-anvil.pid, signal);
      } catch {
        // Already gone.
      }
    }
  };
  const onExit = () => kill("SIGKILL");
  process.once("exit", onExit);
  const stop = async () => {
    process.off("exit", onExit);
    if (anvil.exitCode === null) {
      const exited = new Promise((resolve) => anvil.once("exit", resolve));
      kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      kill("SIGKILL");
    }
    const file = join(ROOT, scratch);
    if (existsSync(file)) rmSync(file);
  };
  try {
    await waitForNode(rpcUrl);
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
