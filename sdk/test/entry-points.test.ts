/**
 * The package's entry points as a consumer meets them: `tsc` builds dist/ into a scratch copy of the package, and
 * Node resolves `@aid-protocol/sdk`, `@aid-protocol/sdk/read` and `@aid-protocol/sdk/subgraph` through package.json
 * `exports` (a self-reference, exactly like an installed dependency). The read entry carries no write action (by
 * export list and by what esbuild bundles from it).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runToCompletion } from "../../tools/lib/process.mjs";
import * as full from "../src/index.js";
import * as read from "../src/read.js";
import * as subgraph from "../src/subgraph/index.js";

const SDK = fileURLToPath(new URL("..", import.meta.url));
const TMP = join(SDK, `.tmp-entry-${process.pid}`);
const pkg = JSON.parse(readFileSync(join(SDK, "package.json"), "utf8")) as {
  sideEffects: boolean;
  exports: Record<string, { types: string; import: string } | string>;
  typesVersions: Record<string, Record<string, string[]>>;
};
/** Write actions and write plumbing: none may be reachable from the read entry. */
const WRITES = [
  "mint", "redeem", "stake", "requestUnstake", "createAidClient",
  "supplyCollateral", "borrow", "repay", "withdrawCollateral", "setMorphoAuthorization",
  "requestRedeem", "cancelRedeem", "claimRedeem", "claimExit", "unstake", "swap", "signPermit", "permit",
];

describe("package.json", () => {
  test("is side-effect free and maps every entry to dist + types", () => {
    expect(pkg.sideEffects, "sideEffects").toBe(false);
    expect(Object.keys(pkg.exports).sort(), "entries").toEqual([".", "./package.json", "./read", "./subgraph"]);
    for (const [entry, source] of [
      [".", "src/index.ts"],
      ["./read", "src/read.ts"],
      ["./subgraph", "src/subgraph/index.ts"],
    ] as const) {
      const target = pkg.exports[entry] as { types: string; import: string };
      expect(target.import, `${entry} import`).toBe(`./${source.replace(/^src\//, "dist/").replace(/\.ts$/, ".js")}`);
      expect(target.types, `${entry} types`).toBe(target.import.replace(/\.js$/, ".d.ts"));
      expect(existsSync(join(SDK, source)), `${source} exists`).toBe(true);
    }
    expect(pkg.typesVersions["*"], "typesVersions for moduleResolution node").toEqual({
      read: ["./dist/read.d.ts"],
      subgraph: ["./dist/subgraph/index.d.ts"],
    });
  });
});

describe("read entry", () => {
  test("exports only what the full entry exports, the same objects, and no write action", () => {
    const names = Object.keys(read);
    expect(names.length, "read exports something").toBeGreaterThan(15);
    for (const name of names) expect((full as Record<string, unknown>)[name], `full entry re-exports ${name}`).toBe((read as Record<string, unknown>)[name]);
    for (const name of WRITES) expect(names, `read entry has no ${name}`).not.toContain(name);
    for (const name of ["getProtocolOverview", "getAccountOverview", "getFeeds", "parseDeployment", "decodeAidError", "getMorphoSteps"]) {
      expect(names, `read entry has ${name}`).toContain(name);
    }
  });

  test("its bundle pulls in no write module", async () => {
    const result = await build({
      entryPoints: [join(SDK, "src", "read.ts")],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "browser",
      external: ["viem", "viem/*"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.endsWith("actions/getProtocolOverview.ts")), "views are bundled").toBe(true);
    // Write actions' modules are not even reached; shared plumbing modules may be (a view imports a small helper from
    // them), but none of their write code survives tree-shaking.
    const writeModules = inputs.filter((i) =>
      /clients\/|actions\/(mint|redeem|stake|requestUnstake|requestRedeem|cancelRedeem|claimRedeem|claimExit|unstake|swap|permit)\.ts$|morpho\/(supplyCollateral|borrow|repay|withdrawCollateral|setMorphoAuthorization)\.ts$/.test(i),
    );
    expect(writeModules, "no write action module").toEqual([]);
    const blueSdk = inputs.filter((i) => i.includes("node_modules/@morpho-org/"));
    expect(blueSdk, "no blue-sdk / morpho-ts in the read entry").toEqual([]);
    const text = result.outputFiles[0]?.text ?? "";
    for (const code of ["writeContract", "sendTransaction", "simulateAndSend", "sendMorpho", "simulateContract"]) {
      expect(text, `no ${code} in the read bundle`).not.toContain(code);
    }
  });

  test("subgraph entry is separate from the full entry (no name clash, no bundle cost)", () => {
    expect(typeof subgraph.createSubgraphClient, "subgraph client").toBe("function");
    expect((full as Record<string, unknown>).createSubgraphClient, "not in the full entry").toBeUndefined();
  });
});

describe("built package resolved through exports", () => {
  beforeAll(async () => {
    rmSync(TMP, { recursive: true, force: true });
    mkdirSync(TMP, { recursive: true });
    // Asynchronously: a synchronous tsc would block the worker (vitest's RPC times out on a loaded machine).
    const tsc = join(SDK, "..", "node_modules", "typescript", "bin", "tsc");
    const args = ["-p", join(SDK, "tsconfig.build.json"), "--outDir", join(TMP, "dist"), "--declarationMap", "false", "--sourceMap", "false"];
    await runToCompletion(process.execPath, [tsc, ...args], { what: "tsc" });
    copyFileSync(join(SDK, "package.json"), join(TMP, "package.json"));
  });
  afterAll(() => {
    rmSync(TMP, { recursive: true, force: true });
  });

  test("node imports the three entries by package name", async () => {
    // The probe lives inside the scratch package, so `@aid-protocol/sdk/...` is a self-reference resolved through
    // its `exports`; viem resolves from the repository's node_modules above it.
    writeFileSync(
      join(TMP, "probe.mjs"),
      [
        'import * as full from "@aid-protocol/sdk";',
        'import * as read from "@aid-protocol/sdk/read";',
        'import * as subgraph from "@aid-protocol/sdk/subgraph";',
        "console.log(JSON.stringify({ full: Object.keys(full).length, read: Object.keys(read), subgraph: Object.keys(subgraph),",
        "  same: read.getProtocolOverview === full.getProtocolOverview }));",
      ].join("\n"),
    );
    const run = await runToCompletion(process.execPath, [join(TMP, "probe.mjs")], { cwd: TMP });
    const out = JSON.parse(run.stdout) as { full: number; read: string[]; subgraph: string[]; same: boolean };
    expect(out.full, "full entry").toBe(Object.keys(full).length);
    expect(out.read.sort(), "read entry").toEqual(Object.keys(read).sort());
    expect(out.subgraph.sort(), "subgraph entry").toEqual(Object.keys(subgraph).sort());
    expect(out.same, "one module instance behind both entries").toBe(true);
    expect(existsSync(join(TMP, "dist", "read.d.ts")), "read types").toBe(true);
    expect(existsSync(join(TMP, "dist", "subgraph", "index.d.ts")), "subgraph types").toBe(true);
  });
});
