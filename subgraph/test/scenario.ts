/**
 * A scripted protocol history on a seeded devnet (after `runScript("deploy")` + `runScript("seed")`), driven with
 * viem through the real contracts: every event family the subgraph indexes happens at least once. Shared by the
 * integration test (indexing.test.ts) and the analyst-query tests.
 *
 * Steps (each a confirmed transaction; anvil automines one block per transaction):
 *  1. fresh rounds on every feed;
 *  2. mints (USDC and USDT) and an instant redemption;
 *  3. the redemption queue: request → (redeem delay) → processQueue → claim, and a request cancelled;
 *  4. a stake into sAID; a deal repayment with income and the yield distributed into sAID;
 *  5. an sAID epoch exit: requestRedeem → (epoch) → settleEpoch → claim;
 *  6. a deal written down (loss absorbed by the insurance fund, then the stakers) and liquidated (proceeds);
 *  7. Morpho: supplyCollateral, borrow, repay on AID/USDC;
 *  8. a price move (AID/USD 0.50) and two direct Morpho liquidations of the seeded AID borrower, the second
 *     seizing all the remaining collateral (bad debt realised); the price restored;
 *  9. a Uniswap v3 swap AID → USDC.
 */
import { blueAbi } from "@morpho-org/blue-sdk-viem";
import {
  type Address,
  type Hex,
  type PublicClient,
  type TestClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodePacked,
  http,
  keccak256,
  parseAbi,
  parseEventLogs,
  toHex,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount, sign } from "viem/accounts";
import { foundry } from "viem/chains";
import { aidAbi, dealBookAbi, pushFeedAbi, reserveAbi, stakedAidAbi, yieldDistributorAbi } from "../../sdk/src/abis/index.js";

/** anvil's public test keys (devnet only): #0 is the operator (admin and every operational role), #1 signs the feeds. */
export const OPERATOR_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
export const ORACLE_KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/** The seed's AID borrower on AID/USDC (anvil #4): 100k AID collateral, 50k USDC borrowed. */
export const SEEDED_AID_BORROWER: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";

/** Scenario actors: fixed keys (keccak of a label), funded with ETH by anvil_setBalance. */
export const ACTOR_KEYS = {
  alice: keccak256(toHex("aid-scenario/alice")),
  bob: keccak256(toHex("aid-scenario/bob")),
  carol: keccak256(toHex("aid-scenario/carol")),
  liquidator: keccak256(toHex("aid-scenario/liquidator")),
} as const;

type MarketEntry = { id: Hex; loanToken: Address; collateralToken: Address; oracle: Address; irm: Address; lltv: string };
/** The parts of deployments/<chainId>.json the scenario uses. */
export type Deployment = {
  chainId: number;
  startBlock: number;
  contracts: Record<string, Address>;
  tokens: { USDC: Address; USDT: Address; AID: Address; sAID: Address };
  feeds: Record<"USDC_USD" | "USDT_USD" | "AID_USD" | "GPU_NAV" | "SAID_AID", Address>;
  markets: Record<"SAID_USDC" | "AID_USDC" | "USDC_AID", MarketEntry>;
  pools: Record<"AID_USDC" | "SAID_AID" | "SAID_USDC", Address>;
};

export type ScenarioResult = {
  /** Chain head after the last step. */
  headBlock: bigint;
  /** Block of each step's last transaction. */
  blocks: Record<string, bigint>;
  actors: Record<keyof typeof ACTOR_KEYS, Address>;
  /** Transactions sent by the scenario. */
  transactions: number;
};

const mockStableAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function balanceOf(address) view returns (uint256)",
]);
const swapRouterAbi = parseAbi([
  "struct ExactInputParams { bytes path; address recipient; uint256 deadline; uint256 amountIn; uint256 amountOutMinimum; }",
  "function exactInput(ExactInputParams params) payable returns (uint256 amountOut)",
]);

/** Every custom error of our contracts, appended to each call's ABI so a revert is decoded by name. */
const ERRORS = [...reserveAbi, ...dealBookAbi, ...stakedAidAbi, ...pushFeedAbi, ...yieldDistributorAbi, ...aidAbi].filter(
  (item) => item.type === "error",
);

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

export function marketParams(m: MarketEntry) {
  return { loanToken: m.loanToken, collateralToken: m.collateralToken, oracle: m.oracle, irm: m.irm, lltv: BigInt(m.lltv) };
}

/** The scenario's chain access: a public client, anvil's test client and one wallet per key. */
export class Driver {
  readonly pub: PublicClient;
  readonly test: TestClient;
  transactions = 0;
  private readonly rpcUrl: string;

  constructor(rpcUrl: string) {
    this.rpcUrl = rpcUrl;
    this.pub = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
    this.test = createTestClient({ chain: foundry, mode: "anvil", transport: http(rpcUrl) });
  }

  account(key: Hex): PrivateKeyAccount {
    return privateKeyToAccount(key);
  }

  /**
   * Simulates (so a revert surfaces with its decoded error), sends and waits for the receipt of one call; returns
   * the receipt. Throws when the transaction reverted.
   */
  async send(
    key: Hex,
    call: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] },
  ) {
    const account = this.account(key);
    const wallet = createWalletClient({ account, chain: foundry, transport: http(this.rpcUrl) });
    // The call is checked against its ABI by simulateContract at run time (the scenario's calls are not typed one by
    // one: a generic wrapper over viem's per-function types would cost more than it checks here).
    const params = { ...call, abi: [...call.abi, ...ERRORS], account } as unknown as Parameters<PublicClient["simulateContract"]>[0];
    const { request } = await this.pub.simulateContract(params);
    // The estimate is made against the latest block; the transaction runs in the next one, whose timestamp may
    // differ (time-dependent paths such as fee accrual cost more in a new second): keep a 50% margin.
    const estimate = await this.pub.estimateContractGas(params as Parameters<PublicClient["estimateContractGas"]>[0]);
    const gas = (estimate * 3n) / 2n + 50_000n;
    const hash = await wallet.writeContract({ ...request, gas } as Parameters<typeof wallet.writeContract>[0]);
    const receipt = await this.pub.waitForTransactionReceipt({ hash });
    this.transactions++;
    if (receipt.status !== "success") {
      throw new Error(`${call.functionName} reverted in tx ${hash} (gas used ${receipt.gasUsed} of ${gas})`);
    }
    return receipt;
  }

  /** Advances anvil's clock by `seconds` and mines a block. */
  async warp(seconds: bigint | number) {
    await this.test.increaseTime({ seconds: Number(seconds) });
    await this.test.mine({ blocks: 1 });
  }
}

/** Transmits `answer` as the next round of `feed`, signed by the 1-of-1 oracle signer (as FeedReports.push does). */
export async function pushFeed(d: Driver, feed: Address, answer: bigint) {
  const latestRound = await d.pub.readContract({ address: feed, abi: pushFeedAbi, functionName: "latestRound" });
  // A round must be strictly newer than the last one and not from the future: mine an empty block one second later
  // and observe at its time.
  await d.warp(1);
  const block = await d.pub.getBlock();
  const report = { roundId: latestRound + 1n, answer, observedAt: block.timestamp };
  const digest = await d.pub.readContract({ address: feed, abi: pushFeedAbi, functionName: "reportDigest", args: [report] });
  const signature = await sign({ hash: digest, privateKey: ORACLE_KEY, to: "hex" });
  return d.send(ORACLE_KEY, { address: feed, abi: pushFeedAbi, functionName: "transmit", args: [report, [signature]] });
}

/** A fresh round on every feed (stables and AID at $1, GPU-NAV unchanged, sAID/AID at the vault's rate). */
export async function refreshFeeds(d: Driver, dep: Deployment, aidUsd = 100_000_000n) {
  await pushFeed(d, dep.feeds.USDC_USD, 100_000_000n);
  await pushFeed(d, dep.feeds.USDT_USD, 100_000_000n);
  await pushFeed(d, dep.feeds.AID_USD, aidUsd);
  const nav = await d.pub.readContract({ address: dep.feeds.GPU_NAV, abi: pushFeedAbi, functionName: "latestAnswer" });
  await pushFeed(d, dep.feeds.GPU_NAV, nav);
  const rate = await d.pub.readContract({
    address: dep.tokens.sAID,
    abi: stakedAidAbi,
    functionName: "convertToAssets",
    args: [E18],
  });
  await pushFeed(d, dep.feeds.SAID_AID, rate);
}

async function mintStable(d: Driver, stable: Address, to: Address, amount: bigint) {
  await d.send(OPERATOR_KEY, { address: stable, abi: mockStableAbi, functionName: "mint", args: [to, amount] });
}

async function approve(d: Driver, key: Hex, token: Address, spender: Address, amount: bigint) {
  await d.send(key, { address: token, abi: mockStableAbi, functionName: "approve", args: [spender, amount] });
}

/** Mints AID through the Reserve with `amountIn` of `stable` (minted to the user first). */
async function mintAid(d: Driver, dep: Deployment, key: Hex, stable: Address, amountIn: bigint) {
  const user = d.account(key).address;
  await mintStable(d, stable, user, amountIn);
  await approve(d, key, stable, dep.contracts.Reserve as Address, amountIn);
  await d.send(key, {
    address: dep.contracts.Reserve as Address,
    abi: reserveAbi,
    functionName: "mint",
    args: [stable, amountIn, 0n, user],
  });
}

/** Runs the whole scenario; see the file header. */
export async function runScenario(rpcUrl: string, dep: Deployment): Promise<ScenarioResult> {
  const d = new Driver(rpcUrl);
  const blocks: Record<string, bigint> = {};
  const mark = async (step: string) => {
    blocks[step] = await d.pub.getBlockNumber();
  };
  const actors = {
    alice: d.account(ACTOR_KEYS.alice).address,
    bob: d.account(ACTOR_KEYS.bob).address,
    carol: d.account(ACTOR_KEYS.carol).address,
    liquidator: d.account(ACTOR_KEYS.liquidator).address,
  };
  for (const a of Object.values(actors)) await d.test.setBalance({ address: a, value: 100n * E18 });
  const reserve = dep.contracts.Reserve as Address;
  const morpho = dep.contracts.Morpho as Address;
  const { USDC, USDT, AID, sAID } = dep.tokens;

  // 1. Feeds.
  await refreshFeeds(d, dep);
  await mark("feeds");

  // 2. Mints and an instant redemption.
  await mintAid(d, dep, ACTOR_KEYS.alice, USDC, 20_000n * E6);
  await mintAid(d, dep, ACTOR_KEYS.bob, USDT, 8_000n * E6);
  await mintAid(d, dep, ACTOR_KEYS.carol, USDC, 15_000n * E6);
  // The redemption fee is pulled from the redeemer with transferFrom.
  await approve(d, ACTOR_KEYS.alice, AID, reserve, 1_000n * E18);
  await d.send(ACTOR_KEYS.alice, {
    address: reserve,
    abi: reserveAbi,
    functionName: "redeem",
    args: [USDC, 1_000n * E18, 0n, actors.alice],
  });
  await mark("mints");

  // 3. Redemption queue: request, wait the delay, process, claim; one request cancelled.
  await approve(d, ACTOR_KEYS.bob, AID, reserve, 3_000n * E18);
  const requested = await d.send(ACTOR_KEYS.bob, {
    address: reserve,
    abi: reserveAbi,
    functionName: "requestRedeem",
    args: [USDC, 2_000n * E18, actors.bob],
  });
  const [req] = parseEventLogs({ abi: reserveAbi, eventName: "RedeemRequested", logs: requested.logs });
  if (!req) throw new Error("requestRedeem emitted no RedeemRequested");
  const cancelled = await d.send(ACTOR_KEYS.bob, {
    address: reserve,
    abi: reserveAbi,
    functionName: "requestRedeem",
    args: [USDT, 500n * E18, actors.bob],
  });
  const [req2] = parseEventLogs({ abi: reserveAbi, eventName: "RedeemRequested", logs: cancelled.logs });
  if (!req2) throw new Error("requestRedeem emitted no RedeemRequested");
  await d.send(ACTOR_KEYS.bob, { address: reserve, abi: reserveAbi, functionName: "cancel", args: [req2.args.requestId] });
  const delay = await d.pub.readContract({ address: reserve, abi: reserveAbi, functionName: "redeemDelay" });
  await d.warp(BigInt(delay) + 1n);
  await d.send(OPERATOR_KEY, { address: reserve, abi: reserveAbi, functionName: "processQueue", args: [10n] });
  await d.send(ACTOR_KEYS.bob, { address: reserve, abi: reserveAbi, functionName: "claim", args: [req.args.requestId] });
  await mark("queue");

  // 4. Stake; a repayment with income on the funded GPU deal (id 1) and the yield distributed into sAID.
  await refreshFeeds(d, dep);
  await approve(d, ACTOR_KEYS.alice, AID, sAID, 10_000n * E18);
  await d.send(ACTOR_KEYS.alice, {
    address: sAID,
    abi: stakedAidAbi,
    functionName: "deposit",
    args: [10_000n * E18, actors.alice],
  });
  const operator = d.account(OPERATOR_KEY).address;
  await mintStable(d, USDC, operator, 26_000n * E6);
  await approve(d, OPERATOR_KEY, USDC, reserve, 26_000n * E6);
  await d.send(OPERATOR_KEY, {
    address: reserve,
    abi: reserveAbi,
    functionName: "recordRepayment",
    args: [1n, USDC, 20_000n * E6, 6_000n * E6],
  });
  await d.send(OPERATOR_KEY, {
    address: dep.contracts.YieldDistributor as Address,
    abi: yieldDistributorAbi,
    functionName: "distribute",
  });
  await mark("yield");

  // 5. sAID epoch exit: request, wait for the epoch to end, settle, claim.
  await d.send(ACTOR_KEYS.alice, {
    address: sAID,
    abi: stakedAidAbi,
    functionName: "requestRedeem",
    args: [3_000n * E18, actors.alice, actors.alice],
  });
  const [, endsAt] = await d.pub.readContract({ address: sAID, abi: stakedAidAbi, functionName: "openEpoch" });
  const now = (await d.pub.getBlock()).timestamp;
  if (endsAt > now) await d.warp(endsAt - now + 1n);
  await d.send(OPERATOR_KEY, { address: sAID, abi: stakedAidAbi, functionName: "settleEpoch" });
  await d.send(ACTOR_KEYS.alice, {
    address: sAID,
    abi: stakedAidAbi,
    functionName: "claim",
    args: [actors.alice, actors.alice],
  });
  await mark("epoch");

  // 6. The robotics deal (id 2) written down to 40k (loss: insurance fund first, then stakers), then liquidated.
  await refreshFeeds(d, dep);
  await d.send(OPERATOR_KEY, { address: reserve, abi: reserveAbi, functionName: "writeDownDeal", args: [2n, 40_000n * E18] });
  await mintStable(d, USDC, operator, 35_000n * E6);
  await approve(d, OPERATOR_KEY, USDC, reserve, 35_000n * E6);
  await d.send(OPERATOR_KEY, {
    address: reserve,
    abi: reserveAbi,
    functionName: "recordLiquidation",
    args: [2n, USDC, 35_000n * E6],
  });
  await mark("dealLoss");

  // 7. Morpho on AID/USDC: carol posts 10k AID, borrows 5k USDC, repays 1k.
  const aidUsdc = marketParams(dep.markets.AID_USDC);
  await approve(d, ACTOR_KEYS.carol, AID, morpho, 10_000n * E18);
  await d.send(ACTOR_KEYS.carol, {
    address: morpho,
    abi: blueAbi,
    functionName: "supplyCollateral",
    args: [aidUsdc, 10_000n * E18, actors.carol, "0x"],
  });
  await d.send(ACTOR_KEYS.carol, {
    address: morpho,
    abi: blueAbi,
    functionName: "borrow",
    args: [aidUsdc, 5_000n * E6, 0n, actors.carol, actors.carol],
  });
  await approve(d, ACTOR_KEYS.carol, USDC, morpho, 1_000n * E6);
  await d.send(ACTOR_KEYS.carol, {
    address: morpho,
    abi: blueAbi,
    functionName: "repay",
    args: [aidUsdc, 1_000n * E6, 0n, actors.carol, "0x"],
  });
  await mark("morpho");

  // 8. AID/USD drops to 0.50 (the feed's floor): the seeded borrower (100k AID, 50k USDC) is liquidatable (LLTV 91.5%). A partial
  //    liquidation, then one that seizes all the remaining collateral and leaves bad debt. Price restored.
  await pushFeed(d, dep.feeds.AID_USD, 50_000_000n);
  await mintStable(d, USDC, actors.liquidator, 200_000n * E6);
  await approve(d, ACTOR_KEYS.liquidator, USDC, morpho, 200_000n * E6);
  await d.send(ACTOR_KEYS.liquidator, {
    address: morpho,
    abi: blueAbi,
    functionName: "liquidate",
    args: [aidUsdc, SEEDED_AID_BORROWER, 20_000n * E18, 0n, "0x"],
  });
  const [, , collateral] = await d.pub.readContract({
    address: morpho,
    abi: blueAbi,
    functionName: "position",
    args: [dep.markets.AID_USDC.id, SEEDED_AID_BORROWER],
  });
  await d.send(ACTOR_KEYS.liquidator, {
    address: morpho,
    abi: blueAbi,
    functionName: "liquidate",
    args: [aidUsdc, SEEDED_AID_BORROWER, collateral, 0n, "0x"],
  });
  await refreshFeeds(d, dep);
  await mark("liquidation");

  // 9. A swap AID → USDC through the Uniswap v3 router on the AID/USDC pool (fee 0.01%).
  const router = dep.contracts.SwapRouter as Address;
  await approve(d, ACTOR_KEYS.carol, AID, router, 1_000n * E18);
  const deadline = (await d.pub.getBlock()).timestamp + 3_600n;
  await d.send(ACTOR_KEYS.carol, {
    address: router,
    abi: swapRouterAbi,
    functionName: "exactInput",
    args: [
      {
        path: encodePacked(["address", "uint24", "address"], [AID, 100, USDC]),
        recipient: actors.carol,
        deadline,
        amountIn: 1_000n * E18,
        amountOutMinimum: 0n,
      },
    ],
  });
  await mark("swap");

  return { headBlock: await d.pub.getBlockNumber(), blocks, actors, transactions: d.transactions };
}

/** ERC-20 balance reads used by the tests. */
export const erc20Abi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
]);
export { aidAbi, dealBookAbi, reserveAbi, stakedAidAbi };
