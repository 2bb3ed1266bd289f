/**
 * `npm run devnet -- [flags]`: parsed and validated before anything starts, so a typo never leaves half a devnet.
 */
import { parseArgs } from "node:util";

export type DevnetOptions = {
  /** Headless, for tests: fewer accounts, 1 s blocks, every port chosen free, plain progress lines. */
  ci: boolean;
  /** Resume the chain, the subgraph store and the keepers' state from the state directory. */
  keepState: boolean;
  stateDir: string;
  blockTimeSeconds: number;
  accounts: number;
  /** 0 = pick a free port. */
  ports: { rpc: number; graphql: number; metrics: number; marketData: number };
  subgraph: boolean;
  keepers: boolean;
};

export const HELP = `npm run devnet -- [flags]

Starts the whole protocol on this machine: anvil (interval mining), the real deploy + demo seed, PostgreSQL + an
IPFS responder + graph-node (gnd) indexing the subgraph, and the keepers (oracle, yield, epochs, liquidator).
Ctrl-C stops everything.

  --ci                  headless run for tests: 10 accounts, 1 s blocks, free ports, plain output
  --keep-state          resume chain, subgraph store and keeper state from --state-dir (default: start clean);
                        a resumed chain first mines 257 empty blocks (anvil does not restore what BLOCKHASH
                        returns for older blocks), and Ctrl-C lets graph-node index up to the head before it stops
  --state-dir <dir>     where state and logs live (default .devnet)
  --block-time <s>      seconds per block after the deploy (default 2; --ci 1)
  --rpc-port <port>     anvil JSON-RPC port (default 8545; 0 = any free port)
  --graphql-port <port> graph-node GraphQL port (default 8000; 0 = any free port)
  --metrics-port <port> keepers' /metrics and /healthz port (default 9464; 0 = any free port)
  --market-port <port>  market-data endpoint the oracle keeper reads (default 8787; 0 = any free port)
  --no-subgraph         skip PostgreSQL and graph-node
  --no-keepers          skip the keepers
  -h, --help            this text
`;

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`--${name}: expected a port 0-65535, got "${value}"`);
  return n;
}

/** Parses argv (without node and script). Throws an Error naming the bad flag. */
export function parseDevnetOptions(argv: readonly string[]): DevnetOptions | "help" {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      ci: { type: "boolean", default: false },
      "keep-state": { type: "boolean", default: false },
      "state-dir": { type: "string" },
      "block-time": { type: "string" },
      "rpc-port": { type: "string" },
      "graphql-port": { type: "string" },
      "metrics-port": { type: "string" },
      "market-port": { type: "string" },
      "no-subgraph": { type: "boolean", default: false },
      "no-keepers": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  const ci = values.ci === true;
  const blockTime = values["block-time"] === undefined ? (ci ? 1 : 2) : Number(values["block-time"]);
  if (!Number.isInteger(blockTime) || blockTime < 1 || blockTime > 60)
    throw new Error(`--block-time: expected whole seconds 1-60, got "${values["block-time"]}"`);
  return {
    ci,
    keepState: values["keep-state"] === true,
    stateDir: values["state-dir"] ?? ".devnet",
    blockTimeSeconds: blockTime,
    accounts: ci ? 10 : 20,
    ports: {
      rpc: port("rpc-port", values["rpc-port"], ci ? 0 : 8545),
      graphql: port("graphql-port", values["graphql-port"], ci ? 0 : 8000),
      metrics: port("metrics-port", values["metrics-port"], ci ? 0 : 9464),
      marketData: port("market-port", values["market-port"], ci ? 0 : 8787),
    },
    subgraph: values["no-subgraph"] !== true,
    keepers: values["no-keepers"] !== true,
  };
}
