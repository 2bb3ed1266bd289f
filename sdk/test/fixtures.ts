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
