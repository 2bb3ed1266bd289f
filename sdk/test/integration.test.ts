/**
 * Integration: a fresh anvil with the real deploy + seed scripts. Every view is compared field by field with direct
 * on-chain reads at the same block, its JSON-RPC requests are counted (one `eth_call` per view), and every write's
 * simulation is compared with what the mined transaction did. Failing writes must be rejected by the simulation with
 * the decoded error and send nothing.
 */
import {
  type Address,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  erc20Abi,
  http,
  parseAbi,
  parseUnits,
} from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dealBookAbi } from "../src/abis/dealBook.js";
import { pushFeedAbi } from "../src/abis/pushFeed.js";
import { reserveAbi } from "../src/abis/reserve.js";
import { stakedAidAbi } from "../src/abis/stakedAid.js";
import { getAccountOverview } from "../src/actions/getAccountOverview.js";
import { getFeeds } from "../src/actions/getFeeds.js";
import { getProtocolOverview } from "../src/actions/getProtocolOverview.js";
import { mint } from "../src/actions/mint.js";
import { redeem } from "../src/actions/redeem.js";
import { requestUnstake } from "../src/actions/requestUnstake.js";
import { stake } from "../src/actions/stake.js";
import { createAidClient } from "../src/clients/createAidClient.js";
import { type Deployment, deploymentFeedNames, parseDeployment } from "../src/deployment.js";
import { AidContractError } from "../src/errors/contract.js";
import { type CountingClient, type Devnet, countingClient, expectMined, startDevnet } from "./devnet.js";

// anvil's public test accounts: the operator (admin/guardian in the seed), the seeded staker, and a fresh user.
const OPERATOR: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const STAKER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const USER: Address = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
const mockMintAbi = parseAbi(["function mint(address to, uint256 amount)"]);

let devnet: Devnet;
let deployment: Deployment;
let chain: PublicClient;
/** JSON-RPC methods sent by the mint-below-minAidOut sender. */
const methods: string[] = [];
let counted: PublicClient;
let count: CountingClient["count"];
const makeWallet = (account: Address, rpcUrl: string) => createWalletClient({ account, transport: http(rpcUrl) });
let wallet: ReturnType<typeof makeWallet>;

beforeAll(async () => {
  devnet = await startDevnet();
  deployment = parseDeployment(devnet.json);
  chain = createPublicClient({ transport: http(devnet.rpcUrl) });
  ({ client: counted, count } = countingClient(devnet.rpcUrl));
  wallet = makeWallet(USER, devnet.rpcUrl);
});

afterAll(async () => {
  await devnet?.stop();
});

const mined = (hash: `0x${string}` | undefined) => expectMined(chain, hash);

describe("views", () => {
  test("getProtocolOverview: one eth_call, every field equals the direct on-chain read", async () => {
    const { value: o, methods: sent, http: requests } = await count(() =>
      getProtocolOverview(counted, { deployment }),
    );
    expect(sent, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    expect(requests, "exactly one HTTP round trip").toBe(1);
    const blockNumber = o.blockNumber;
    const block = await chain.getBlock({ blockNumber });
    expect(o.timestamp, "timestamp of the block read").toBe(block.timestamp);
    const r = <const fn extends string>(functionName: fn, args: readonly unknown[] = []) =>
      chain.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName, args, blockNumber } as never) as Promise<unknown>;
    const v = (functionName: string, args: readonly unknown[] = []) =>
      chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName, args, blockNumber } as never) as Promise<unknown>;
    const b = (functionName: string) =>
      chain.readContract({ address: deployment.contracts.DealBook, abi: dealBookAbi, functionName, blockNumber } as never) as Promise<unknown>;
    const { USDC, USDT } = deployment.tokens;
    const expected = {
      blockNumber,
      timestamp: block.timestamp,
      aid: {
        totalSupply: await chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "totalSupply", blockNumber }),
      },
      reserve: {
        backing: await r("backing"),
        collateralRatio: await r("collateralRatio"),
        totalLiquid18: await r("totalLiquid18"),
        liquidity: {
          USDC: { address: USDC, liquidBalance: await r("liquidBalance", [USDC]), reservedBalance: await r("reservedBalance", [USDC]), availableLiquidity: await r("availableLiquidity", [USDC]) },
          USDT: { address: USDT, liquidBalance: await r("liquidBalance", [USDT]), reservedBalance: await r("reservedBalance", [USDT]), availableLiquidity: await r("availableLiquidity", [USDT]) },
        },
        mintPaused: await r("mintPaused"),
        redeemPaused: await r("redeemPaused"),
        mintCapacity: await r("mintCapacity").then((x) => { const [perBlock, perDay] = x as [bigint, bigint]; return { perBlock, perDay }; }),
        instantRedeemCapacity: await r("instantRedeemCapacity"),
        totalEscrowed: await r("totalEscrowed"),
        uncoveredLoss: await r("uncoveredLoss"),
      },
      deals: {
        count: await b("dealCount"),
        totalOutstandingPrincipal: await b("totalOutstandingPrincipal"),
        totalCarryingValue: await b("totalCarryingValue"),
      },
      sAid: {
        totalAssets: await v("totalAssets"),
        totalSupply: await v("totalSupply"),
        rate: await v("convertToAssets", [10n ** 18n]),
        unvestedYield: await v("unvestedYield"),
        vestingEnd: await v("vestingEnd"),
        openEpoch: await v("openEpoch").then((x) => { const [epoch, endsAt] = x as [bigint, bigint]; return { epoch, endsAt }; }),
        totalPendingShares: await v("totalPendingShares"),
        claimableAssets: await v("claimableAssets"),
        // Derived vesting/APY and exit-fill fields: checked against direct reads in test/vesting-exits.test.ts.
        vesting: o.sAid.vesting,
        exitEpoch: o.sAid.exitEpoch,
      },
    };
    expect(o, "overview equals the direct reads").toEqual(expected);
    // The seeded state is not trivial, so the comparison above means something.
    expect(o.aid.totalSupply, "AID was minted by the seed").toBeGreaterThan(0n);
    expect(o.deals.count, "deals were seeded").toBeGreaterThan(0n);
    expect(o.sAid.totalSupply, "sAID was staked by the seed").toBeGreaterThan(0n);
    expect(o.reserve.liquidity.USDC.liquidBalance, "the Reserve holds USDC").toBeGreaterThan(0n);
  });

  test("getAccountOverview: one eth_call, equals the direct reads (sAID value via convertToAssets on chain)", async () => {
    const { value: a, methods: sent, http: requests } = await count(() =>
      getAccountOverview(counted, { deployment, account: STAKER }),
    );
    expect(sent, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    expect(requests, "exactly one HTTP round trip").toBe(1);
    const blockNumber = a.blockNumber;
    const sAidBalance = await chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "balanceOf", args: [STAKER], blockNumber });
    expect(a).toEqual({
      blockNumber,
      timestamp: (await chain.getBlock({ blockNumber })).timestamp,
      account: STAKER,
      morpho: expect.any(Array), // checked field by field in morpho.test.ts
      aidBalance: await chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [STAKER], blockNumber }),
      sAidBalance,
      sAidValueInAid: await chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "convertToAssets", args: [sAidBalance], blockNumber }),
      sAidExit: {
        pendingShares: await chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "pendingRedeemRequest", args: [0n, STAKER], blockNumber }),
        claimableAssets: await chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "claimableRedeemRequest", args: [0n, STAKER], blockNumber }),
      },
      allowances: {
        aidToStakedAid: await chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "allowance", args: [STAKER, deployment.tokens.sAID], blockNumber }),
        aidToReserve: await chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "allowance", args: [STAKER, deployment.contracts.Reserve], blockNumber }),
      },
    });
    expect(a.sAidBalance, "the seeded staker holds sAID").toBeGreaterThan(0n);
    expect(a.sAidValueInAid, "its value is positive").toBeGreaterThan(0n);
  });

  test("getFeeds: one eth_call, answers equal latestRoundData, age against the chain clock, stale flag", async () => {
    const { value: f, methods: sent, http: requests } = await count(() =>
      getFeeds(counted, { deployment, maxAge: 10n ** 9n }),
    );
    expect(sent, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    expect(requests, "exactly one HTTP round trip").toBe(1);
    const blockNumber = f.blockNumber;
    const now = (await chain.getBlock({ blockNumber })).timestamp;
    expect(f.timestamp).toBe(now);
    for (const name of deploymentFeedNames) {
      const [roundId, answer, , updatedAt] = await chain.readContract({ address: deployment.feeds[name], abi: pushFeedAbi, functionName: "latestRoundData", blockNumber });
      const decimals = await chain.readContract({ address: deployment.feeds[name], abi: pushFeedAbi, functionName: "decimals", blockNumber });
      expect(f.feeds[name], name).toEqual({ address: deployment.feeds[name], answer, decimals, roundId, updatedAt, age: now - updatedAt, stale: false });
      expect(answer, `${name} answers`).toBeGreaterThan(0n);
    }
    // The stale flag flips exactly above maxAge (per-feed limits; a feed without a limit is never stale).
    const age = f.feeds.USDC_USD.age;
    const strict = await getFeeds(chain, { deployment, maxAge: { USDC_USD: age - 1n, USDT_USD: age }, blockNumber });
    expect(strict.feeds.USDC_USD.stale, "age > maxAge is stale").toBe(true);
    expect(strict.feeds.USDT_USD.stale, "age == maxAge is fresh").toBe(f.feeds.USDT_USD.age > age);
    expect(strict.feeds.GPU_NAV.stale, "no limit, never stale").toBe(false);
  });
});

describe("writes", () => {
  test("mint: the simulated AID out equals the Minted event and the balance change", async () => {
    const amount = parseUnits("1000", 6);
    await mined(await wallet.writeContract({ address: deployment.tokens.USDC, abi: mockMintAbi, functionName: "mint", args: [USER, amount * 10n], chain: null }));
    await mined(await wallet.writeContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "approve", args: [deployment.contracts.Reserve, amount * 10n], chain: null }));
    const before = await chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    const { hash, result, request } = await mint(wallet, { deployment, stable: "USDC", amount, minAidOut: 0n });
    expect((request as { functionName: string }).functionName, "the simulated request is returned").toBe("mint");
    expect((request as { args: unknown[] }).args, "with the validated arguments").toEqual([deployment.tokens.USDC, amount, 0n, USER]);
    const receipt = await mined(hash);
    const after = await chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    expect(after - before, "balance change equals the simulated result").toBe(result);
    const minted = receipt.logs
      .filter((log) => log.address.toLowerCase() === deployment.contracts.Reserve.toLowerCase())
      .map((log) => { try { return decodeEventLog({ abi: reserveAbi, ...log }); } catch { return undefined; } })
      .find((e) => e?.eventName === "Minted");
    expect((minted?.args as { aidOut: bigint } | undefined)?.aidOut, "Minted.aidOut equals the simulated result").toBe(result);
    expect(result, "AID was minted").toBeGreaterThan(0n);
  });

  test("stake, then requestUnstake: simulated shares equal the balance change and the pending request", async () => {
    const aid = createAidClient({ client: wallet, deployment });
    const assets = parseUnits("300", 18);
    await mined(await wallet.writeContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "approve", args: [deployment.tokens.sAID, assets], chain: null }));
    const before = await chain.readContract({ address: deployment.tokens.sAID, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    // sAID yield is vesting: the stake must mine at the simulated block's time, or a second later it gets fewer shares.
    const { timestamp } = await chain.getBlock();
    await chain.request({ method: "evm_setNextBlockTimestamp" as never, params: [`0x${timestamp.toString(16)}`] as never });
    const staked = await aid.stake({ assets });
    await mined(staked.hash);
    const after = await chain.readContract({ address: deployment.tokens.sAID, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    expect(after - before, "sAID minted equals the simulated shares").toBe(staked.result);

    const shares = staked.result / 2n;
    const pendingBefore = await chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "pendingRedeemRequest", args: [0n, USER] });
    const requested = await aid.requestUnstake({ shares });
    await mined(requested.hash);
    expect(requested.result, "ERC-7540 request id").toBe(0n);
    const pendingAfter = await chain.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "pendingRedeemRequest", args: [0n, USER] });
    expect(pendingAfter - pendingBefore, "the pending exit grew by the shares").toBe(shares);
    const overview = await aid.getAccountOverview({ account: USER });
    expect(overview.sAidExit.pendingShares, "the account overview shows it").toBe(pendingAfter);
  });

  test("redeem: the simulated payout equals the stablecoin received", async () => {
    const aidIn = parseUnits("100", 18);
    await mined(await wallet.writeContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "approve", args: [deployment.contracts.Reserve, aidIn], chain: null }));
    const before = await chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    const { hash, result } = await redeem(wallet, { deployment, stable: "USDC", aidIn, minAmountOut: 0n });
    await mined(hash);
    const after = await chain.readContract({ address: deployment.tokens.USDC, abi: erc20Abi, functionName: "balanceOf", args: [USER] });
    expect(after - before, "USDC received equals the simulated payout").toBe(result);
    expect(result, "something was paid").toBeGreaterThan(0n);
  });

  test("a mint below minAidOut is rejected by the simulation with Slippage and nothing is sent", async () => {
    const amount = parseUnits("10", 6);
    const [aidOut] = await chain.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "previewMint", args: [deployment.tokens.USDC, amount] });
    const nonce = await chain.getTransactionCount({ address: USER });
    const sender = createWalletClient({
      account: USER,
      transport: http(devnet.rpcUrl, {
        retryCount: 0,
        onFetchRequest: async (request) => {
          const body = await request.clone().json();
          for (const message of [body].flat() as { method: string }[]) methods.push(message.method);
        },
      }),
    });
    methods.length = 0;
    const error = await mint(sender, { deployment, stable: "USDC", amount, minAidOut: aidOut + 1n }).catch((e: unknown) => e);
    expect(error, "a typed, decoded error").toBeInstanceOf(AidContractError);
    expect((error as AidContractError).errorName).toBe("Slippage");
    expect((error as AidContractError).args, "args: what it would give, what was asked").toEqual([aidOut, aidOut + 1n]);
    expect(methods, "only the simulation was sent").toEqual(["eth_call"]);
    expect(await chain.getTransactionCount({ address: USER }), "nonce unchanged").toBe(nonce);
  });

  test("a mint while paused is rejected with MintIsPaused and nothing is sent; dryRun never sends", async () => {
    const admin = makeWallet(OPERATOR, devnet.rpcUrl);
    await mined(await admin.writeContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "setMintPaused", args: [true], chain: null }));
    try {
      const nonce = await chain.getTransactionCount({ address: USER });
      const error = await mint(wallet, { deployment, stable: "USDC", amount: 1_000_000n, minAidOut: 0n }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AidContractError);
      expect((error as AidContractError).errorName).toBe("MintIsPaused");
      expect((error as AidContractError).shortMessage).toBe("Minting is paused by the guardian.");
      expect(await chain.getTransactionCount({ address: USER }), "nonce unchanged").toBe(nonce);
    } finally {
      await mined(await admin.writeContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "setMintPaused", args: [false], chain: null }));
    }
    const nonce = await chain.getTransactionCount({ address: USER });
    const dry = await mint(wallet, { deployment, stable: "USDC", amount: 1_000_000n, minAidOut: 0n, dryRun: true });
    expect(dry.hash, "dry run: no hash").toBeUndefined();
    expect(dry.result, "dry run: simulated result").toBeGreaterThan(0n);
    expect(await chain.getTransactionCount({ address: USER }), "dry run: nonce unchanged").toBe(nonce);
  });
});
