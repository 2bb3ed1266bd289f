/**
 * Morpho Blue in the SDK, against a fresh anvil with the real deploy + seed scripts (real Morpho Blue, our
 * adaptive-curve IRM and oracle adapters):
 * - every read equals the on-chain value (Morpho.market/position/idToMarketParams, oracle.price(), IRM rateAtTarget)
 *   and blue-sdk-viem's own fetcher, in exactly one eth_call per view;
 * - accrual: blue-sdk's prediction at T equals Morpho's state after accrueInterest mined at T, to the wei (with a
 *   market fee, for hours and for a year);
 * - limits one wei either side against Morpho itself: borrow(max) passes and borrow(max + 1) reverts, the same for
 *   withdrawCollateral, and liquidate reverts "position is healthy" at the liquidation price and passes one wei below
 *   (oracle price pinned with a state override);
 * - every write's simulation result equals its receipt's event and its effect (the transaction is mined at the same
 *   timestamp as the simulation, so accrual is identical), approvals/authorizations come from getMorphoSteps.
 */
import { AccrualPosition, Market, MathLib } from "@morpho-org/blue-sdk";
import { fetchMarket } from "@morpho-org/blue-sdk-viem";
import {
  type Address,
  type Hex,
  type PublicClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  http,
  maxUint256,
  parseAbi,
  parseEventLogs,
  parseUnits,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { adaptiveCurveIrmAbi } from "../src/abis/adaptiveCurveIrm.js";
import { morphoAbi } from "../src/abis/morpho.js";
import { morphoOracleAdapterAbi } from "../src/abis/morphoOracleAdapter.js";
import { pushFeedAbi } from "../src/abis/pushFeed.js";
import { reserveAbi } from "../src/abis/reserve.js";
import { getAccountOverview } from "../src/actions/getAccountOverview.js";
import { createAidClient } from "../src/clients/createAidClient.js";
import { type Deployment, type DeploymentMarketName, deploymentMarketNames, parseDeployment } from "../src/deployment.js";
import { AidContractError } from "../src/errors/contract.js";
import { InvalidAmountError } from "../src/errors/validation.js";
import { borrow } from "../src/morpho/borrow.js";
import { accrueMarketState } from "../src/morpho/core.js";
import { MorphoRevertedError } from "../src/morpho/errors.js";
import { getMarkets } from "../src/morpho/getMarkets.js";
import { type MorphoStep, getMorphoSteps } from "../src/morpho/getMorphoSteps.js";
import { getPositions } from "../src/morpho/getPositions.js";
import { paramsTuple, resolveMarket } from "../src/morpho/markets.js";
import { registerAidMorpho } from "../src/morpho/registry.js";
import { repay } from "../src/morpho/repay.js";
import { setMorphoAuthorization } from "../src/morpho/setMorphoAuthorization.js";
import { supplyCollateral } from "../src/morpho/supplyCollateral.js";
import { withdrawCollateral } from "../src/morpho/withdrawCollateral.js";
import { type CountingClient, type Devnet, countingClient, expectMined, startDevnet } from "./devnet.js";

// anvil's public test accounts (see script/lib/AidSeeder.sol): #0 operator (Morpho owner), #3 staker (sAID/USDC
// borrower), #4 AID/USDC borrower, #6 USDC/AID borrower; #9 and #7 are fresh users for the writes.
const OPERATOR: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const STAKER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const AID_BORROWER: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const USDC_BORROWER: Address = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const USER: Address = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const OTHER: Address = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const BORROWERS: Record<DeploymentMarketName, Address> = {
  SAID_USDC: STAKER,
  AID_USDC: AID_BORROWER,
  USDC_AID: USDC_BORROWER,
};
const mockMintAbi = parseAbi(["function mint(address to, uint256 amount)"]);
/** anvil account #1, the devnet's push-feed signer (public test key). */
const ORACLE_SIGNER_KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

let devnet: Devnet;
let deployment: Deployment;
let chain: PublicClient;
let counted: PublicClient;
let count: CountingClient["count"];
const wallet = (account: Address) => createWalletClient({ account, transport: http(devnet.rpcUrl) });
const testClient = () => createTestClient({ mode: "anvil", transport: http(devnet.rpcUrl) });

beforeAll(async () => {
  devnet = await startDevnet();
  deployment = parseDeployment(devnet.json);
  chain = createPublicClient({ transport: http(devnet.rpcUrl) });
  ({ client: counted, count } = countingClient(devnet.rpcUrl));
  // The liquidator of the boundary tests (OPERATOR) holds USDC and AID, approved to Morpho.
  await fundAid(OPERATOR, parseUnits("200000", 6));
  const op = wallet(OPERATOR);
  await mined(await op.writeContract({ address: deployment.tokens.USDC, abi: mockMintAbi, functionName: "mint", args: [OPERATOR, parseUnits("1000000", 6)], chain: null }));
  for (const token of [deployment.tokens.USDC, deployment.tokens.AID])
    await mined(await op.writeContract({ address: token, abi: erc20Abi, functionName: "approve", args: [deployment.contracts.Morpho, maxUint256], chain: null }));
});

afterAll(async () => {
  await devnet?.stop();
});

const mined = (hash: Hex | undefined) => expectMined(chain, hash);

/** The next block gets the latest block's timestamp: a write mines at the time its simulation ran. */
async function pinNextBlock() {
  const { timestamp } = await chain.getBlock();
  await testClient().setNextBlockTimestamp({ timestamp });
}

/** Mints `usdc` USDC to `to` and turns it into AID through the Reserve. */
async function fundAid(to: Address, usdc: bigint) {
  const w = wallet(to);
  await mined(await w.writeContract({ address: deployment.tokens.USDC, abi: mockMintAbi, functionName: "mint", args: [to, usdc], chain: null }));
  await mined(await w.writeContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "approve", args: [deployment.contracts.Reserve, usdc], chain: null }));
  await mined(await w.writeContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "mint", args: [deployment.tokens.USDC, usdc, 0n, to], chain: null }));
}

const morphoRead = <const fn extends "market" | "position" | "idToMarketParams" | "isAuthorized">(
  functionName: fn,
  args: readonly unknown[],
  blockNumber?: bigint,
) =>
  chain.readContract({
    address: deployment.contracts.Morpho,
    abi: morphoAbi,
    functionName,
    args,
    ...(blockNumber === undefined ? {} : { blockNumber }),
  } as never) as Promise<readonly bigint[] & readonly unknown[]>;

/** Sends a step of getMorphoSteps from the account it names. */
async function sendStep(step: MorphoStep | undefined) {
  expect(step, "a step").toBeDefined();
  const { call, from } = step as MorphoStep;
  return mined(await wallet(from).writeContract({ ...call, chain: null } as never));
}

/** The runtime code of a stub oracle whose `price()` (any call) returns `price`. */
const stubOracle = (price: bigint): Hex => `0x7f${toHex(price, { size: 32 }).slice(2)}60005260206000f3`;

async function liquidateAt(market: DeploymentMarketName, borrower: Address, price: bigint) {
  const { params } = resolveMarket(deployment, market);
  return chain
    .simulateContract({
      account: OPERATOR,
      address: deployment.contracts.Morpho,
      abi: morphoAbi,
      functionName: "liquidate",
      args: [paramsTuple(params), borrower, 1n, 0n, "0x"],
      stateOverride: [{ address: params.oracle, code: stubOracle(price) }],
    })
    .then(
      () => "liquidated",
      (error: unknown) => (error as { walk: (f: (e: unknown) => boolean) => { reason?: string } | null }).walk((e) => typeof (e as { reason?: unknown }).reason === "string")?.reason ?? String(error),
    );
}

describe("registry", () => {
  test("registerAidMorpho registers Morpho and our IRM on 31337 once; blue-sdk-viem's fetchMarket then agrees with getMarkets", async () => {
    expect(registerAidMorpho({ deployment }), "first call registers").toEqual({ chainId: 31337, morpho: "registered", adaptiveCurveIrm: "registered" });
    expect(registerAidMorpho({ deployment }), "idempotent").toEqual({ chainId: 31337, morpho: "already-registered", adaptiveCurveIrm: "already-registered" });
    const { markets, blockNumber } = await getMarkets(chain, { deployment });
    for (const entry of markets) {
      const theirs = await fetchMarket(entry.id, chain, { blockNumber, deployless: false });
      expect(theirs.rateAtTarget, `${entry.name}: blue-sdk-viem reads rateAtTarget from our IRM (registered as adaptive curve)`).toBe(entry.stored.rateAtTarget);
      for (const key of ["totalSupplyAssets", "totalSupplyShares", "totalBorrowAssets", "totalBorrowShares", "lastUpdate", "fee", "price"] as const)
        expect(theirs[key], `${entry.name}.${key} equals blue-sdk-viem's fetchMarket`).toBe(entry.stored[key]);
      expect(theirs.params.id).toBe(entry.id);
    }
  });
});

describe("views", () => {
  test("getMarkets: one eth_call; params, state, price and rateAtTarget equal the on-chain reads; accrued to the block", async () => {
    const { value, methods: sent, http: requests } = await count(() => getMarkets(counted, { deployment }));
    expect(sent, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    expect(requests, "exactly one HTTP round trip").toBe(1);
    const { blockNumber, timestamp, accruedTo, markets } = value;
    expect(timestamp, "the block's timestamp").toBe((await chain.getBlock({ blockNumber })).timestamp);
    expect(accruedTo, "accrued to the block's timestamp by default").toBe(timestamp);
    expect(markets.map((m) => m.name), "every market, in deployment order").toEqual([...deploymentMarketNames]);
    for (const entry of markets) {
      const { id, stored, market } = entry;
      expect(id, `${entry.name}: the deployment's id`).toBe(deployment.markets[entry.name].id);
      const [loanToken, collateralToken, oracle, irm, lltv] = (await morphoRead("idToMarketParams", [id], blockNumber)) as unknown as [Address, Address, Address, Address, bigint];
      expect(paramsTuple(stored.params), `${entry.name}: params equal Morpho.idToMarketParams`).toEqual({ loanToken, collateralToken, oracle, irm, lltv });
      const [tsa, tss, tba, tbs, lastUpdate, fee] = await morphoRead("market", [id], blockNumber);
      expect(
        [stored.totalSupplyAssets, stored.totalSupplyShares, stored.totalBorrowAssets, stored.totalBorrowShares, stored.lastUpdate, stored.fee],
        `${entry.name}: the stored state equals Morpho.market`,
      ).toEqual([tsa, tss, tba, tbs, lastUpdate, fee]);
      expect(tba, `${entry.name} has borrows (seeded)`).toBeGreaterThan(0n);
      expect(stored.price, `${entry.name}: price equals oracle.price()`).toBe(
        await chain.readContract({ address: oracle, abi: morphoOracleAdapterAbi, functionName: "price", blockNumber }),
      );
      expect(stored.rateAtTarget, `${entry.name}: rateAtTarget equals the IRM's`).toBe(
        await chain.readContract({ address: irm, abi: adaptiveCurveIrmAbi, functionName: "rateAtTarget", args: [id], blockNumber }),
      );
      expect(entry.priceError, "the oracle answered").toBeUndefined();
      expect(market.lastUpdate, "accrued to the block").toBe(timestamp);
      expect(market.totalBorrowAssets, "accrual only adds interest").toBeGreaterThanOrEqual(stored.totalBorrowAssets);
      expect(market.totalBorrowAssets - stored.totalBorrowAssets, "supply and borrow grow by the same interest").toBe(market.totalSupplyAssets - stored.totalSupplyAssets);
      expect(entry.borrowRate, "a positive borrow rate").toBeGreaterThan(0n);
      expect(entry.borrowRate, "borrow rate = the accrued market's end rate").toBe(market.getEndBorrowRate(accruedTo));
      expect(entry.supplyRate, "supply rate below borrow rate").toBeLessThan(entry.borrowRate);
    }
    const early = await getMarkets(chain, { deployment, timestamp: 1n }).catch((e: unknown) => e);
    expect(early, "a timestamp before the last update").toBeInstanceOf(InvalidAmountError);
    expect((early as InvalidAmountError).parameter).toBe("timestamp");
    const only = await getMarkets(chain, { deployment, markets: [deployment.markets.USDC_AID.id.toUpperCase().replace("0X", "0x") as Hex, "SAID_USDC"], blockNumber });
    expect(only.markets.map((m) => m.name), "markets by id (any case) or name, in the order asked").toEqual(["USDC_AID", "SAID_USDC"]);
  });

  test("getPositions: one eth_call; positions, allowances and summaries equal Morpho's values", async () => {
    for (const [name, borrower] of Object.entries(BORROWERS) as [DeploymentMarketName, Address][]) {
      const { value, methods: sent, http: requests } = await count(() => getPositions(counted, { deployment, user: borrower }));
      expect(sent, "exactly one JSON-RPC request").toEqual(["eth_call"]);
      expect(requests, "exactly one HTTP round trip").toBe(1);
      const { blockNumber, positions } = value;
      for (const entry of positions) {
        const [supplyShares, borrowShares, collateral] = await morphoRead("position", [entry.id, borrower], blockNumber);
        expect([entry.position.supplyShares, entry.position.borrowShares, entry.position.collateral], `${entry.name}: Morpho.position`).toEqual([supplyShares, borrowShares, collateral]);
        const { params } = entry.position.market;
        const allowance = (token: Address) => chain.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [borrower, deployment.contracts.Morpho], blockNumber });
        expect(entry.allowances, `${entry.name}: allowances to Morpho`).toEqual({ loanToken: await allowance(params.loanToken), collateralToken: await allowance(params.collateralToken) });
        const m = entry.position.market;
        const s = entry.summary;
        const p = entry.position;
        expect(
          [s.healthFactor, s.ltv, s.maxBorrowAssets, s.collateralValue, s.isHealthy, s.seizableCollateral, s.supplyAssets, s.borrowAssets],
          `${entry.name}: the summary equals blue-sdk's getters where they follow Morpho`,
        ).toEqual([p.healthFactor, p.ltv, p.maxBorrowAssets, p.collateralValue, p.isHealthy, p.seizableCollateral, p.supplyAssets, p.borrowAssets]);
        expect(s.borrowAssets, "debt = shares in assets, rounded up, on the accrued market").toBe(MathLib.mulDivUp(borrowShares as bigint, m.totalBorrowAssets + 1n, m.totalBorrowShares + 1_000_000n));
        expect(s.collateralValue, "collateral × price / 1e36").toBe(MathLib.mulDivDown(collateral as bigint, m.price as bigint, 10n ** 36n));
        expect(s.maxBorrowAssets, "collateral value × LLTV").toBe(MathLib.wMulDown(s.collateralValue as bigint, m.params.lltv));
        if (entry.name === name) {
          expect(s.borrowAssets, `${name}: the seeded borrower has debt`).toBeGreaterThan(0n);
          expect(s.isHealthy, "healthy").toBe(true);
          expect(s.healthFactor, "HF = maxBorrow / debt (WAD)").toBe(MathLib.wDivDown(s.maxBorrowAssets as bigint, s.borrowAssets));
          expect(s.healthFactor, "HF > 1").toBeGreaterThan(MathLib.WAD);
          expect(s.ltv, "LTV = debt / collateral value (WAD, up)").toBe(MathLib.wDivUp(s.borrowAssets, s.collateralValue as bigint));
          expect(s.seizableCollateral, "nothing seizable while healthy").toBe(0n);
          expect(s.liquidationPrice, "liquidation price below the price").toBeLessThan(m.price as bigint);
        } else {
          expect(s.borrowAssets, "no debt elsewhere").toBe(0n);
          expect(s.liquidationPrice, "no liquidation price without debt").toBeNull();
          expect(s.healthFactor, "HF = max without debt").toBe(maxUint256);
        }
      }
    }
  });

  test("getAccountOverview includes the Morpho positions, still in one eth_call", async () => {
    const { value, methods: sent } = await count(() => getAccountOverview(counted, { deployment, account: STAKER }));
    expect(sent, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    const positions = await getPositions(chain, { deployment, user: STAKER, blockNumber: value.blockNumber });
    expect(value.morpho.map((p) => p.name)).toEqual([...deploymentMarketNames]);
    for (const [i, entry] of value.morpho.entries()) {
      const theirs = positions.positions[i];
      // The overview accrues with the SDK's own port of Morpho + our IRM; getPositions with blue-sdk: they must agree.
      expect(entry.summary, `${entry.name}: same summary as getPositions at the same block`).toEqual(theirs?.summary);
      expect(entry.allowances, `${entry.name}: same allowances`).toEqual(theirs?.allowances);
      expect(entry.id).toBe(theirs?.id);
      expect(entry.priceError).toBeUndefined();
    }
    expect(value.morpho[0]?.summary.borrowAssets, "the staker's sAID/USDC debt").toBeGreaterThan(0n);
    const one = await getAccountOverview(chain, { deployment, account: STAKER, morphoMarkets: ["AID_USDC"] });
    expect(one.morpho.map((p) => p.name), "morphoMarkets narrows the markets").toEqual(["AID_USDC"]);
  });
});

describe("limits agree with Morpho one wei either side", () => {
  test.each([...deploymentMarketNames])("%s: borrow(max) passes, max + 1 reverts; withdrawCollateral likewise; liquidation at the liquidation price", async (name) => {
    const borrower = BORROWERS[name];
    const { positions, blockNumber } = await getPositions(chain, { deployment, user: borrower, markets: [name] });
    expect(await chain.getBlockNumber({ cacheTime: 0 }), "simulations run on the block read").toBe(blockNumber);
    const [{ summary, position }] = positions as [NonNullable<(typeof positions)[0]>];
    const max = summary.maxBorrowable as bigint;
    expect(max, "something is borrowable").toBeGreaterThan(0n);
    const liquidity = position.market.liquidity;
    const ok = await borrow(chain, { deployment, market: name, assets: max, account: borrower, dryRun: true });
    expect(ok.result.assets, "borrow(max) passes and borrows max").toBe(max);
    const over = await borrow(chain, { deployment, market: name, assets: max + 1n, account: borrower, dryRun: true }).catch((e: unknown) => e);
    expect(over, "borrow(max + 1) reverts").toBeInstanceOf(MorphoRevertedError);
    expect((over as MorphoRevertedError).reason).toBe(max === liquidity ? "insufficient liquidity" : "insufficient collateral");

    const withdrawable = summary.withdrawableCollateral as bigint;
    expect(withdrawable, "some collateral is free").toBeGreaterThan(0n);
    expect(withdrawable, "not all of it").toBeLessThan(summary.collateral);
    await withdrawCollateral(chain, { deployment, market: name, assets: withdrawable, account: borrower, dryRun: true });
    const tooMuch = await withdrawCollateral(chain, { deployment, market: name, assets: withdrawable + 1n, account: borrower, dryRun: true }).catch((e: unknown) => e);
    expect((tooMuch as MorphoRevertedError).reason, "withdrawCollateral(max + 1) reverts").toBe("insufficient collateral");

    const p = summary.liquidationPrice as bigint;
    expect(await liquidateAt(name, borrower, p), "healthy at the liquidation price").toBe("position is healthy");
    expect(await liquidateAt(name, borrower, p - 1n), "liquidatable one wei below").toBe("liquidated");
    // blue-sdk's health getters flip at the same price.
    const at = (price: bigint) => new AccrualPosition(position, new Market({ ...position.market, price }));
    expect(at(p).isHealthy).toBe(true);
    expect(at(p).healthFactor as bigint, "HF ≥ 1 at the liquidation price").toBeGreaterThanOrEqual(MathLib.WAD);
    expect(at(p - 1n).isHealthy).toBe(false);
    expect(at(p - 1n).healthFactor as bigint, "HF < 1 one wei below").toBeLessThan(MathLib.WAD);
    expect(at(p - 1n).seizableCollateral as bigint, "seizable once liquidatable").toBeGreaterThan(0n);
  });
});

describe("writes (simulation = receipt = effect)", () => {
  const market = "AID_USDC" as const;
  const collateralIn = parseUnits("10000", 18);

  test("supplyCollateral with its approval step", async () => {
    await fundAid(USER, parseUnits("20000", 6));
    const { steps } = await getMorphoSteps(chain, { deployment, action: "supplyCollateral", market, account: USER, assets: collateralIn });
    expect(steps.map((s) => s.type), "approve, then the action").toEqual(["approve", "supplyCollateral"]);
    const [approve] = steps;
    expect(approve).toMatchObject({ from: USER, token: deployment.tokens.AID, spender: deployment.contracts.Morpho, amount: collateralIn, allowance: 0n });
    const user = wallet(USER);
    await sendStep(approve);
    const again = await getMorphoSteps(chain, { deployment, action: "supplyCollateral", market, account: USER, assets: collateralIn });
    expect(again.steps.map((s) => s.type), "allowance sufficient: only the action").toEqual(["supplyCollateral"]);

    await pinNextBlock();
    const { hash, result, request } = await supplyCollateral(user, { deployment, market, assets: collateralIn });
    expect(result, "Morpho returns nothing").toBeUndefined();
    expect((request as { functionName: string }).functionName).toBe("supplyCollateral");
    const receipt = await mined(hash);
    const [event] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "SupplyCollateral" });
    expect(event?.args, "SupplyCollateral event").toMatchObject({ caller: USER, onBehalf: USER, assets: collateralIn });
    const [, , collateral] = await morphoRead("position", [deployment.markets[market].id, USER]);
    expect(collateral, "collateral posted").toBe(collateralIn);
  });

  test("borrow by assets: simulated (assets, shares) = Borrow event = position and balance change", async () => {
    const assets = parseUnits("3000", 6);
    const before = await chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    await pinNextBlock();
    const { hash, result } = await borrow(wallet(USER), { deployment, market, assets });
    const receipt = await mined(hash);
    const [event] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "Borrow" });
    expect(result.assets).toBe(assets);
    expect({ assets: event?.args.assets, shares: event?.args.shares }, "Borrow event = simulation").toEqual(result);
    const [, borrowShares] = await morphoRead("position", [deployment.markets[market].id, USER]);
    expect(borrowShares, "the position's shares = simulated shares").toBe(result.shares);
    const after = await chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    expect(after - before, "USDC received").toBe(assets);
  });

  test("withdrawCollateral to the exact limit, mined; then borrow(max) mined leaves the position healthy at the edge", async () => {
    const user = wallet(USER);
    const { positions } = await getPositions(chain, { deployment, user: USER, markets: [market] });
    const withdrawable = positions[0]?.summary.withdrawableCollateral as bigint;
    await pinNextBlock();
    const w = await withdrawCollateral(user, { deployment, market, assets: withdrawable, receiver: OTHER });
    const receipt = await mined(w.hash);
    const [event] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "WithdrawCollateral" });
    expect(event?.args, "WithdrawCollateral event").toMatchObject({ onBehalf: USER, receiver: OTHER, assets: withdrawable });
    const edge = await getPositions(chain, { deployment, user: USER, markets: [market] });
    expect(edge.positions[0]?.summary.withdrawableCollateral, "nothing more to withdraw").toBe(0n);
    expect(edge.positions[0]?.summary.isHealthy, "still healthy").toBe(true);

    // Post more collateral, then borrow exactly the max in a block at the simulated time.
    await mined(await user.writeContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "approve", args: [deployment.contracts.Morpho, collateralIn], chain: null }));
    await mined((await supplyCollateral(user, { deployment, market, assets: parseUnits("1000", 18) })).hash);
    const { positions: now } = await getPositions(chain, { deployment, user: USER, markets: [market] });
    const max = now[0]?.summary.maxBorrowable as bigint;
    await pinNextBlock();
    const b = await borrow(user, { deployment, market, assets: max });
    await mined(b.hash);
    const after = await getPositions(chain, { deployment, user: USER, markets: [market] });
    const s = after.positions[0]?.summary;
    expect(s?.isHealthy, "healthy after borrowing the max").toBe(true);
    expect(s?.maxBorrowable, "nothing more borrowable at that time").toBe(0n);
  });

  test("onBehalf: borrow needs the owner's authorization (step listed, Morpho reverts 'unauthorized' without it)", async () => {
    const other = wallet(OTHER);
    const assets = 1_000n;
    // Give USER room: post collateral.
    await mined((await supplyCollateral(wallet(USER), { deployment, market, assets: parseUnits("100", 18) })).hash);
    const { steps } = await getMorphoSteps(chain, { deployment, action: "borrow", market, account: OTHER, onBehalf: USER, assets });
    expect(steps.map((s) => [s.type, s.from]), "the owner authorizes, then OTHER borrows").toEqual([["setAuthorization", USER], ["borrow", OTHER]]);
    const denied = await borrow(other, { deployment, market, assets, onBehalf: USER }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(MorphoRevertedError);
    expect((denied as MorphoRevertedError).reason).toBe("unauthorized");

    await pinNextBlock();
    const auth = await setMorphoAuthorization(wallet(USER), { deployment, authorized: OTHER, isAuthorized: true });
    const receipt = await mined(auth.hash);
    expect(parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "SetAuthorization" })[0]?.args).toMatchObject({ authorizer: USER, authorized: OTHER, newIsAuthorized: true });
    expect(await morphoRead("isAuthorized", [USER, OTHER]), "authorized on chain").toBe(true);
    const after = await getMorphoSteps(chain, { deployment, action: "borrow", market, account: OTHER, onBehalf: USER, assets });
    expect(after.steps.map((s) => s.type), "no authorization step any more").toEqual(["borrow"]);
    const usdcBefore = await chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [OTHER] });
    await pinNextBlock();
    const b = await borrow(other, { deployment, market, assets, onBehalf: USER });
    const r = await mined(b.hash);
    expect(parseEventLogs({ abi: morphoAbi, logs: r.logs, eventName: "Borrow" })[0]?.args).toMatchObject({ caller: OTHER, onBehalf: USER, receiver: OTHER, assets, shares: b.result.shares });
    const usdcAfter = await chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [OTHER] });
    expect(usdcAfter - usdcBefore, "the receiver (default: the sender) got the assets").toBe(assets);
  });

  test("repay by assets, then repay all by shares (approval from getMorphoSteps covers the accrued debt); withdraw everything", async () => {
    const user = wallet(USER);
    const id = deployment.markets[market].id;
    await mined(await user.writeContract({ address: deployment.tokens.USDC, abi: mockMintAbi, functionName: "mint", args: [USER, parseUnits("100000", 6)], chain: null }));
    const part = parseUnits("1000", 6);
    const steps = await getMorphoSteps(chain, { deployment, action: "repay", market, account: USER, assets: part });
    expect(steps.steps.map((s) => s.type)).toEqual(["approve", "repay"]);
    await sendStep(steps.steps[0]);
    const [, sharesBefore] = await morphoRead("position", [id, USER]);
    await pinNextBlock();
    const r1 = await repay(user, { deployment, market, assets: part });
    const receipt = await mined(r1.hash);
    const [event] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "Repay" });
    expect({ assets: event?.args.assets, shares: event?.args.shares }, "Repay event = simulation").toEqual(r1.result);
    const [, sharesAfter] = await morphoRead("position", [id, USER]);
    expect((sharesBefore as bigint) - (sharesAfter as bigint), "shares burned = simulated").toBe(r1.result.shares);

    const all = await getMorphoSteps(chain, { deployment, action: "repay", market, account: USER, shares: "all" });
    const approve = all.steps[0];
    expect(approve?.type, "approval for the whole debt plus an hour of interest").toBe("approve");
    const { positions } = await getPositions(chain, { deployment, user: USER, markets: [market] });
    expect((approve as { amount: bigint }).amount, "covers the debt now").toBeGreaterThanOrEqual(positions[0]?.summary.borrowAssets as bigint);
    await sendStep(approve);
    await pinNextBlock();
    const r2 = await repay(user, { deployment, market, shares: "all" });
    await mined(r2.hash);
    expect(r2.result.shares, "all the shares").toBe(sharesAfter);
    const [, left, collateral] = await morphoRead("position", [id, USER]);
    expect(left, "no debt left").toBe(0n);
    const none = await repay(user, { deployment, market, shares: "all" }).catch((e: unknown) => e);
    expect((none as { parameter?: string }).parameter, "nothing to repay: typed error before the simulation").toBe("shares");

    const free = await getPositions(chain, { deployment, user: USER, markets: [market] });
    expect(free.positions[0]?.summary.withdrawableCollateral, "without debt all collateral is withdrawable").toBe(collateral);
    await pinNextBlock();
    await mined((await withdrawCollateral(user, { deployment, market, assets: collateral as bigint })).hash);
    const [, , rest] = await morphoRead("position", [id, USER]);
    expect(rest, "collateral withdrawn").toBe(0n);
  });

  test("createAidClient binds the Morpho actions; a dry run sends nothing", async () => {
    const aid = createAidClient({ client: wallet(USER), deployment });
    const { markets } = await aid.getMarkets({ markets: ["SAID_USDC"] });
    expect(markets[0]?.name).toBe("SAID_USDC");
    const nonce = await chain.getTransactionCount({ address: USER });
    const dry = await aid.supplyCollateral({ market: "AID_USDC", assets: 1n, dryRun: true });
    expect(dry.hash, "dry run: no hash").toBeUndefined();
    expect(await chain.getTransactionCount({ address: USER }), "dry run: nonce unchanged").toBe(nonce);
  });
});

describe("liquidation through the real oracle", () => {
  test("AID/USD pushed below the AID/USDC borrower's liquidation price: liquidatable; Morpho accepts seizing seizableCollateral; a liquidation mined = simulation = blue-sdk's repaid shares", async () => {
    const name = "AID_USDC" as const;
    const before = await getPositions(chain, { deployment, user: AID_BORROWER, markets: [name] });
    const s0 = before.positions[0]?.summary as NonNullable<(typeof before.positions)[0]>["summary"];
    expect(s0.isHealthy, "healthy before").toBe(true);
    // A signed AID/USD round at 0.54 USD (the borrower's liquidation price is ≈ 0.546), observed a minute later.
    const aidUsd = deployment.feeds.AID_USD;
    const { timestamp } = await chain.getBlock();
    const observedAt = timestamp + 60n;
    const latestRound = await chain.readContract({ address: aidUsd, abi: pushFeedAbi, functionName: "latestRound" });
    const report = { roundId: latestRound + 1n, answer: 54_000_000n, observedAt };
    const digest = await chain.readContract({ address: aidUsd, abi: pushFeedAbi, functionName: "reportDigest", args: [report] });
    const signature = await privateKeyToAccount(ORACLE_SIGNER_KEY).sign({ hash: digest });
    await testClient().setNextBlockTimestamp({ timestamp: observedAt });
    // Explicit gas: an estimate at the latest block would see the report as coming from the future.
    await mined(await wallet(OPERATOR).writeContract({ address: aidUsd, abi: pushFeedAbi, functionName: "transmit", args: [report, [signature]], chain: null, gas: 500_000n }));

    const { positions } = await getPositions(chain, { deployment, user: AID_BORROWER, markets: [name] });
    const [{ summary, position }] = positions as [NonNullable<(typeof positions)[0]>];
    expect(summary.price, "the oracle's price").toBe(await chain.readContract({ address: position.market.params.oracle, abi: morphoOracleAdapterAbi, functionName: "price" }));
    expect(summary.isHealthy, "unhealthy after the drop").toBe(false);
    expect(summary.price as bigint, "below the liquidation price").toBeLessThan(summary.liquidationPrice as bigint);
    expect(summary.healthFactor as bigint, "HF < 1").toBeLessThan(MathLib.WAD);
    const seizable = summary.seizableCollateral as bigint;
    expect(seizable, "something to seize").toBeGreaterThan(0n);
    expect(seizable, "not all of it (no bad debt at this price)").toBeLessThan(summary.collateral);

    const { params } = resolveMarket(deployment, name);
    const liquidate = (seized: bigint) =>
      ({ account: OPERATOR, address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "liquidate", args: [paramsTuple(params), AID_BORROWER, seized, 0n, "0x"] }) as const;
    // Seizing all of seizableCollateral repays the whole debt but dust (Morpho has no close factor): Morpho accepts it.
    const { result: all } = await chain.simulateContract(liquidate(seizable));
    expect(all, "Morpho's simulation: seized = seizable, repaid = blue-sdk's repaid shares in assets").toEqual([seizable, position.market.toBorrowAssets(position.market.getLiquidationRepaidShares(seizable) as bigint, "Up")]);
    const dust = summary.borrowShares - (position.market.getLiquidationRepaidShares(seizable) as bigint);
    expect(dust, "repays the whole debt but rounding dust (seizable is floored twice)").toBeGreaterThanOrEqual(0n);
    expect(position.market.toBorrowAssets(dust, "Down"), "the dust is worth less than one unit").toBe(0n);
    // Mine a partial liquidation (half) so the market keeps borrowers for the accrual tests.
    const seized = seizable / 2n;
    const expectedRepaidShares = position.market.getLiquidationRepaidShares(seized) as bigint;
    const { result } = await chain.simulateContract(liquidate(seized));
    expect(result, "simulation: seized, repaid assets (blue-sdk's shares rounded up)").toEqual([seized, position.market.toBorrowAssets(expectedRepaidShares, "Up")]);
    await pinNextBlock();
    const receipt = await mined(await wallet(OPERATOR).writeContract({ ...liquidate(seized), chain: null }));
    const [event] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: "Liquidate" });
    expect(event?.args, "Liquidate event = simulation = blue-sdk").toMatchObject({ borrower: AID_BORROWER, seizedAssets: seized, repaidShares: expectedRepaidShares, repaidAssets: result[1], badDebtAssets: 0n });
    const [, borrowShares, collateral] = await morphoRead("position", [deployment.markets[name].id, AID_BORROWER]);
    expect(collateral, "collateral seized").toBe(summary.collateral - seized);
    expect(borrowShares, "debt shares repaid").toBe(summary.borrowShares - expectedRepaidShares);
  });
});

describe("accrual: blue-sdk's prediction equals Morpho after accrueInterest, to the wei", () => {
  async function accrueAllAt(timestamp: bigint) {
    const op = wallet(OPERATOR);
    const t = testClient();
    await t.setAutomine(false);
    try {
      const hashes: Hex[] = [];
      for (const name of deploymentMarketNames) {
        const { params } = resolveMarket(deployment, name);
        hashes.push(await op.writeContract({ address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "accrueInterest", args: [paramsTuple(params)], chain: null, gas: 500_000n }));
      }
      await t.setNextBlockTimestamp({ timestamp });
      await t.mine({ blocks: 1 });
      for (const hash of hashes) await mined(hash);
    } finally {
      await t.setAutomine(true);
    }
  }

  async function expectExact(elapsed: bigint) {
    const { timestamp: now } = await chain.getBlock();
    const at = now + elapsed;
    const predicted = await getMarkets(chain, { deployment, timestamp: at });
    const staker = await getPositions(chain, { deployment, user: STAKER, timestamp: at });
    await accrueAllAt(at);
    for (const entry of predicted.markets) {
      const [tsa, tss, tba, tbs, lastUpdate, fee] = await morphoRead("market", [entry.id]);
      const m = entry.market;
      expect(
        { tsa: m.totalSupplyAssets, tss: m.totalSupplyShares, tba: m.totalBorrowAssets, tbs: m.totalBorrowShares, lastUpdate: m.lastUpdate, fee: m.fee },
        `${entry.name} after ${elapsed}s: predicted state = Morpho's`,
      ).toEqual({ tsa, tss, tba, tbs, lastUpdate, fee });
      expect(lastUpdate).toBe(at);
      expect(m.rateAtTarget, `${entry.name}: predicted rateAtTarget = the IRM's`).toBe(
        await chain.readContract({ address: deployment.contracts.AdaptiveCurveIrm, abi: adaptiveCurveIrmAbi, functionName: "rateAtTarget", args: [entry.id] }),
      );
      const ours = accrueMarketState(entry.stored, entry.stored.rateAtTarget as bigint, at);
      expect(ours.state, `${entry.name}: the SDK's own accrual (used by getAccountOverview) = Morpho's`).toEqual({ totalSupplyAssets: tsa, totalSupplyShares: tss, totalBorrowAssets: tba, totalBorrowShares: tbs, lastUpdate, fee });
      expect(ours.rateAtTarget, `${entry.name}: the SDK's rateAtTarget = the IRM's`).toBe(m.rateAtTarget);
      expect(tba, `${entry.name}: interest accrued (${tba} vs ${entry.stored.totalBorrowAssets}, lastUpdate ${entry.stored.lastUpdate})`).toBeGreaterThan(entry.stored.totalBorrowAssets);
    }
    // The staker's debt predicted at T = its shares in assets on Morpho's accrued state.
    const onChain = await getPositions(chain, { deployment, user: STAKER });
    for (const [i, entry] of staker.positions.entries())
      expect(entry.summary.borrowAssets, `${entry.name}: predicted debt after ${elapsed}s = Morpho's`).toBe(onChain.positions[i]?.summary.borrowAssets);
  }

  test("after an hour and after six hours, with a 10% fee on sAID/USDC (fee shares included)", async () => {
    const op = wallet(OPERATOR);
    const { params } = resolveMarket(deployment, "SAID_USDC");
    await mined(await op.writeContract({ address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "setFeeRecipient", args: [OTHER], chain: null }));
    await mined(await op.writeContract({ address: deployment.contracts.Morpho, abi: morphoAbi, functionName: "setFee", args: [paramsTuple(params), parseUnits("0.1", 18)], chain: null }));
    await expectExact(3600n);
    await expectExact(6n * 3600n);
    const [supplyShares] = await morphoRead("position", [deployment.markets.SAID_USDC.id, OTHER]);
    expect(supplyShares, "the fee recipient received fee shares").toBeGreaterThan(0n);
  });

  test("after a year; then every feed is stale: getMarkets still answers in one eth_call, without price, with the decoded oracle error", async () => {
    await expectExact(365n * 86_400n);
    const { value, methods: sent } = await count(() => getMarkets(counted, { deployment }));
    expect(sent, "still one eth_call").toEqual(["eth_call"]);
    for (const entry of value.markets) {
      expect(entry.market.price, `${entry.name}: no price`).toBeUndefined();
      expect(entry.priceError, `${entry.name}: the oracle's custom error, decoded`).toBeInstanceOf(AidContractError);
      expect((entry.priceError as AidContractError).errorName).toBe("StalePrice");
    }
    const { positions } = await getPositions(chain, { deployment, user: STAKER });
    expect(positions[0]?.summary.healthFactor, "no price: no health factor").toBeUndefined();
    const overview = await getAccountOverview(chain, { deployment, account: STAKER });
    expect(overview.morpho[0]?.summary, "the overview agrees without a price too").toEqual(positions[0]?.summary);
    expect((overview.morpho[0]?.priceError as AidContractError).errorName, "and says why").toBe("StalePrice");
    expect(positions[0]?.summary.borrowAssets, "debt is still known").toBeGreaterThan(0n);
  });
});
