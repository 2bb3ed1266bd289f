// Library entry of @aid-protocol/keepers: the runtime, the jobs and the shared machinery.
export { ConfigError, type KeeperConfig, type KeeperConfigInput, configSchema, loadConfig } from "./config.js";
export { isJobName, jobNames, jobRegistry } from "./jobs/index.js";
export { FatalJobError, runLoop, sleep } from "./jobs/loop.js";
export type { Job, JobContext, JobName } from "./jobs/types.js";
export { type Logger, createLogger } from "./log.js";
export { createMetrics, startMetricsServer } from "./metrics.js";
export { createRpc } from "./rpc.js";
export { type Keeper, type StartKeeperParameters, loadDeployment, startKeeper } from "./runtime.js";
export * from "./state.js";
export * from "./tx/errors.js";
export { type SendResult, type TxRequest, type TxSender, createTxSender } from "./tx/sender.js";
