/**
 * Shared harness of the devnet tests of the vesting/exit, deal book, redemption queue, swap and permit actions: one
 * fresh anvil with the real deploy + seed (test/devnet.ts), a public client, a request-counting client, wallets of
 * anvil's public accounts, and the few chain helpers the tests need (mine, time travel, token funding).
 */
import {
  type Address,
  type Hash,
  type HttpTransport,
  type JsonRpcAccount,
  type PublicClient,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  http,
  parseAbi,
} from "viem";
import { expect } from "vitest";
import { type Deployment, parseDeployment } from "../src/deployment.js";
import { type Devnet, startDevnet } from "./devnet.js";

// anvil's public test accounts: the operator (admin of everything in the seed), the seeded staker, fresh users.
export const OPERATOR: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
export const STAKER: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
export const USER_B: Address = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"; // #9
export const USER_C: Address = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"; // #8
const mockMintAbi = parseAbi(["function mint(address to, uint256 amount)"]);

export type Harness = {
  devnet: Devnet;
  deployment: Deployment;
  chain: PublicClient;
  /** A client whose JSON-RPC methods and HTTP requests are recorded for {@link Harness.count}. */
  counted: PublicClient;
  count: <T>(fn: () => Promise<T>) => Promise<{ value: T; methods: string[]; http: number }>;
  wallet: (account: Address) => Wallet;
  mined: (hash: Hash | undefined) => ReturnType<PublicClient["waitForTransactionReceipt"]>;
  /** The next block gets the latest block's timestamp: a write mines at the time its simulation ran. */
  pinNextBlock: () => Promise<void>;
  /** Moves the chain clock forward by `seconds` and mines a block. */
  increaseTime: (seconds: bigint) => Promise<void>;
  /** Mints mock `token` (USDC/USDT) to `to` and approves `spender` for it. */
  fundStable: (token: Address, to: Address, amount: bigint, spender: Address) => Promise<void>;
  balanceOf: (token: Address, account: Address, blockNumber?: bigint) => Promise<bigint>;
  stop: () => Promise<void>;
};

/** A wallet client of one of anvil's unlocked accounts (JSON-RPC signing). */
export type Wallet = WalletClient<HttpTransport, undefined, JsonRpcAccount>;
const makeWallet = (account: Address, rpcUrl: string): Wallet => createWalletClient({ account, transport: http(rpcUrl) });

export async function startHarness(): Promise<Harness> {
  const devnet = await startDevnet();
  const deployment = parseDeployment(devnet.json);
  const chain = createPublicClient({ transport: http(devnet.rpcUrl) });
  const methods: string[] = [];
  let httpRequests = 0;
  const counted = createPublicClient({
    transport: http(devnet.rpcUrl, {
      retryCount: 0,
      onFetchRequest: async (request) => {
        httpRequests++;
        const body = await request.clone().json();
        for (const message of [body].flat() as { method: string }[]) methods.push(message.method);
      },
    }),
  });
  const mined: Harness["mined"] = async (hash) => {
    expect(hash, "a transaction was sent").toBeDefined();
    const receipt = await chain.waitForTransactionReceipt({ hash: hash as Hash });
    expect(receipt.status, "the transaction succeeded").toBe("success");
    return receipt;
  };
  const wallet = (account: Address) => makeWallet(account, devnet.rpcUrl);
  return {
    devnet,
    deployment,
    chain,
    counted,
    count: async (fn) => {
      methods.length = 0;
      httpRequests = 0;
      const value = await fn();
      return { value, methods: [...methods], http: httpRequests };
    },
    wallet,
    mined,
    pinNextBlock: async () => {
      const { timestamp } = await chain.getBlock();
      await chain.request({ method: "evm_setNextBlockTimestamp" as never, params: [`0x${timestamp.toString(16)}`] as never });
    },
    increaseTime: async (seconds) => {
      await chain.request({ method: "evm_increaseTime" as never, params: [`0x${seconds.toString(16)}`] as never });
      await chain.request({ method: "evm_mine" as never, params: [] as never });
    },
    fundStable: async (token, to, amount, spender) => {
      const w = wallet(to);
      await mined(await w.writeContract({ address: token, abi: mockMintAbi, functionName: "mint", args: [to, amount], chain: null }));
      await mined(await w.writeContract({ address: token, abi: erc20Abi, functionName: "approve", args: [spender, amount], chain: null }));
    },
    balanceOf: (token, account, blockNumber) =>
      chain.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account], ...(blockNumber === undefined ? {} : { blockNumber }) }),
    stop: () => devnet.stop(),
  };
}
