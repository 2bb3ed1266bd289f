import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Keeper tests: config tests are pure; every chain test starts its own anvil through test/ts/anvil.ts and deploys
// with the real forge script. `@aid-protocol/sdk` resolves to the sibling workspace's sources (this checkout's,
// whatever the node_modules symlink points to), as in the esbuild bundle.
export default defineConfig({
  resolve: { alias: { "@aid-protocol/sdk": fileURLToPath(new URL("../sdk/src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
