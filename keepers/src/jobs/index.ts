/**
 * The job registry: every `JobName` has an entry (a missing one fails to compile). `undefined` marks a job not
 * built into this version; the CLI refuses it by name.
 */
import { epochsJob } from "./epochs/index.js";
import { liquidatorJob } from "./liquidator/index.js";
import { oracleJob } from "./oracle/index.js";
import type { Job, JobName } from "./types.js";
import { yieldJob } from "./yield/index.js";

export const jobNames = ["oracle", "yield", "epochs", "liquidator"] as const satisfies readonly JobName[];

export const jobRegistry: { readonly [K in JobName]: Job | undefined } = {
  oracle: oracleJob,
  yield: yieldJob,
  epochs: epochsJob,
  liquidator: liquidatorJob,
};

export function isJobName(name: string): name is JobName {
  return (jobNames as readonly string[]).includes(name);
}
