import type { Address, Chain, Client, Transport } from "viem";
import { aidAbi } from "../abis/aid.js";
import { dealBookAbi } from "../abis/dealBook.js";
import { reserveAbi } from "../abis/reserve.js";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment, StableSymbol } from "../deployment.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";
import { type EpochFill, compoundApr, epochFill, vestingApr } from "../utils/yield.js";

/** Parameters of {@link getProtocolOverview}. */
export type GetProtocolOverviewParameters = ReadOptions & {
  deployment: Deployment;
};

/** Liquidity of one stablecoin in the Reserve (own units: 6 decimals for USDC/USDT). */
export type StableLiquidity = {
  address: Address;
  /** Held by the Reserve, including what is set aside for claimable requests. */
  liquidBalance: bigint;
  /** Set aside for claimable redemption requests. */
  reservedBalance: bigint;
  /** Buffer available for instant redemptions and new deals (`liquidBalance − reservedBalance`). */
  availableLiquidity: bigint;
};

/** Return type of {@link getProtocolOverview}. All amounts are bigint token units (AID/sAID: 18 decimals). */
export type GetProtocolOverviewReturnType = {
  /** Block the values were read at, and its timestamp (seconds). */
  blockNumber: bigint;
  timestamp: bigint;
  aid: {
    totalSupply: bigint;
  };
  reserve: {
    /** Liquid stablecoins (18-dec) + deal book carrying value. */
    backing: bigint;
    /** Backing / AID supply, 1e18 = 100% (`2^256 − 1` when no AID exists). */
    collateralRatio: bigint;
    /** Σ liquid balances normalised to 18 decimals. */
    totalLiquid18: bigint;
    liquidity: Record<StableSymbol, StableLiquidity>;
    mintPaused: boolean;
    redeemPaused: boolean;
    /** AID still mintable in this block and this UTC day. */
    mintCapacity: { perBlock: bigint; perDay: bigint };
    /** AID still redeemable instantly this UTC day. */
    instantRedeemCapacity: bigint;
    /** AID escrowed by queued redemption requests (pending + claimable). */
    totalEscrowed: bigint;
    /** Loss not absorbed by insurance and sAID. */
    uncoveredLoss: bigint;
  };
  deals: {
    count: bigint;
    /** Σ outstanding principal (18-dec USD). */
    totalOutstandingPrincipal: bigint;
    /** Σ carrying value counted in backing (18-dec USD). */
    totalCarryingValue: bigint;
  };
  sAid: {
    totalAssets: bigint;
    totalSupply: bigint;
    /** AID per 1e18 sAID (`convertToAssets(1e18)`). */
    rate: bigint;
    unvestedYield: bigint;
    /** End of the current vesting schedule (0 before the first distribution). */
    vestingEnd: bigint;
    /** Epoch `settleEpoch` settles next, and the time from which it can be settled. */
    openEpoch: { epoch: bigint; endsAt: bigint };
    /** Shares escrowed for exit and not filled yet. */
    totalPendingShares: bigint;
    /** AID set aside for filled, unclaimed exits. */
    claimableAssets: bigint;
    // ---- vesting, APY and exit-epoch fill (sdk-b) ----
    /** The running yield vesting schedule and the rate it implies. */
    vesting: VestingState;
    /** The exit epoch `settleEpoch` settles next, and what it would fill if settled in this block. */
    exitEpoch: ExitEpochState;
  };
};

/**
 * The sAID vault's running vesting schedule, as the contract exposes it (StakedAID has getters for the end and the
 * unvested amount, not for the start or the original amount: `getRateHistory` lists the distributions from the
 * `YieldDistributed` events).
 */
export type VestingState = {
  /** End of the schedule (0 before the first distribution). */
  end: bigint;
  /** Yield not vested yet (`unvestedYield()`, rounded up by the contract), excluded from `totalAssets`. */
  unvested: bigint;
  /** Seconds until `end` (0 once it passed). */
  remaining: bigint;
  /** Assets accounted to the vault, vested or not: `storedAssets() = totalAssets + unvested`. */
  storedAssets: bigint;
  /** Length of a new schedule (`vestingPeriod()`, seconds). */
  vestingPeriod: bigint;
  /** Cap on the rate a distribution may imply (`maxAprBps()`, 1e4 = 100%). */
  maxAprBps: bigint;
  /** Largest distribution accepted now (`maxYield()`). */
  maxYield: bigint;
  /**
   * Simple annualised rate (WAD, 1e17 = 10%) of the running schedule over `totalAssets`:
   * `unvested × 365 days × 1e18 / (remaining × totalAssets)`, 0 when nothing vests. See `vestingApr`.
   */
  apr: bigint;
  /** `apr` compounded once per `vestingPeriod` over a year (WAD). See `compoundApr`. */
  apy: bigint;
};

/** The next exit epoch and the replay of its settlement rule on the state read (see `epochFill`). */
export type ExitEpochState = EpochFill & {
  epoch: bigint;
  /** Time from which anyone may call `settleEpoch`. */
  endsAt: bigint;
  /** Whether `settleEpoch` would pass now (`timestamp ≥ endsAt`). */
  settleable: boolean;
  /** `exitEpochDuration()` (seconds; 0 = synchronous ERC-4626 exits, no epochs). */
  duration: bigint;
  /** `maxEpochExitBps()`: share of `totalAssets` one epoch may pay out. */
  maxEpochExitBps: bigint;
};

/**
 * Reads the protocol's state in ONE RPC round trip (a single `eth_call` to Multicall3, deployless when the chain
 * has none): AID supply, backing, collateral ratio, the liquid buffer per stablecoin, deal totals, and the sAID
 * vault (rate, vesting, open exit epoch), plus the vesting schedule's APR/APY and the next exit epoch's expected fill.
 *
 * @example
 * ```ts
 * import { createPublicClient, http } from "viem"
 * import { getProtocolOverview, parseDeployment } from "@aid-protocol/sdk"
 *
 * const client = createPublicClient({ transport: http("http://127.0.0.1:8545") })
 * const overview = await getProtocolOverview(client, { deployment: parseDeployment(json) })
 * console.log(overview.reserve.collateralRatio, overview.sAid.rate)
 * ```
 */
export async function getProtocolOverview(
  client: Client<Transport, Chain | undefined>,
  parameters: GetProtocolOverviewParameters,
): Promise<GetProtocolOverviewReturnType> {
  const { deployment } = parameters;
  const reserve = { address: deployment.contracts.Reserve, abi: reserveAbi } as const;
  const book = { address: deployment.contracts.DealBook, abi: dealBookAbi } as const;
  const vault = { address: deployment.tokens.sAID, abi: stakedAidAbi } as const;
  const { USDC, USDT } = deployment.tokens;
  const { results, timestamp, blockNumber } = await readAll(
    client,
    [
      { address: deployment.tokens.AID, abi: aidAbi, functionName: "totalSupply" },
      { ...reserve, functionName: "backing" },
      { ...reserve, functionName: "collateralRatio" },
      { ...reserve, functionName: "totalLiquid18" },
      { ...reserve, functionName: "liquidBalance", args: [USDC] },
      { ...reserve, functionName: "reservedBalance", args: [USDC] },
      { ...reserve, functionName: "availableLiquidity", args: [USDC] },
      { ...reserve, functionName: "liquidBalance", args: [USDT] },
      { ...reserve, functionName: "reservedBalance", args: [USDT] },
      { ...reserve, functionName: "availableLiquidity", args: [USDT] },
      { ...reserve, functionName: "mintPaused" },
      { ...reserve, functionName: "redeemPaused" },
      { ...reserve, functionName: "mintCapacity" },
      { ...reserve, functionName: "instantRedeemCapacity" },
      { ...reserve, functionName: "totalEscrowed" },
      { ...reserve, functionName: "uncoveredLoss" },
      { ...book, functionName: "dealCount" },
      { ...book, functionName: "totalOutstandingPrincipal" },
      { ...book, functionName: "totalCarryingValue" },
      { ...vault, functionName: "totalAssets" },
      { ...vault, functionName: "totalSupply" },
      { ...vault, functionName: "convertToAssets", args: [10n ** 18n] },
      { ...vault, functionName: "unvestedYield" },
      { ...vault, functionName: "vestingEnd" },
      { ...vault, functionName: "openEpoch" },
      { ...vault, functionName: "totalPendingShares" },
      { ...vault, functionName: "claimableAssets" },
      // ---- vesting, APY and exit-epoch fill (sdk-b) ----
      { ...vault, functionName: "storedAssets" },
      { ...vault, functionName: "vestingPeriod" },
      { ...vault, functionName: "maxAprBps" },
      { ...vault, functionName: "maxYield" },
      { ...vault, functionName: "exitEpochDuration" },
      { ...vault, functionName: "maxEpochExitBps" },
      { ...vault, functionName: "decimals" },
      { address: deployment.tokens.AID, abi: aidAbi, functionName: "decimals" },
    ] as const,
    parameters,
  );
  const [
    aidSupply,
    backing,
    collateralRatio,
    totalLiquid18,
    usdcLiquid,
    usdcReserved,
    usdcAvailable,
    usdtLiquid,
    usdtReserved,
    usdtAvailable,
    mintPaused,
    redeemPaused,
    [perBlock, perDay],
    instantRedeemCapacity,
    totalEscrowed,
    uncoveredLoss,
    dealCount,
    totalOutstandingPrincipal,
    totalCarryingValue,
    totalAssets,
    sAidSupply,
    rate,
    unvestedYield,
    vestingEnd,
    [epoch, endsAt],
    totalPendingShares,
    claimableAssets,
    storedAssets,
    vestingPeriod,
    maxAprBps,
    maxYield,
    exitEpochDuration,
    maxEpochExitBps,
    vaultDecimals,
    aidDecimals,
  ] = results;
  const apr = vestingApr({ unvested: unvestedYield, vestingEnd, timestamp, totalAssets });
  return {
    blockNumber,
    timestamp,
    aid: { totalSupply: aidSupply },
    reserve: {
      backing,
      collateralRatio,
      totalLiquid18,
      liquidity: {
        USDC: { address: USDC, liquidBalance: usdcLiquid, reservedBalance: usdcReserved, availableLiquidity: usdcAvailable },
        USDT: { address: USDT, liquidBalance: usdtLiquid, reservedBalance: usdtReserved, availableLiquidity: usdtAvailable },
      },
      mintPaused,
      redeemPaused,
      mintCapacity: { perBlock, perDay },
      instantRedeemCapacity,
      totalEscrowed,
      uncoveredLoss,
    },
    deals: { count: dealCount, totalOutstandingPrincipal, totalCarryingValue },
    sAid: {
      totalAssets,
      totalSupply: sAidSupply,
      rate,
      unvestedYield,
      vestingEnd,
      openEpoch: { epoch, endsAt },
      totalPendingShares,
      claimableAssets,
      vesting: {
        end: vestingEnd,
        unvested: unvestedYield,
        remaining: vestingEnd > timestamp ? vestingEnd - timestamp : 0n,
        storedAssets,
        vestingPeriod,
        maxAprBps,
        maxYield,
        apr,
        apy: compoundApr(apr, vestingPeriod),
      },
      exitEpoch: {
        epoch,
        endsAt,
        settleable: timestamp >= endsAt,
        duration: exitEpochDuration,
        maxEpochExitBps,
        ...epochFill({
          totalAssets,
          totalSupply: sAidSupply,
          decimalsOffset: vaultDecimals - aidDecimals,
          queuedShares: totalPendingShares,
          maxEpochExitBps,
        }),
      },
    },
  };
}
