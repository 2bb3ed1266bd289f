#!/usr/bin/env node
// Builds the keeper CLI and library into dist/ with esbuild. `@aid-protocol/sdk` is bundled from the sibling
// workspace's SOURCES (../sdk/src), so the built CLI never depends on a prebuilt sdk/dist nor on where the workspace
// symlink points (a git worktree's node_modules may link to another checkout). Every npm package stays external and
// is resolved from node_modules at run time (better-sqlite3 is native and cannot be bundled anyway).
import { chmodSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

await build({
  entryPoints: { cli: here("src/cli.ts"), index: here("src/index.ts") },
  outdir: here("dist"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  packages: "external",
  alias: { "@aid-protocol/sdk": here("../sdk/src/index.ts") },
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync(here("dist/cli.js"), 0o755);
