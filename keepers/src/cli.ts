/**
 * `aid-keeper <job...|all> [--config file.json|.yaml] [flags]` — runs one or several jobs in one process.
 * Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 2 for a usage or config error (the message names the
 * field), 1 when the runtime or a job fails.
 */
import { ConfigError, loadConfig } from "./config.js";
import { isJobName, jobNames, jobRegistry } from "./jobs/index.js";
import type { Job } from "./jobs/types.js";
import { createLogger } from "./log.js";
import { startKeeper } from "./runtime.js";

export const HELP = `aid-keeper — AID Protocol keeper bots

Usage:
  aid-keeper <job...|all> [--config <file.json|file.yaml>] [flags]

Jobs:
  oracle       push signed reports to the PushFeeds (deviation / heartbeat, k-of-n signing)
  yield        distribute the Reserve's realised yield into sAID, mark deal NAV from the GPU-NAV feed
  epochs       settle sAID exit epochs, process the Reserve redemption queue
  liquidator   liquidate unhealthy Morpho positions through the FlashLiquidator
  all          every job above in one process

Flags (override the config file and env):
  --config <file>           JSON or YAML config file
  --rpc-url <url>           RPC endpoint (repeat for fallbacks)
  --chain-id <id>           expected chain id
  --deployment-file <path>  deployments/<chainId>.json
  --key-file <path>         file holding the keeper private key (or env KEEPER_PRIVATE_KEY)
  --state-path <path>       SQLite state file
  --metrics-port <port>     /metrics and /healthz port (0 = any)
  --log-level <level>       debug | info | warn | error
  --dry-run                 simulate and log what would be sent, send nothing
  --help                    this text

Secrets never come from flags or the config file: KEEPER_PRIVATE_KEY / keyFile, KEEPER_ORACLE_SIGNER_KEY /
oracle.signing.keyFile, KEEPER_LIQUIDATOR_KEY / liquidator.keyFile. See keepers/README.md for the full config reference.
`;

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<void> {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(HELP);
    if (argv.length === 0) process.exit(2);
    return;
  }
  const names: string[] = [];
  let i = 0;
  for (; i < argv.length && !(argv[i] as string).startsWith("-"); i++) names.push(argv[i] as string);
  if (names.length === 0) fail(2, "aid-keeper: name at least one job (or `all`); see --help");
  const selected = names.includes("all") ? [...jobNames] : names;
  const jobs: Job[] = [];
  for (const name of selected) {
    if (!isJobName(name)) fail(2, `aid-keeper: unknown job "${name}" (expected ${jobNames.join(", ")} or all)`);
    const job = jobRegistry[name];
    if (job === undefined) {
      if (names.includes("all")) continue;
      fail(2, `aid-keeper: job "${name}" is not available in this build`);
    }
    if (!jobs.includes(job)) jobs.push(job);
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ env, argv: argv.slice(i) });
  } catch (error) {
    if (error instanceof ConfigError) fail(2, `aid-keeper: ${error.message}`);
    throw error;
  }
  const log = createLogger({ level: config.logLevel });
  let keeper: Awaited<ReturnType<typeof startKeeper>>;
  try {
    keeper = await startKeeper({ config, jobs, log });
  } catch (error) {
    log.error("keeper failed to start", { error });
    process.exit(1);
  }
  try {
    await keeper.done;
    process.exit(0);
  } catch {
    process.exit(1);
  }
}

await main(process.argv.slice(2), process.env);
