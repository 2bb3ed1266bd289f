/**
 * Keeper configuration: one zod schema, fed by a JSON file, then env vars, then CLI flags (later wins), validated
 * once at start. Secrets never come from the config file: the key is `KEEPER_PRIVATE_KEY` (env) or a `keyFile` path.
 */
import { readFileSync } from "node:fs";
import { type Hex, parseUnits } from "viem";
import { z } from "zod";

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a 32-byte hex private key (0x + 64 hex digits)");

/** A decimal amount of AID (18 decimals) as a string, e.g. "12.5" → 12_500_000_000_000_000_000n. */
const decimalAid = z
  .string()
  .regex(/^\d+(\.\d{1,18})?$/, "expected a non-negative decimal string with at most 18 decimals, e.g. \"12.5\"")
  .transform((s) => parseUnits(s, 18));

const bps = z.number().int().min(0).max(10_000);

/** The file/env/CLI shape before the key is resolved. */
export const configSchema = z
  .object({
    rpcUrls: z.array(z.string().url()).min(1, "at least one RPC URL is required"),
    chainId: z.number().int().positive(),
    deploymentFile: z.string().min(1),
    /** Only from env (KEEPER_PRIVATE_KEY); the loader refuses it in the file. */
    privateKey: hex32.optional(),
    /** Path to a file holding the private key (0x-prefixed hex), e.g. a mounted secret. */
    keyFile: z.string().min(1).optional(),
    dryRun: z.boolean().default(false),
    logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
    oracle: z
      .object({
        deviationBps: bps.default(50),
        heartbeatSeconds: z.number().int().positive().default(3_600),
      })
      .strict()
      .default({}),
    yield: z
      .object({
        minDistribution: decimalAid.default("0"),
      })
      .strict()
      .default({}),
    liquidator: z
      .object({
        minProfit: decimalAid.default("0"),
        maxRouteImpactBps: bps.default(100),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.privateKey === undefined && c.keyFile === undefined)
      ctx.addIssue({ code: "custom", path: ["privateKey"], message: "set KEEPER_PRIVATE_KEY or keyFile" });
    if (c.privateKey !== undefined && c.keyFile !== undefined)
      ctx.addIssue({ code: "custom", path: ["keyFile"], message: "give KEEPER_PRIVATE_KEY or keyFile, not both" });
  });

export type KeeperConfigInput = z.input<typeof configSchema>;

/** The validated config; `privateKey` is always resolved (from env or `keyFile`). */
export type KeeperConfig = Omit<z.output<typeof configSchema>, "privateKey" | "keyFile"> & {
  privateKey: Hex;
  keySource: "env" | "keyFile";
};

export type ConfigIssue = { path: string; message: string };

/** Thrown for any invalid config; `issues` names each bad field by its dotted path. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly issues: readonly ConfigIssue[];
  constructor(issues: ConfigIssue[], options?: { cause?: unknown }) {
    super(`invalid keeper config:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`, options);
    this.issues = issues;
  }
}

/** Keys that hold secrets and are refused in the config file. */
const SECRET_KEYS = ["privateKey", "mnemonic", "secretKey", "key"] as const;

export type LoadConfigParameters = {
  /** Path of the JSON config file (optional: everything may come from env + flags). */
  file?: string;
  env?: Record<string, string | undefined>;
  /** CLI arguments (without node and script), e.g. `["--dry-run", "--rpc-url", "http://..."]`. */
  argv?: readonly string[];
};

function readFileConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError([{ path: "(file)", message: `cannot read ${file}` }], { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: "(file)", message: `${file} is not valid JSON` }], { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ConfigError([{ path: "(file)", message: `${file} must hold a JSON object` }]);
  const obj = parsed as Record<string, unknown>;
  const secrets = SECRET_KEYS.filter((k) => k in obj);
  if (secrets.length > 0)
    throw new ConfigError(
      secrets.map((k) => ({
        path: k,
        message: "secrets are never read from the config file: use KEEPER_PRIVATE_KEY or keyFile",
      })),
    );
  return obj;
}

function envNumber(v: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v; // a non-number stays a string so zod names the field
}

function envBool(v: string): boolean | string {
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  return v;
}

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.KEEPER_RPC_URLS) out.rpcUrls = env.KEEPER_RPC_URLS.split(",").map((s) => s.trim()).filter(Boolean);
  if (env.KEEPER_CHAIN_ID) out.chainId = envNumber(env.KEEPER_CHAIN_ID);
  if (env.KEEPER_DEPLOYMENT_FILE) out.deploymentFile = env.KEEPER_DEPLOYMENT_FILE;
  if (env.KEEPER_PRIVATE_KEY) out.privateKey = env.KEEPER_PRIVATE_KEY;
  if (env.KEEPER_KEY_FILE) out.keyFile = env.KEEPER_KEY_FILE;
  if (env.KEEPER_DRY_RUN) out.dryRun = envBool(env.KEEPER_DRY_RUN);
  if (env.KEEPER_LOG_LEVEL) out.logLevel = env.KEEPER_LOG_LEVEL;
  return out;
}

function fromArgv(argv: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rpcUrls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new ConfigError([{ path: String(flag), message: "flag needs a value" }]);
      return v;
    };
    switch (flag) {
      case "--rpc-url":
        rpcUrls.push(value());
        break;
      case "--chain-id":
        out.chainId = envNumber(value());
        break;
      case "--deployment-file":
        out.deploymentFile = value();
        break;
      case "--key-file":
        out.keyFile = value();
        break;
      case "--log-level":
        out.logLevel = value();
        break;
      case "--dry-run":
        out.dryRun = true;
        break;
      case "--config":
        value(); // consumed by the caller (it picks the file); skipped here
        break;
      case "--private-key":
        throw new ConfigError([
          { path: "--private-key", message: "secrets are never taken from flags (shell history): use KEEPER_PRIVATE_KEY" },
        ]);
      default:
        throw new ConfigError([{ path: String(flag), message: "unknown flag" }]);
    }
  }
  if (rpcUrls.length > 0) out.rpcUrls = rpcUrls;
  return out;
}

/** `--config <file>` from argv, if present. */
export function configFileFromArgv(argv: readonly string[]): string | undefined {
  const i = argv.indexOf("--config");
  return i >= 0 ? argv[i + 1] : undefined;
}

/**
 * Loads and validates the keeper config (file < env < flags). Throws `ConfigError` naming each bad field.
 *
 * @example
 * const config = loadConfig({ file: "keeper.json", env: process.env, argv: process.argv.slice(2) });
 */
export function loadConfig(params: LoadConfigParameters = {}): KeeperConfig {
  const env = params.env ?? {};
  const argv = params.argv ?? [];
  const file = params.file ?? configFileFromArgv(argv);
  const raw = { ...(file ? readFileConfig(file) : {}), ...fromEnv(env), ...fromArgv(argv) };
  const result = configSchema.safeParse(raw);
  if (!result.success)
    throw new ConfigError(
      result.error.issues.map((i) => ({ path: i.path.length ? i.path.join(".") : "(root)", message: i.message })),
    );
  const { privateKey, keyFile, ...rest } = result.data;
  if (privateKey !== undefined) return { ...rest, privateKey: privateKey as Hex, keySource: "env" };
  let keyText: string;
  try {
    keyText = readFileSync(keyFile as string, "utf8").trim();
  } catch (error) {
    throw new ConfigError([{ path: "keyFile", message: `cannot read ${String(keyFile)}` }], { cause: error });
  }
  const key = hex32.safeParse(keyText);
  if (!key.success) throw new ConfigError([{ path: "keyFile", message: `content: ${key.error.issues[0]?.message}` }]);
  return { ...rest, privateKey: key.data as Hex, keySource: "keyFile" };
}
