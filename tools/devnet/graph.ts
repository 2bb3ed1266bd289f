/**
 * The subgraph side of the devnet: builds the subgraph for the devnet's deployment file and starts the stack of
 * subgraph/scripts/graph-stack.mjs (private PostgreSQL 15 cluster, IPFS probe responder, `gnd dev`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { rpc } from "../lib/rpc.mjs";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type GraphNode = {
  graphqlUrl: string;
  /** [name, exit promise, log file] of each long-running child, for the launcher's crash watch. */
  watch: [string, Promise<string>, string][];
  /** Resolves once graph-node has indexed the chain's current head (rejects after `timeoutMs`). */
  catchUp: (timeoutMs: number) => Promise<void>;
  stop: () => Promise<void>;
};

async function chainHead(rpcUrl: string): Promise<bigint> {
  return BigInt(await rpc<string>(rpcUrl, "eth_blockNumber"));
}

/** Throws the one-sentence fix when PostgreSQL 15 is missing (and no POSTGRES_URL points elsewhere). */
export function checkPostgresInstalled(): void {
  if (process.env.POSTGRES_URL) return;
  if (!existsSync(join(PG_BIN, "postgres")) || !existsSync(join(PG_BIN, "initdb")))
    throw new Error(
      `PostgreSQL 15 is missing (${PG_BIN}/postgres): install it with \`sudo apt-get install -y postgresql-15\` (or run \`bash tools/install-system-deps.sh\`), set POSTGRES_URL to an existing server, or pass --no-subgraph`,
    );
}

export async function startGraph({
  rpcUrl,
  deploymentFile,
  stateDir,
  graphqlPort,
}: {
  rpcUrl: string;
  deploymentFile: string;
  stateDir: string;
  graphqlPort: number;
}): Promise<GraphNode> {
  const { buildSubgraph } = await import("../../subgraph/scripts/dev.mjs");
  const { startGraphStack, waitForSync } = await import("../../subgraph/scripts/graph-stack.mjs");
  const manifest: string = await buildSubgraph({ deploymentFile, network: "devnet", quiet: true });
  const stack = await startGraphStack({
    manifest,
    rpcUrl,
    network: "devnet",
    stateDir: join(stateDir, "graph"),
    ports: { graphql: graphqlPort },
  });
  await waitForSync(stack.url, await chainHead(rpcUrl));
  return {
    graphqlUrl: stack.url,
    watch: [["graph-node", stack.gnd.exited, stack.gnd.logFile]],
    catchUp: async (timeoutMs) => {
      await waitForSync(stack.url, await chainHead(rpcUrl), { timeoutMs });
    },
    stop: () => stack.stop(),
  };
}
