import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The subgraph's integration tests: anvil + the real deploy/seed scripts + a scripted scenario, indexed by the real
// graph-node (`gnd dev`) on a private PostgreSQL cluster (scripts/graph-stack.mjs). `npm test` runs them after the
// offline build.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // One file at a time: each test file starts its own anvil, Postgres and gnd (2 cores on this machine).
    fileParallelism: false,
    testTimeout: 120_000,
    // beforeAll deploys, seeds, runs the scenario, builds the subgraph and waits for gnd to index it.
    hookTimeout: 900_000,
  },
});
