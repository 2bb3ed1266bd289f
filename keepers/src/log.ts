/**
 * Structured JSON logs through pino: one line per record, bound fields (`{job, market, borrower}`) carried by child
 * loggers. The only place in keepers/ that writes log output; everything else takes a `Logger`.
 *
 * The `Logger` type keeps the call shape `log.info(msg, fields)` (message first) that the whole package uses; it
 * wraps a pino logger, whose records are `{"level":"info","time":"<ISO>","msg":...,...fields}` (no pid/hostname),
 * with bigints as decimal strings and errors as `{name, message, cause}`.
 */
import { pino, type Logger as PinoLogger } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";

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
  /** Where a serialized line goes (default: stdout through pino's destination). Tests pass a collector. */
  write?: (line: string) => void;
  /** Clock, for deterministic tests. */
  now?: () => Date;
};

/** bigint → decimal string, Error → {name, message, cause}, recursively (pino would print bigints as numbers). */
function plain(value: unknown, depth = 0): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    if (value.cause !== undefined) out.cause = plain(value.cause, depth + 1);
    return out;
  }
  if (depth > 8 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v, depth + 1);
  return out;
}

function wrap(p: PinoLogger, level: LogLevel): Logger {
  const emit = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (fields === undefined) p[lvl](msg);
    else p[lvl](fields, msg);
  };
  return {
    level,
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => wrap(p.child(plain(fields) as LogFields), level),
  };
}

/**
 * @example
 * const log = createLogger({ level: "info" }).child({ job: "oracle" });
 * log.info("pushed", { feed: "GPU_NAV", price: 1_000_000n });
 */
export function createLogger(params: CreateLoggerParameters = {}): Logger {
  const level = params.level ?? "info";
  const now = params.now ?? (() => new Date());
  const write = params.write;
  const destination = write
    ? { write: (line: string) => write(line.endsWith("\n") ? line.slice(0, -1) : line) }
    : pino.destination({ dest: 1, sync: true });
  const p = pino(
    {
      level,
      base: null,
      messageKey: "msg",
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => plain(obj) as Record<string, unknown>,
      },
    },
    destination,
  );
  const root = wrap(p, level);
  return params.fields ? root.child(params.fields) : root;
}
