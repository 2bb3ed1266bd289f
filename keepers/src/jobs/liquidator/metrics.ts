/** The liquidator's Prometheus metrics (prefix `aid_keeper_liquidator_`), registered on the keeper's registry. */
import { Counter, Gauge, type Registry } from "prom-client";

export type LiquidatorMetrics = ReturnType<typeof createLiquidatorMetrics>;

export function createLiquidatorMetrics(registry: Registry) {
  const registers = [registry];
  return {
    positions: new Gauge({
      name: "aid_keeper_liquidator_positions_tracked",
      help: "Borrower positions with debt tracked from Morpho events, per market",
      labelNames: ["market"] as const,
      registers,
    }),
    liquidatable: new Gauge({
      name: "aid_keeper_liquidator_liquidatable",
      help: "Positions unhealthy at the last evaluated block (exact Morpho math), per market",
      labelNames: ["market"] as const,
      registers,
    }),
    liquidations: new Counter({
      name: "aid_keeper_liquidator_liquidations_total",
      help: "Liquidations mined by this keeper, per market and kind (partial | bad_debt)",
      labelNames: ["market", "kind"] as const,
      registers,
    }),
    profit: new Counter({
      name: "aid_keeper_liquidator_profit_total",
      help: "Profit received at the recipient, in whole loan-token units, per market",
      labelNames: ["market", "token"] as const,
      registers,
    }),
    gasSpent: new Counter({
      name: "aid_keeper_liquidator_gas_spent_eth_total",
      help: "Gas paid for liquidation transactions (mined, including reverted), in ETH",
      registers,
    }),
    failures: new Counter({
      name: "aid_keeper_liquidator_failures_total",
      help: "Failed liquidation attempts (simulation revert, mined revert, send error), per market and reason",
      labelNames: ["market", "reason"] as const,
      registers,
    }),
    skipped: new Counter({
      name: "aid_keeper_liquidator_skipped_total",
      help: "Liquidatable positions not liquidated (route impact, no route, unprofitable), per market and reason",
      labelNames: ["market", "reason"] as const,
      registers,
    }),
    lastBlock: new Gauge({
      name: "aid_keeper_liquidator_last_block",
      help: "Last block evaluated",
      registers,
    }),
    scanSeconds: new Gauge({
      name: "aid_keeper_liquidator_scan_seconds",
      help: "Duration of the last in-process health scan over every position",
      registers,
    }),
  };
}
