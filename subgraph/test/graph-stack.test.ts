/**
 * scripts/graph-stack.mjs on its own: the private PostgreSQL cluster (C collation, UTF8, superuser owner, cleaned up
 * on stop, idempotent stop), POSTGRES_URL pass-through, the install hint when the binaries are missing, and the IPFS
 * probe responder. gnd itself is exercised by indexing.test.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { DEFAULT_PG_BIN, type Postgres, startIpfsResponder, startPostgres } from "../scripts/graph-stack.mjs";

const STACK = new URL("../scripts/graph-stack.mjs", import.meta.url).href;

const psql = (port: number, sql: string) =>
  spawnSync(join(DEFAULT_PG_BIN, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "graph", "-XAtqc", sql], {
    encoding: "utf8",
  });

const pids = (pattern: string) =>
  spawnSync("pgrep", ["-f", pattern], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);

describe("startPostgres", () => {
  let pg: Postgres | undefined;
  afterAll(async () => {
    await pg?.stop();
  });

  test("a private cluster with a C-collated UTF8 database owned by a superuser, removed by stop()", async () => {
    pg = await startPostgres({ env: { ...process.env, POSTGRES_URL: "" } });
    expect(pg.external, "private cluster").toBe(false);
    const port = pg.port ?? 0;
    expect(pg.url, "URL").toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/graph`);
    const db = psql(
      port,
      "SELECT datcollate, datctype, pg_encoding_to_char(encoding), r.rolsuper FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE datname = 'graph'",
    );
    expect(db.status, db.stderr).toBe(0);
    expect(db.stdout.trim(), "collation, ctype, encoding, owner is superuser").toBe("C|C|UTF8|t");
    const dataDir = pg.dataDir ?? "";
    expect(existsSync(join(dataDir, "PG_VERSION")), "cluster initialised").toBe(true);
    expect(pids(`postgres -D ${dataDir}`).length, "postgres running").toBeGreaterThan(0);

    await pg.stop();
    await pg.stop(); // idempotent
    expect(pids(`postgres -D ${dataDir}`), "no postgres left").toEqual([]);
    expect(existsSync(dataDir), "temporary data directory removed").toBe(false);
    expect(psql(port, "SELECT 1").status, "server gone").not.toBe(0);
  });

  test("a given data directory is kept and its cluster reused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aid-graph-keep-"));
    spawnSync("chmod", ["755", dir]);
    try {
      const dataDir = join(dir, "pgdata");
      const first = await startPostgres({ dataDir, env: { ...process.env, POSTGRES_URL: "" } });
      expect(psql(first.port ?? 0, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)").status).toBe(0);
      await first.stop();
      expect(existsSync(join(dataDir, "PG_VERSION")), "kept after stop").toBe(true);
      const second = await startPostgres({ dataDir, env: { ...process.env, POSTGRES_URL: "" } });
      const r = psql(second.port ?? 0, "SELECT x FROM kept");
      await second.stop();
      expect(r.stdout.trim(), "data survived the restart").toBe("42");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a caller killed with SIGKILL leaves no postgres and no data directory behind (watchdog)", async () => {
    const program = `const m = await import(${JSON.stringify(STACK)});
      const pg = await m.startPostgres({ env: { ...process.env, POSTGRES_URL: "" } });
      console.log(JSON.stringify({ dataDir: pg.dataDir }));`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", program], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c;
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before starting postgres`)));
    });
    const { dataDir } = JSON.parse(line) as { dataDir: string };
    expect(pids(`postgres -D ${dataDir}`).length, "postgres running").toBeGreaterThan(0);
    child.kill("SIGKILL");
    let left = pids(`postgres -D ${dataDir}`);
    for (let i = 0; i < 100 && (left.length > 0 || existsSync(dataDir)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = pids(`postgres -D ${dataDir}`);
    }
    expect(left, "postgres killed by the watchdog").toEqual([]);
    expect(existsSync(dataDir), "temporary directory removed by the watchdog").toBe(false);
  });

  test("POSTGRES_URL is used as is and stop() does nothing", async () => {
    const url = "postgresql://someone:secret@db.example:5432/graph";
    const external = await startPostgres({ env: { ...process.env, POSTGRES_URL: url } });
    expect(external.url).toBe(url);
    expect(external.external).toBe(true);
    await external.stop();
  });

  test("missing binaries: the error says how to install them", async () => {
    await expect(startPostgres({ env: { ...process.env, POSTGRES_URL: "", PG_BIN: "/nonexistent/bin" } })).rejects.toThrow(
      "apt-get install -y postgresql-15",
    );
  });
});

describe("startIpfsResponder", () => {
  test("answers gnd's start-up probes and nothing else", async () => {
    const ipfs = await startIpfsResponder();
    try {
      const version = await fetch(`${ipfs.url}/api/v0/version`, { method: "POST" });
      expect(version.status, "POST /api/v0/version").toBe(200);
      expect(((await version.json()) as { Version: string }).Version, "a version string").toMatch(/\S/);
      const head = await fetch(`${ipfs.url}/ipfs/QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB`, { method: "HEAD" });
      expect(head.status, "HEAD /ipfs/<cid>").toBe(200);
      const cat = await fetch(`${ipfs.url}/api/v0/cat?arg=Qm`, { method: "POST" });
      expect(cat.status, "no content is served").toBe(404);
      expect(ipfs.requests(), "requests recorded").toHaveLength(3);
    } finally {
      await ipfs.stop();
      await ipfs.stop();
    }
    await expect(fetch(`${ipfs.url}/api/v0/version`, { method: "POST" }), "closed").rejects.toThrow();
  });
});
