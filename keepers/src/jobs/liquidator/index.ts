/** The liquidator job and its building blocks (exact Morpho math, event-sourced book, routes), for library use. */
import { createLiquidatorJob } from "./job.js";

export { type EvaluatedBlock, type LiquidatorJob, type LiquidatorOptions, createLiquidatorJob } from "./job.js";
/** The liquidator with its defaults (config section `liquidator`), as registered in the CLI's job table. */
export const liquidatorJob = createLiquidatorJob();
export { PositionBook, type Position } from "./book.js";
export * from "./math.js";
export { findRoutes, impactBps, withinImpact, type Route, type Pool } from "./routes.js";
