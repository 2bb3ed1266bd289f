import { defineConfig } from "vitest/config";

// Keeper tests: config tests are pure; sender tests start their own anvil through test/ts/anvil.ts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
