/**
 * The keepers of the devnet: one `aid-keeper all` process with a generated config (see keeperConfig.ts).
 */
export type Keepers = {
  metricsUrl: string;
  watch: [string, Promise<string>, string][];
  stop: () => Promise<void>;
};

export async function startKeepers(_: {
  rpcUrl: string;
  deploymentFile: string;
  stateDir: string;
  logDir: string;
  metricsPort: number;
  marketDataUrl: string;
}): Promise<Keepers> {
  throw new Error("keepers: not wired yet");
}
