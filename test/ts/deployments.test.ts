/**
 * End-to-end test of the deployment scripts: starts anvil on a free port, runs the real `script/Deploy.s.sol` and
 * `script/Seed.s.sol` through the same runner as `npm run deploy:local` / `npm run seed:local`
 * (tools/deploy-local.mjs), then checks that the deployment file matches the chain: every address has code (and had
 * none before `startBlock`), token metadata, Morpho market params round-trip through `idToMarketParams`, pool
 * tokens/fees, feeds answer, and the seeded demo state exists. anvil is killed at the end, also on failure.
 *
 * The deployment file is written to a scratch path (DEPLOYMENT_FILE) so a developer's deployments/31337.json is
 * never touched.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  type Address,
  type Hex,
  type PublicClient,
  createPublicClient,
  encodeAbiParameters,
  getAddress,
  http,
  keccak256,
  parseAbi,
} from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT, runScript } from "../../tools/deploy-local.mjs";
import { type Anvil, startAnvil } from "./anvil.js";

/** EIP-170: the largest runtime bytecode a chain accepts. */
const MAX_CODE_SIZE = 24_576;
const DEAD = "0x000000000000000000000000000000000000dEaD";
// anvil's public test accounts in the seed's roles (see script/lib/AidSeeder.sol).
const STAKER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const LENDER: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const AID_BORROWER: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const AID_LENDER: Address = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const USDC_COLLATERAL: Address = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

type MarketEntry = {
  id: Hex;
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  irm: Address;
  lltv: string;
};
type DeploymentFile = {
  chainId: number;
  startBlock: number;
  contracts: Record<string, Address>;
  tokens: { USDC: Address; USDT: Address; AID: Address; sAID: Address };
  feeds: { USDC_USD: Address; USDT_USD: Address; AID_USD: Address; GPU_NAV: Address; SAID_AID: Address };
  markets: { SAID_USDC: MarketEntry; AID_USDC: MarketEntry; USDC_AID: MarketEntry };
  pools: { AID_USDC: Address; SAID_AID: Address; SAID_USDC: Address };
};

const erc20Abi = parseAbi([
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function totalSupply() view returns (uint256)",
  "function balanceOf(address) view returns (uint256)",
]);
const morphoAbi = parseAbi([
  "function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)",
  "function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)",
  "function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)",
]);
const poolAbi = parseAbi([
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function fee() view returns (uint24)",
  "function liquidity() view returns (uint128)",
]);
const feedAbi = parseAbi([
  "function decimals() view returns (uint8)",
  "function description() view returns (string)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
]);
const oracleAbi = parseAbi(["function price() view returns (uint256)"]);
const dealBookAbi = parseAbi([
  "function dealCount() view returns (uint256)",
  "function totalOutstandingPrincipal() view returns (uint256)",
]);
const vaultAbi = parseAbi(["function unvestedYield() view returns (uint256)"]);

/** What the deploy script creates from out/ (the Uniswap contracts come from their npm artifacts and fit). */
const DEPLOYED_ARTIFACTS = [
  "MockStablecoin",
  "PushFeed",
  "AID",
  "Reserve",
  "DealBook",
  "StakedAID",
  "InsuranceFund",
  "YieldDistributor",
  "MorphoOracleAdapter",
  "AdaptiveCurveIrm",
  "Morpho",
  "MinimalWETH9",
  "FlashLiquidator",
];

/** Deployed contracts whose runtime bytecode exceeds EIP-170 (name → bytes). */
function oversizedContracts(): Record<string, number> {
  const found: Record<string, number> = {};
  for (const name of DEPLOYED_ARTIFACTS) {
    const dir = name === "MinimalWETH9" ? "UniswapV3Deployer.sol" : `${name}.sol`;
    const file = join(ROOT, "out", dir, `${name}.json`);
    if (!existsSync(file)) throw new Error(`missing artifact ${file}: run forge build`);
    const deployed: string = JSON.parse(readFileSync(file, "utf8")).deployedBytecode.object;
    const size = (deployed.length - 2) / 2;
    if (size > MAX_CODE_SIZE) found[name] = size;
  }
  return found;
}

let anvil: Anvil | undefined;
let client: PublicClient;
let d: DeploymentFile;
let deployMs = 0;
let seedMs = 0;
const scratchFile = `deployments/.vitest-${process.pid}.json`;

beforeAll(async () => {
  anvil = await startAnvil();
  const { rpcUrl } = anvil;
  client = createPublicClient({ transport: http(rpcUrl) });
  const env: Record<string, string> = { DEPLOYMENT_FILE: scratchFile };
  try {
    const deployed = await runScript("deploy", { rpcUrl, env, quiet: true });
    deployMs = deployed.ms;
    d = JSON.parse(readFileSync(deployed.path, "utf8"));
    seedMs = (await runScript("seed", { rpcUrl, env, quiet: true })).ms;
  } catch (error) {
    // Show forge's output: it is the only explanation of a failed broadcast.
    console.error((error as { output?: string }).output ?? error);
    throw error;
  }
  console.log(`deploy ${(deployMs / 1000).toFixed(1)} s, seed ${(seedMs / 1000).toFixed(1)} s (wall clock)`);
});

afterAll(async () => {
  await anvil?.stop();
  const file = join(ROOT, scratchFile);
  if (existsSync(file)) rmSync(file);
});

describe("deployment file", () => {
  test("every deployed contract fits EIP-170 (24,576 bytes of runtime code)", () => {
    expect(oversizedContracts(), "runtime bytecode above the EIP-170 limit").toEqual({});
  });

  test("has exactly the documented shape", () => {
    expect(Object.keys(d).sort()).toEqual(
      ["chainId", "contracts", "feeds", "markets", "pools", "startBlock", "tokens"].sort(),
    );
    expect(d.chainId).toBe(31337);
    expect(Number.isInteger(d.startBlock)).toBe(true);
    expect(Object.keys(d.tokens).sort()).toEqual(["AID", "USDC", "USDT", "sAID"]);
    expect(Object.keys(d.feeds).sort()).toEqual(["AID_USD", "GPU_NAV", "SAID_AID", "USDC_USD", "USDT_USD"]);
    expect(Object.keys(d.markets).sort()).toEqual(["AID_USDC", "SAID_USDC", "USDC_AID"]);
    expect(Object.keys(d.pools).sort()).toEqual(["AID_USDC", "SAID_AID", "SAID_USDC"]);
    for (const m of Object.values(d.markets)) {
      expect(Object.keys(m).sort()).toEqual(["collateralToken", "id", "irm", "lltv", "loanToken", "oracle"]);
    }
  });

  test("names every deployed contract, tokens/feeds consistent with contracts", () => {
    for (const name of [
      "AID",
      "StakedAID",
      "Reserve",
      "DealBook",
      "InsuranceFund",
      "YieldDistributor",
      "Morpho",
      "AdaptiveCurveIrm",
      "UniswapV3Factory",
      "SwapRouter",
      "QuoterV2",
      "NonfungiblePositionManager",
      "FlashLiquidator",
    ]) {
      expect(d.contracts[name], name).toMatch(/^0x[0-9a-fA-F]{40}$/);
    }
    expect(d.contracts.AID).toBe(d.tokens.AID);
    expect(d.contracts.StakedAID).toBe(d.tokens.sAID);
    expect(d.contracts.PushFeedGpuNav).toBe(d.feeds.GPU_NAV);
  });

  test("every address has code now and had none before startBlock", async () => {
    const addresses = new Set<Address>([
      ...Object.values(d.contracts),
      ...Object.values(d.tokens),
      ...Object.values(d.feeds),
      ...Object.values(d.pools),
      ...Object.values(d.markets).flatMap((m) => [m.loanToken, m.collateralToken, m.oracle, m.irm]),
    ]);
    for (const address of addresses) {
      const code = await client.getCode({ address });
      expect(code?.length ?? 0, `${address} has code`).toBeGreaterThan(2);
      const before = await client.getCode({ address, blockNumber: BigInt(d.startBlock) });
      expect(before ?? "0x", `${address} deployed after startBlock`).toBe("0x");
    }
  });
});

describe("on-chain state matches the file", () => {
  test("tokens: symbols and decimals", async () => {
    const expected: Record<keyof DeploymentFile["tokens"], [string, number]> = {
      USDC: ["USDC", 6],
      USDT: ["USDT", 6],
      AID: ["AID", 18],
      sAID: ["sAID", 18],
    };
    for (const [key, [symbol, decimals]] of Object.entries(expected)) {
      const address = d.tokens[key as keyof DeploymentFile["tokens"]];
      expect(await client.readContract({ address, abi: erc20Abi, functionName: "symbol" })).toBe(symbol);
      expect(await client.readContract({ address, abi: erc20Abi, functionName: "decimals" })).toBe(decimals);
    }
  });

  test("markets: params round-trip through Morpho.idToMarketParams and hash to the id", async () => {
    const expected = {
      SAID_USDC: [d.tokens.USDC, d.tokens.sAID, 860000000000000000n],
      AID_USDC: [d.tokens.USDC, d.tokens.AID, 915000000000000000n],
      USDC_AID: [d.tokens.AID, d.tokens.USDC, 915000000000000000n],
    } as const;
    for (const [name, [loan, collateral, lltv]] of Object.entries(expected)) {
      const m = d.markets[name as keyof DeploymentFile["markets"]];
      expect(m.loanToken, `${name} loan`).toBe(loan);
      expect(m.collateralToken, `${name} collateral`).toBe(collateral);
      expect(BigInt(m.lltv), `${name} lltv`).toBe(lltv);
      expect(m.irm, `${name} irm`).toBe(d.contracts.AdaptiveCurveIrm);
      const onChain = await client.readContract({
        address: d.contracts.Morpho,
        abi: morphoAbi,
        functionName: "idToMarketParams",
        args: [m.id],
      });
      expect(onChain.map((v) => (typeof v === "string" ? getAddress(v) : v))).toEqual([
        getAddress(m.loanToken),
        getAddress(m.collateralToken),
        getAddress(m.oracle),
        getAddress(m.irm),
        BigInt(m.lltv),
      ]);
      const id = keccak256(
        encodeAbiParameters(
          [{ type: "address" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
          [m.loanToken, m.collateralToken, m.oracle, m.irm, BigInt(m.lltv)],
        ),
      );
      expect(id, `${name} id`).toBe(m.id);
      // The oracle answers (fresh feeds after the seed).
      const price = await client.readContract({ address: m.oracle, abi: oracleAbi, functionName: "price" });
      expect(price, `${name} oracle price`).toBeGreaterThan(0n);
    }
  });

  test("pools: token0/token1/fee and in-range liquidity", async () => {
    const expected = {
      AID_USDC: [d.tokens.AID, d.tokens.USDC, 100],
      SAID_AID: [d.tokens.sAID, d.tokens.AID, 500],
      SAID_USDC: [d.tokens.sAID, d.tokens.USDC, 100],
    } as const;
    for (const [name, [a, b, fee]] of Object.entries(expected)) {
      const pool = d.pools[name as keyof DeploymentFile["pools"]];
      const [t0, t1] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
      expect(await client.readContract({ address: pool, abi: poolAbi, functionName: "token0" })).toBe(
        getAddress(t0),
      );
      expect(await client.readContract({ address: pool, abi: poolAbi, functionName: "token1" })).toBe(
        getAddress(t1),
      );
      expect(await client.readContract({ address: pool, abi: poolAbi, functionName: "fee" })).toBe(fee);
      expect(await client.readContract({ address: pool, abi: poolAbi, functionName: "liquidity" })).toBeGreaterThan(
        0n,
      );
    }
  });

  test("feeds: answer with a positive, fresh round", async () => {
    const block = await client.getBlock();
    const descriptions = {
      USDC_USD: "USDC / USD",
      USDT_USD: "USDT / USD",
      AID_USD: "AID / USD",
      GPU_NAV: "GPU-NAV / USD",
      SAID_AID: "sAID / AID",
    };
    for (const [name, description] of Object.entries(descriptions)) {
      const feed = d.feeds[name as keyof DeploymentFile["feeds"]];
      expect(await client.readContract({ address: feed, abi: feedAbi, functionName: "description" })).toBe(
        description,
      );
      const [roundId, answer, , updatedAt] = await client.readContract({
        address: feed,
        abi: feedAbi,
        functionName: "latestRoundData",
      });
      expect(roundId, `${name} round`).toBeGreaterThanOrEqual(1n);
      expect(answer, `${name} answer`).toBeGreaterThan(0n);
      expect(updatedAt, `${name} updatedAt`).toBeLessThanOrEqual(block.timestamp);
    }
  });
});

describe("seeded demo state", () => {
  test("sAID has stakers beyond the dead shares, and yield vesting", async () => {
    const supply = await client.readContract({ address: d.tokens.sAID, abi: erc20Abi, functionName: "totalSupply" });
    const dead = await client.readContract({
      address: d.tokens.sAID,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [DEAD],
    });
    expect(dead).toBeGreaterThan(0n);
    expect(supply).toBeGreaterThan(dead);
    expect(
      await client.readContract({ address: d.tokens.sAID, abi: erc20Abi, functionName: "balanceOf", args: [STAKER] }),
    ).toBeGreaterThan(0n);
    expect(
      await client.readContract({ address: d.tokens.sAID, abi: vaultAbi, functionName: "unvestedYield" }),
    ).toBeGreaterThan(0n);
  });

  test("deals are proposed and funded", async () => {
    const book = d.contracts.DealBook;
    expect(await client.readContract({ address: book, abi: dealBookAbi, functionName: "dealCount" })).toBe(3n);
    expect(
      await client.readContract({ address: book, abi: dealBookAbi, functionName: "totalOutstandingPrincipal" }),
    ).toBeGreaterThan(0n);
  });

  test("positions exist on the three Morpho markets", async () => {
    const position = (market: MarketEntry, user: Address) =>
      client.readContract({
        address: d.contracts.Morpho,
        abi: morphoAbi,
        functionName: "position",
        args: [market.id, user],
      });
    const [lenderSupply] = await position(d.markets.SAID_USDC, LENDER);
    expect(lenderSupply, "USDC supplied to sAID/USDC").toBeGreaterThan(0n);
    const [, stakerDebt, stakerCollateral] = await position(d.markets.SAID_USDC, STAKER);
    expect(stakerCollateral, "sAID collateral").toBeGreaterThan(0n);
    expect(stakerDebt, "USDC borrowed against sAID").toBeGreaterThan(0n);
    const [, aidDebt, aidCollateral] = await position(d.markets.AID_USDC, AID_BORROWER);
    expect(aidCollateral, "AID collateral").toBeGreaterThan(0n);
    expect(aidDebt, "USDC borrowed against AID").toBeGreaterThan(0n);
    const [aidSupply] = await position(d.markets.USDC_AID, AID_LENDER);
    expect(aidSupply, "AID supplied to USDC/AID").toBeGreaterThan(0n);
    const [, usdcDebt, usdcCollateral] = await position(d.markets.USDC_AID, USDC_COLLATERAL);
    expect(usdcCollateral, "USDC collateral").toBeGreaterThan(0n);
    expect(usdcDebt, "AID borrowed against USDC").toBeGreaterThan(0n);
  });
});
