import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Root-level TypeScript tests that run against anvil with the Foundry artifacts in out/ (`npm run test:ts`).
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/ts/**/*.test.ts"],
    pool: "forks",
    testTimeout: 120_000,
    // beforeAll may have to run `forge build` on a cold checkout.
    hookTimeout: 900_000,
  },
});
