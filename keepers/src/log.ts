/**
 * Structured JSON logger: one line per record, bound fields (`{job, market, borrower}`) carried by child loggers.
 * The only place in keepers/ that writes log output; everything else takes a `Logger`.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export type Logger = {
  readonly level: LogLevel;
  debug: (msg: string, fields?: LogFields) => void;
  info: (msg: string, fields?: LogFields) => void;
  warn: (msg: string, fields?: LogFields) => void;
  error: (msg: string, fields?: LogFields) => void;
  /** A logger whose records carry `fields` in addition to this logger's bound fields. */
  child: (fields: LogFields) => Logger;
};

export type CreateLoggerParameters = {
  level?: LogLevel;
  /** Bound fields on every record, e.g. `{ job: "oracle" }`. */
  fields?: LogFields;
  /** Where a serialized line goes (default: process.stdout). Tests pass a collector. */
  write?: (line: string) => void;
  /** Clock, for deterministic tests. */
  now?: () => Date;
};

/** bigint → decimal string, Error → {name, message, cause}: JSON.stringify would throw on the first, drop the second. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    if (value.cause !== undefined) out.cause = value.cause;
    return out;
  }
  return value;
}

/**
 * @example
 * const log = createLogger({ level: "info" }).child({ job: "oracle" });
 * log.info("pushed", { feed: "GPU-NAV", price: 1_000_000n });
 */
export function createLogger(params: CreateLoggerParameters = {}): Logger {
  const level = params.level ?? "info";
  const bound = params.fields ?? {};
  const write = params.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = params.now ?? (() => new Date());
  const threshold = LEVELS[level];

  const emit = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVELS[lvl] < threshold) return;
    write(JSON.stringify({ time: now().toISOString(), level: lvl, msg, ...bound, ...fields }, replacer));
  };

  return {
    level,
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => createLogger({ level, fields: { ...bound, ...fields }, write, now }),
  };
}
