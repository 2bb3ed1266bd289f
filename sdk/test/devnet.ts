/**
 * Test helper: a fresh anvil (the repository's one anvil helper, test/ts/anvil.ts) with the real deploy + seed
 * scripts run on it through the same runner as `npm run deploy:local` (tools/deploy-local.mjs). The deployment file
 * goes to a scratch path under deployments/ (never a developer's deployments/31337.json) and is removed by `stop()`.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
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
