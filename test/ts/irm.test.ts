/**
 * Differential test of our AdaptiveCurveIrm against @morpho-org/blue-sdk.
 *
 * Deploys the real Morpho Blue, our IRM, two MockStablecoins and an OracleMock on a fresh anvil, registers the chain
 * with the SDK (our IRM as `adaptiveCurveIrm`), then replays seeded random sequences of supply / withdraw / borrow /
 * repay / time jumps. Before every transaction it snapshots the market with the SDK (`fetchMarket`), and after it
 * asserts that Morpho's on-chain totals and the IRM's stored rate at target equal the SDK's prediction
 * (`Market.accrueInterest(timestamp)` and the SDK's own action maths) to the wei.
 */
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Market, MarketParams, type MarketId } from "@morpho-org/blue-sdk";
import { fetchMarket } from "@morpho-org/blue-sdk-viem";
import { registerCustomAddresses } from "@morpho-org/morpho-ts";
import {
  type Abi,
  type Address,
  type Hex,
  createTestClient,
  defineChain,
  getAddress,
  http,
  maxUint256,
  publicActions,
  walletActions,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Anvil, startAnvil } from "./anvil.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHAIN_ID = 424_242; // a chain id of our own, so the SDK registry entry cannot clash with another suite's
// anvil's first two default accounts (public test keys).
const OWNER = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const BORROWER = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

const ARTIFACTS = {
  morpho: "Morpho.sol/Morpho.json",
  irm: "AdaptiveCurveIrm.sol/AdaptiveCurveIrm.json",
  token: "MockStablecoin.sol/MockStablecoin.json",
  oracle: "OracleMock.sol/OracleMock.json",
} as const;

type Artifact = { abi: Abi; bytecode: Hex };

function loadArtifact(relPath: string): Artifact {
  const json = JSON.parse(readFileSync(join(ROOT, "out", relPath), "utf8"));
  return { abi: json.abi, bytecode: json.bytecode.object };
}

/** Seeded PRNG (mulberry32): the sequences are reproducible from the seed printed in each test name. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** Uniform bigint in [0, max] (max may exceed 2^53: combines two draws). */
  const bigint = (max: bigint) => {
    if (max <= 0n) return 0n;
    const r = (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32));
    return r % (max + 1n);
  };
  return { next, bigint, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

let anvil: Anvil | undefined;
let client: ReturnType<typeof makeClient>;
let addrs: { morpho: Address; irm: Address; loan: Address; collateral: Address; oracle: Address };
let art: Record<keyof typeof ARTIFACTS, Artifact>;

const chain = defineChain({
  id: CHAIN_ID,
  name: "anvil-irm-test",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1"] } },
});

function makeClient(url: string) {
  return createTestClient({ chain, mode: "anvil", transport: http(url) })
    .extend(publicActions)
    .extend(walletActions);
}

async function send(account: typeof OWNER, address: Address, abi: Abi, functionName: string, args: unknown[]) {
  // Explicit gas: an estimate taken in the same second as the last accrual skips the IRM call (elapsed = 0) and
  // would run out of gas once the transaction lands a second later.
  const hash = await client.writeContract({
    account,
    chain,
    address,
    abi,
    functionName,
    args,
    gas: 3_000_000n,
  } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  expect(receipt.status, `${functionName} succeeded`).toBe("success");
  const block = await client.getBlock({ blockNumber: receipt.blockNumber });
  return block.timestamp;
}

async function deploy(a: Artifact, args: unknown[]): Promise<Address> {
  const hash = await client.deployContract({ account: OWNER, chain, abi: a.abi, bytecode: a.bytecode, args } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("deployment failed");
  return getAddress(receipt.contractAddress);
}

beforeAll(async () => {
  if (Object.values(ARTIFACTS).some((p) => !existsSync(join(ROOT, "out", p)))) {
    execSync("npx forge build", { cwd: ROOT, stdio: "inherit" });
  }
  art = {
    morpho: loadArtifact(ARTIFACTS.morpho),
    irm: loadArtifact(ARTIFACTS.irm),
    token: loadArtifact(ARTIFACTS.token),
    oracle: loadArtifact(ARTIFACTS.oracle),
  };

  anvil = await startAnvil(["--chain-id", String(CHAIN_ID)]);
  client = makeClient(anvil.rpcUrl);

  const morpho = await deploy(art.morpho, [OWNER.address]);
  const irm = await deploy(art.irm, [morpho]);
  const loan = await deploy(art.token, ["USD Coin", "USDC", 6]);
  const collateral = await deploy(art.token, ["Staked AID", "sAID", 18]);
  const oracle = await deploy(art.oracle, []);
  addrs = { morpho, irm, loan, collateral, oracle };

  registerCustomAddresses({
    addresses: {
      [CHAIN_ID]: {
        morpho,
        adaptiveCurveIrm: irm,
        // Not used by this test; required fields of a custom chain entry.
        bundler3: {
          bundler3: "0x000000000000000000000000000000000000b003",
          generalAdapter1: "0x000000000000000000000000000000000000a001",
        },
      },
    },
  });
}, 900_000);

afterAll(async () => {
  await anvil?.stop();
});

/** Creates a fresh market (distinct collateral address per seed would need a new token; use a distinct LLTV). */
async function setupMarket(lltv: bigint, feeWad: bigint) {
  const { morpho, irm, loan, collateral, oracle } = addrs;
  await send(OWNER, oracle, art.oracle.abi, "setPrice", [10n ** 24n]); // 1 collateral (18 dec) = 1 loan (6 dec)
  const isIrm = await client.readContract({
    address: morpho,
    abi: art.morpho.abi,
    functionName: "isIrmEnabled",
    args: [irm],
  });
  if (!isIrm) {
    await send(OWNER, morpho, art.morpho.abi, "enableIrm", [irm]);
    await send(OWNER, morpho, art.morpho.abi, "setFeeRecipient", ["0x000000000000000000000000000000000000fee5"]);
  }
  await send(OWNER, morpho, art.morpho.abi, "enableLltv", [lltv]);
  const params = new MarketParams({ loanToken: loan, collateralToken: collateral, oracle, irm, lltv });
  const tuple = { loanToken: loan, collateralToken: collateral, oracle, irm, lltv };
  await send(OWNER, morpho, art.morpho.abi, "createMarket", [tuple]);
  if (feeWad > 0n) await send(OWNER, morpho, art.morpho.abi, "setFee", [tuple, feeWad]);
  return { id: params.id as MarketId, tuple };
}

async function onchain(id: MarketId) {
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] =
    (await client.readContract({
      address: addrs.morpho,
      abi: art.morpho.abi,
      functionName: "market",
      args: [id],
    })) as readonly bigint[];
  const rateAtTarget = (await client.readContract({
    address: addrs.irm,
    abi: art.irm.abi,
    functionName: "rateAtTarget",
    args: [id],
  })) as bigint;
  return { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee, rateAtTarget };
}

function expectMatches(actual: Awaited<ReturnType<typeof onchain>>, expected: Market, what: string) {
  expect(actual.lastUpdate, `${what}: lastUpdate`).toBe(expected.lastUpdate);
  expect(actual.totalBorrowAssets, `${what}: totalBorrowAssets`).toBe(expected.totalBorrowAssets);
  expect(actual.totalSupplyAssets, `${what}: totalSupplyAssets`).toBe(expected.totalSupplyAssets);
  expect(actual.totalSupplyShares, `${what}: totalSupplyShares (incl. fee shares)`).toBe(expected.totalSupplyShares);
  expect(actual.totalBorrowShares, `${what}: totalBorrowShares`).toBe(expected.totalBorrowShares);
  expect(actual.rateAtTarget, `${what}: rateAtTarget`).toBe(expected.rateAtTarget);
}

async function position(id: MarketId, user: Address) {
  const [supplyShares, borrowShares, collateral] = (await client.readContract({
    address: addrs.morpho,
    abi: art.morpho.abi,
    functionName: "position",
    args: [id, user],
  })) as readonly bigint[];
  return { supplyShares, borrowShares, collateral };
}

const SEEDS = [
  { seed: 1, lltv: 860_000_000_000_000_000n, fee: 0n },
  { seed: 2, lltv: 915_000_000_000_000_000n, fee: 100_000_000_000_000_000n },
  { seed: 3, lltv: 945_000_000_000_000_000n, fee: 250_000_000_000_000_000n },
];
const STEPS = 60;

describe("AdaptiveCurveIrm accrual equals @morpho-org/blue-sdk to the wei", () => {
  test("the SDK reads our IRM as its adaptive curve IRM", async () => {
    const { id } = await setupMarket(770_000_000_000_000_000n, 0n);
    const market = await fetchMarket(id, client, { chainId: CHAIN_ID });
    expect(market.rateAtTarget, "rateAtTarget fetched (IRM recognised as adaptiveCurveIrm)").toBeDefined();
    expect(market.rateAtTarget, "seeded at 4%/yr per second").toBe(40_000_000_000_000_000n / 31_536_000n);
  });

  for (const { seed, lltv, fee } of SEEDS) {
    test(`random sequence, seed ${seed}, fee ${fee}`, async () => {
      const rnd = prng(seed);
      const { morpho, loan, collateral } = addrs;
      const { id, tuple } = await setupMarket(lltv, fee);

      // Funding: huge collateral (never binding), unlimited approvals.
      await send(BORROWER, collateral, art.token.abi, "mint", [BORROWER.address, 10n ** 36n]);
      await send(BORROWER, collateral, art.token.abi, "approve", [morpho, maxUint256]);
      await send(BORROWER, morpho, art.morpho.abi, "supplyCollateral", [tuple, 10n ** 36n, BORROWER.address, "0x"]);
      await send(BORROWER, loan, art.token.abi, "approve", [morpho, maxUint256]);
      await send(OWNER, loan, art.token.abi, "approve", [morpho, maxUint256]);

      let accruals = 0;
      for (let step = 0; step < STEPS; step++) {
        const pre = await fetchMarket(id, client, { chainId: CHAIN_ID });
        const liquidity = pre.totalSupplyAssets - pre.totalBorrowAssets;
        const roll = rnd.next();
        let expected: Market;
        let ts: bigint;
        let what: string;

        if (roll < 0.3 || pre.totalSupplyAssets === 0n) {
          const assets = 1n + rnd.bigint(10n ** 13n); // up to 10M USDC
          await send(OWNER, loan, art.token.abi, "mint", [OWNER.address, assets]);
          ts = await send(OWNER, morpho, art.morpho.abi, "supply", [tuple, assets, 0n, OWNER.address, "0x"]);
          expected = pre.supply(assets, 0n, ts).market;
          what = `step ${step} supply ${assets}`;
        } else if (roll < 0.5 && liquidity > 0n) {
          // Bias towards high utilisation: borrow up to the whole liquidity.
          const assets = 1n + rnd.bigint(liquidity - 1n);
          ts = await send(BORROWER, morpho, art.morpho.abi, "borrow", [
            tuple,
            assets,
            0n,
            BORROWER.address,
            BORROWER.address,
          ]);
          expected = pre.borrow(assets, 0n, ts).market;
          what = `step ${step} borrow ${assets}`;
        } else if (roll < 0.6) {
          const { borrowShares } = await position(id, BORROWER.address);
          if (borrowShares === 0n) continue;
          const shares = rnd.next() < 0.2 ? borrowShares : 1n + rnd.bigint(borrowShares - 1n);
          await send(BORROWER, loan, art.token.abi, "mint", [BORROWER.address, 10n ** 20n]);
          ts = await send(BORROWER, morpho, art.morpho.abi, "repay", [tuple, 0n, shares, BORROWER.address, "0x"]);
          expected = pre.repay(0n, shares, ts).market;
          // Morpho floors the total borrow at 0 (zeroFloorSub); the SDK subtracts plainly.
          if (expected.totalBorrowAssets < 0n) expected.totalBorrowAssets = 0n;
          what = `step ${step} repay ${shares} shares`;
        } else if (roll < 0.7 && liquidity > 1n) {
          const { supplyShares } = await position(id, OWNER.address);
          const owned = pre.toSupplyAssets(supplyShares, "Down");
          const max = owned < liquidity ? owned : liquidity;
          if (max < 2n) continue;
          const assets = 1n + rnd.bigint(max - 2n);
          ts = await send(OWNER, morpho, art.morpho.abi, "withdraw", [tuple, assets, 0n, OWNER.address, OWNER.address]);
          expected = pre.withdraw(assets, 0n, ts).market;
          what = `step ${step} withdraw ${assets}`;
        } else {
          // Time jump (1 s .. 45 days), then accrue.
          const seconds = rnd.next() < 0.3 ? rnd.int(1, 3600) : rnd.int(3600, 45 * 86_400);
          await client.increaseTime({ seconds });
          await client.mine({ blocks: 1 });
          ts = await send(OWNER, morpho, art.morpho.abi, "accrueInterest", [tuple]);
          expected = pre.accrueInterest(ts);
          what = `step ${step} +${seconds}s accrueInterest (utilisation ${pre.utilization})`;
          accruals++;
        }
        expectMatches(await onchain(id), expected, `seed ${seed} ${what}`);
      }
      expect(accruals, "the sequence exercised time jumps").toBeGreaterThan(5);
      const end = await onchain(id);
      expect(end.rateAtTarget, "rate at target moved away from its seed").not.toBe(
        40_000_000_000_000_000n / 31_536_000n,
      );
    });
  }
});
