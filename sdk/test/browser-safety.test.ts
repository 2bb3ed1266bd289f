import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const NODE_BUILTINS = /from\s+["'](node:|fs|path|os|child_process|crypto|url|http|https|net|stream|buffer|process)["']/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("src stays browser-safe and ESM", () => {
  const sources = files(SRC).filter((f) => f.endsWith(".ts"));

  test("there are sources to check", () => {
    expect(sources.length, "src/ has TypeScript files").toBeGreaterThan(10);
    const withRelative = sources.filter((f) => /^import[^;]*?from\s+["']\./m.test(readFileSync(f, "utf8")));
    expect(withRelative.length, "the import pattern matches real imports").toBeGreaterThan(5);
  });

  test.each(sources.map((f) => [f.slice(SRC.length + 1), f]))("%s imports no Node built-in", (_, file) => {
    expect(readFileSync(file, "utf8"), `${file} imports a Node built-in`).not.toMatch(NODE_BUILTINS);
  });

  test.each(sources.map((f) => [f.slice(SRC.length + 1), f]))("%s uses .js suffixes on relative imports", (_, file) => {
    // Statements only (at the start of a line), not the TSDoc examples.
    const relative = [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from\s+["'](\.[^"']*)["']/gm)].map(
      (m) => m[1],
    );
    for (const specifier of relative) expect(specifier, `${file}: ${specifier}`).toMatch(/\.js$/);
  });
});
