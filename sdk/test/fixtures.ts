import { type EIP1193RequestFn, createClient, custom } from "viem";
import { expect } from "vitest";

/** A syntactically valid deployment (addresses are arbitrary) for unit tests that need no chain. */
export function fakeDeploymentJson(): Record<string, unknown> {
  let n = 0;
  const next = () => `0x${(++n).toString(16).padStart(40, "0")}`;
  const market = () => ({
    id: `0x${"ab".repeat(32)}`,
    loanToken: next(),
    collateralToken: next(),
    oracle: next(),
    irm: next(),
    lltv: "860000000000000000",
  });
  return {
    chainId: 31337,
    startBlock: 0,
    contracts: Object.fromEntries(
      [
        "USDC", "USDT", "AID", "StakedAID", "Reserve", "DealBook", "InsuranceFund", "YieldDistributor",
        "PushFeedUsdcUsd", "PushFeedUsdtUsd", "PushFeedAidUsd", "PushFeedGpuNav", "PushFeedSAidAid",
        "MorphoOracleSAidUsdc", "MorphoOracleAidUsdc", "MorphoOracleUsdcAid", "Morpho", "AdaptiveCurveIrm",
        "UniswapV3Factory", "SwapRouter", "QuoterV2", "NonfungiblePositionManager", "WETH9", "FlashLiquidator",
      ].map((k) => [k, next()]),
    ),
    tokens: { USDC: next(), USDT: next(), AID: next(), sAID: next() },
    feeds: { USDC_USD: next(), USDT_USD: next(), AID_USD: next(), GPU_NAV: next(), SAID_AID: next() },
    markets: { SAID_USDC: market(), AID_USDC: market(), USDC_AID: market() },
    pools: { AID_USDC: next(), SAID_AID: next(), SAID_USDC: next() },
  };
}

/** A client whose transport records every request and fails it: validation must throw before any of them. */
export function recordingClient() {
  const requests: string[] = [];
  const request: EIP1193RequestFn = async ({ method }) => {
    requests.push(method);
    throw new Error(`unexpected RPC ${method}`);
  };
  return { client: createClient({ transport: custom({ request }, { retryCount: 0 }) }), requests };
}

/** A client of {@link recordingClient}. */
export type RecordingClient = ReturnType<typeof recordingClient>["client"];

/**
 * Runs `run` on a {@link recordingClient} and asserts it throws `ErrorClass` (naming `parameter` when given) before
 * sending any RPC request.
 */
export async function expectRejectedBeforeRpc(
  run: (client: RecordingClient) => Promise<unknown>,
  ErrorClass: new (...args: never[]) => Error,
  parameter?: string,
): Promise<void> {
  const { client, requests } = recordingClient();
  const error = await run(client).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the action must throw the typed error").toBeInstanceOf(ErrorClass);
  if (parameter) expect((error as { parameter: string }).parameter, "names the parameter").toBe(parameter);
  expect(requests, "no RPC request may be sent before validation").toEqual([]);
}
