import { defineConfig } from "vitest/config";

// SDK tests: unit tests run anywhere; integration tests start their own anvil and run the real deploy + seed scripts
// (the Foundry artifacts in out/ must exist: `npm test` at the root builds them first).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
