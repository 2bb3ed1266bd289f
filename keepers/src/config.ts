/**
 * Keeper configuration: one zod schema, fed by a JSON or YAML file, then env vars, then CLI flags (later wins),
 * validated once at start. Secrets never come from the config file: the key is `KEEPER_PRIVATE_KEY` (env) or a
 * `keyFile` path; extra oracle signer keys likewise come from `KEEPER_ORACLE_SIGNER_KEY` or `oracle.signing.keyFile`,
 * and the liquidator's own key (optional) from `KEEPER_LIQUIDATOR_KEY` or `liquidator.keyFile`.
 */
import { readFileSync } from "node:fs";
import { deploymentFeedNames, deploymentMarketNames, deploymentPoolNames, deploymentTokenNames } from "@aid-protocol/sdk";
import { type Address, type Hex, parseGwei, parseUnits } from "viem";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a 32-byte hex private key (0x + 64 hex digits)");
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 20-byte hex address (0x + 40 hex digits)")
  .transform((s) => s as Address);

/** A decimal amount of AID (18 decimals) as a string, e.g. "12.5" → 12_500_000_000_000_000_000n. */
const decimalAid = z
  .string()
  .regex(/^\d+(\.\d{1,18})?$/, "expected a non-negative decimal string with at most 18 decimals, e.g. \"12.5\"")
  .transform((s) => parseUnits(s, 18));

/** A decimal value in natural units (e.g. a price "1.0004"), kept as an 18-decimal fixed-point bigint. */
const decimalValue = z
  .string()
  .regex(/^\d+(\.\d{1,18})?$/, "expected a non-negative decimal string with at most 18 decimals, e.g. \"1.0004\"")
  .transform((s) => parseUnits(s, 18));

const gwei = z
  .string()
  .regex(/^\d+(\.\d{1,9})?$/, "expected a decimal gwei string, e.g. \"150\"")
  .transform((s) => parseGwei(s));

const bps = z.number().int().min(0).max(10_000);
const seconds = z.number().int().positive();
const ms = z.number().int().positive();

/** A deployment feed name (`AID_USD`) or a raw feed address. */
const feedRef = z.union([z.enum(deploymentFeedNames), address]);
const poolRef = z.union([z.enum(deploymentPoolNames), address]);
const tokenRef = z.union([z.enum(deploymentTokenNames), address]);

/** One price source of an oracle feed. Every source yields an 18-decimal fixed-point value. */
export const sourceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("static"), value: decimalValue }).strict(),
  z
    .object({
      type: z.literal("http"),
      url: z.string().url(),
      /** Dotted path into the JSON body, e.g. "data.price" or "prices.0.value". */
      path: z.string().min(1),
      timeoutMs: ms.default(5_000),
    })
    .strict(),
  z
    .object({
      type: z.literal("uniswapV3Twap"),
      pool: poolRef,
      /** The token priced (the other pool token is the quote). */
      base: tokenRef,
      /** TWAP window. */
      secondsAgo: seconds.default(1_800),
    })
    .strict(),
  z
    .object({
      /** `convertToAssets(1 share)` of an ERC-4626 vault (default the deployment's sAID). */
      type: z.literal("vaultSharePrice"),
      vault: z.union([z.literal("sAID"), address]).default("sAID"),
    })
    .strict(),
  z
    .object({
      /** The Reserve's `collateralRatio()` (1e18 = 100%), capped at `cap` (default 1.0): AID/USD fundamentals. */
      type: z.literal("reserveCollateralRatio"),
      cap: decimalValue.default("1"),
    })
    .strict(),
]);

export type SourceConfig = z.output<typeof sourceSchema>;

const feedSchema = z
  .object({
    feed: feedRef,
    sources: z.array(sourceSchema).min(1, "at least one source is required"),
    /** Refuse to push with fewer answering sources. */
    minSources: z.number().int().positive().default(1),
    /** Per-feed overrides of the oracle section's defaults. */
    deviationBps: bps.optional(),
    heartbeatSeconds: seconds.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.sources.length > 0 && f.minSources > f.sources.length)
      ctx.addIssue({
        code: "custom",
        path: ["minSources"],
        message: `minSources (${f.minSources}) exceeds the number of sources (${f.sources.length})`,
      });
  });

export type FeedConfig = z.output<typeof feedSchema>;

const signingSchema = z
  .object({
    /**
     * solo: sign with the keeper key and transmit alone (1-of-1 feeds). transmitter: propose reports into
     * `shareDir`, collect the other signers' signatures there, transmit. signer: sign the transmitter's proposals
     * when they agree with this instance's own median within `maxProposalDeviationBps`; never transmits.
     */
    mode: z.enum(["solo", "transmitter", "signer"]).default("solo"),
    /** Directory shared by every instance of a k-of-n feed set (a mounted volume or synced folder). */
    shareDir: z.string().min(1).optional(),
    /** File holding the signing key when it differs from the keeper key (env KEEPER_ORACLE_SIGNER_KEY). */
    keyFile: z.string().min(1).optional(),
    /** A signer refuses a proposal further than this from its own median. */
    maxProposalDeviationBps: bps.default(100),
    /** The transmitter gives up a proposal without a quorum after this long and proposes again. */
    quorumTimeoutSeconds: seconds.default(120),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.mode !== "solo" && s.shareDir === undefined)
      ctx.addIssue({ code: "custom", path: ["shareDir"], message: `required when mode is "${s.mode}"` });
  });

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
    /** SQLite state file (created if missing). */
    statePath: z.string().min(1).default("aid-keeper.sqlite"),
    /** Port of `/metrics` and `/healthz` (0 = any free port). */
    metricsPort: z.number().int().min(0).max(65_535).default(9464),
    metricsHost: z.string().min(1).default("127.0.0.1"),
    /** Each job's loop period. */
    pollIntervalMs: ms.default(2_000),
    /** No new block for this long: alert, `aid_keeper_block_stale` = 1, rotate the RPC order, /healthz = 503. */
    blockAgeAlarmSeconds: seconds.default(60),
    rpc: z
      .object({
        /** Rank endpoints by latency and stability (false: keep the configured order, first = primary). */
        rank: z.boolean().default(true),
        /** Latency ranking sample interval of the fallback transport. */
        rankIntervalMs: ms.default(10_000),
        retryCount: z.number().int().min(0).max(10).default(2),
        timeoutMs: ms.default(10_000),
      })
      .strict()
      .default({}),
    tx: z
      .object({
        /** Never pay more than this maxFeePerGas (gwei), initial or bumped. */
        maxFeePerGasGwei: gwei.default("200"),
        inclusionTimeoutMs: ms.default(30_000),
        bumpBps: z.number().int().min(1_000).max(10_000).default(1_250),
        maxBumps: z.number().int().min(0).max(20).default(5),
        gasMarginBps: bps.default(2_000),
      })
      .strict()
      .default({}),
    oracle: z
      .object({
        deviationBps: bps.default(50),
        heartbeatSeconds: seconds.default(3_600),
        /** Push this long before the heartbeat expires. */
        heartbeatMarginSeconds: z.number().int().min(0).default(300),
        feeds: z.array(feedSchema).default([]),
        signing: signingSchema.default({}),
      })
      .strict()
      .default({}),
    yield: z
      .object({
        /** Keeper-side floor on top of the distributor's own `minDistribution`. */
        minDistribution: decimalAid.default("0"),
        /** Mark every Active/Late deal from the GPU-NAV feed once its last mark is older than this (0 = never). */
        navMarkIntervalSeconds: z.number().int().min(0).default(86_400),
      })
      .strict()
      .default({}),
    epochs: z
      .object({
        settleEpochs: z.boolean().default(true),
        processQueue: z.boolean().default(true),
        /** Most redemption requests handled per `processQueue` call. */
        processQueueMax: z.number().int().positive().max(1_000).default(50),
      })
      .strict()
      .default({}),
    liquidator: z
      .object({
        /** First block scanned for Morpho events (default: the deployment's startBlock). */
        startBlock: z.number().int().min(0).optional(),
        minProfit: decimalAid.default("0"),
        maxRouteImpactBps: bps.default(100),
        /** USD per native token (e.g. ETH), to value gas against profit, when no `nativeUsdFeed` answers. */
        nativeUsd: decimalValue.default("3000"),
        /**
         * A Chainlink-style USD feed of the native token (`latestRoundData`, `decimals`), read at each attempt; a
         * failing, non-positive or older-than-`nativeUsdMaxAgeSeconds` answer falls back to `nativeUsd`.
         */
        nativeUsdFeed: address.optional(),
        nativeUsdMaxAgeSeconds: seconds.default(86_400),
        /** Where liquidation profit goes (default: the liquidator's address). */
        recipient: address.optional(),
        /**
         * File holding the liquidator's own key (env KEEPER_LIQUIDATOR_KEY). With its own key the liquidator sends
         * right behind our oracle pushes, in the same block; sharing the keeper key, it follows one block later.
         */
        keyFile: z.string().min(1).optional(),
        markets: z
          .array(z.enum(deploymentMarketNames))
          .min(1, "at least one market")
          .default([...deploymentMarketNames]),
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

type Parsed = z.output<typeof configSchema>;

/** The validated config; `privateKey` is always resolved (from env or `keyFile`), likewise the oracle signer key. */
export type KeeperConfig = Omit<Parsed, "privateKey" | "keyFile" | "oracle" | "liquidator"> & {
  privateKey: Hex;
  keySource: "env" | "keyFile";
  oracle: Omit<Parsed["oracle"], "signing"> & {
    signing: Omit<Parsed["oracle"]["signing"], "keyFile"> & {
      /** The oracle signing key: `KEEPER_ORACLE_SIGNER_KEY`, `oracle.signing.keyFile`, else the keeper key. */
      signerKey: Hex;
    };
  };
  liquidator: Omit<Parsed["liquidator"], "keyFile"> & {
    /** The liquidator's own key (`KEEPER_LIQUIDATOR_KEY` or `liquidator.keyFile`); absent = the keeper key. */
    privateKey?: Hex;
  };
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
const SECRET_KEYS = ["privateKey", "mnemonic", "secretKey", "key", "signerKey"] as const;

export type LoadConfigParameters = {
  /** Path of the JSON or YAML (`.yaml`/`.yml`) config file (optional: everything may come from env + flags). */
  file?: string;
  env?: Record<string, string | undefined>;
  /** CLI arguments (without node, script and job names), e.g. `["--dry-run", "--rpc-url", "http://..."]`. */
  argv?: readonly string[];
};

function findSecrets(value: unknown, path: string[]): string[] {
  if (typeof value !== "object" || value === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if ((SECRET_KEYS as readonly string[]).includes(k)) out.push([...path, k].join("."));
    else out.push(...findSecrets(v, [...path, k]));
  }
  return out;
}

function readFileConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError([{ path: "(file)", message: `cannot read ${file}` }], { cause: error });
  }
  const yaml = /\.ya?ml$/i.test(file);
  let parsed: unknown;
  try {
    parsed = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: "(file)", message: `${file} is not valid ${yaml ? "YAML" : "JSON"}` }], {
      cause: error,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ConfigError([{ path: "(file)", message: `${file} must hold a ${yaml ? "YAML mapping" : "JSON object"}` }]);
  const secrets = findSecrets(parsed, []);
  if (secrets.length > 0)
    throw new ConfigError(
      secrets.map((path) => ({
        path,
        message: "secrets are never read from the config file: use KEEPER_PRIVATE_KEY or keyFile",
      })),
    );
  return parsed as Record<string, unknown>;
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
  if (env.KEEPER_STATE_PATH) out.statePath = env.KEEPER_STATE_PATH;
  if (env.KEEPER_METRICS_PORT) out.metricsPort = envNumber(env.KEEPER_METRICS_PORT);
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
      case "--state-path":
        out.statePath = value();
        break;
      case "--metrics-port":
        out.metricsPort = envNumber(value());
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

function readKey(path: string, field: string): Hex {
  let keyText: string;
  try {
    keyText = readFileSync(path, "utf8").trim();
  } catch (error) {
    throw new ConfigError([{ path: field, message: `cannot read ${path}` }], { cause: error });
  }
  const key = hex32.safeParse(keyText);
  if (!key.success) throw new ConfigError([{ path: field, message: `content: ${key.error.issues[0]?.message}` }]);
  return key.data as Hex;
}

/** An extra key: from the env var `name`, else from the file at `file` (config field `field`), else undefined. */
function optionalKey(
  env: Record<string, string | undefined>,
  name: string,
  file: string | undefined,
  field: string,
): Hex | undefined {
  const value = env[name];
  if (value !== undefined) {
    const parsed = hex32.safeParse(value);
    if (!parsed.success) throw new ConfigError([{ path: name, message: `${parsed.error.issues[0]?.message}` }]);
    return parsed.data as Hex;
  }
  return file !== undefined ? readKey(file, field) : undefined;
}

/**
 * Loads and validates the keeper config (file < env < flags). Throws `ConfigError` naming each bad field.
 *
 * @example
 * const config = loadConfig({ file: "keeper.yaml", env: process.env, argv: ["--dry-run"] });
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
  const { privateKey, keyFile, oracle, liquidator, ...rest } = result.data;
  const key: Hex = privateKey !== undefined ? (privateKey as Hex) : readKey(keyFile as string, "keyFile");
  const { keyFile: signerKeyFile, ...signing } = oracle.signing;
  const signerKey = optionalKey(env, "KEEPER_ORACLE_SIGNER_KEY", signerKeyFile, "oracle.signing.keyFile") ?? key;
  const { keyFile: liquidatorKeyFile, ...liquidatorRest } = liquidator;
  const liquidatorKey = optionalKey(env, "KEEPER_LIQUIDATOR_KEY", liquidatorKeyFile, "liquidator.keyFile");
  return {
    ...rest,
    oracle: { ...oracle, signing: { ...signing, signerKey } },
    liquidator: liquidatorKey === undefined ? liquidatorRest : { ...liquidatorRest, privateKey: liquidatorKey },
    privateKey: key,
    keySource: privateKey !== undefined ? "env" : "keyFile",
  };
}
