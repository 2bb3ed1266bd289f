// Minimal typings for better-sqlite3 12 (the subset keepers/ uses): @types/better-sqlite3 is not installed in this
// workspace and `npm install` is not ours to run. Shapes follow better-sqlite3's documented API (docs/api.md).
declare module "better-sqlite3" {
  export interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }

  export interface Statement<P extends unknown[] = unknown[], R = unknown> {
    run(...params: P): RunResult;
    get(...params: P): R | undefined;
    all(...params: P): R[];
  }

  export interface Database {
    readonly open: boolean;
    readonly name: string;
    readonly inTransaction: boolean;
    prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R>;
    exec(sql: string): this;
    pragma(source: string, options?: { simple?: boolean }): unknown;
    /** Wraps `fn` so that each call runs inside BEGIN … COMMIT (ROLLBACK if it throws). */
    transaction<F extends (...args: never[]) => unknown>(fn: F): F;
    close(): this;
  }

  export interface Options {
    readonly?: boolean;
    fileMustExist?: boolean;
    timeout?: number;
  }

  const Database: new (filename?: string, options?: Options) => Database;
  export default Database;
}
