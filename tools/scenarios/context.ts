/**
 * What every scenario gets: the running devnet (from its descriptor), typed clients, the deployment, the operator
 * (anvil #0), freshly generated and funded actors, and small helpers to batch transactions so a setup of many
 * actions costs a few blocks, not one block per action (the devnet mines on an interval).
 */
import { readFileSync } from "node:fs";
import { blueAbi } from "@morpho-org/blue-sdk-viem";
import {
  type Abi,
  type Account,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  parseEther,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { type Deployment, parseDeployment, pushFeedAbi, reserveAbi } from "../../sdk/src/index.js";
import { type DevnetDescriptor, readDescriptor } from "../devnet/descriptor.js";

/** anvil's PUBLIC test key #0: deployer, operator, servicer and keeper of the devnet deployment. */
export const OPERATOR_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export const mockStableAbi = [
  ...erc20Abi,
  {
    type: "function",
    name: "mint",
    stateMutability: "nonpayable",
    inputs: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [],
  },
] as const;

export type Call = { to: Address; data: Hex; label: string };

/** One typed contract call, encoded (viem's `encodeFunctionData`, with the label used in failures). */
export function call<const abi extends Abi, name extends ContractFunctionName<abi, "nonpayable" | "payable">>(
  to: Address,
  abi: abi,
  functionName: name,
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", name>,
): Call {
  const data = encodeFunctionData({ abi, functionName, args } as unknown as Parameters<typeof encodeFunctionData>[0]);
  return { to, data, label: String(functionName) };
}

export type ScenarioContext = {
  devnet: DevnetDescriptor;
  deployment: Deployment;
  client: PublicClient;
  operator: Account;
  log: (line: string) => void;
  /** Sends `calls` from `account` with consecutive nonces in one go (mined together); throws on any revert. */
  send: (account: Account, calls: readonly Call[]) => Promise<TransactionReceipt[]>;
  /** A fresh key with 1,000 ETH (anvil_setBalance): scenario actors never collide with the demo accounts. */
  newActor: () => Promise<Account>;
  /** Mints `usdc` (6 decimals) of the mock USDC to `to`. */
  mintUsdcCall: (to: Address, usdc: bigint) => Call;
  /** Resolves at the first block ≥ `n`. */
  waitForBlock: (n: bigint, timeoutMs?: number) => Promise<void>;
  /** Polls `check` every block until it returns a value, or throws `what` after `timeoutMs`. */
  waitFor: <T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number) => Promise<T>;
  rpc: <T>(method: string, params?: unknown[]) => Promise<T>;
  /**
   * Moves chain time `seconds` forward (mined in the next interval block), then waits until the oracle keeper has
   * pushed a fresh round on every feed (a jump past the heartbeat makes them stale, and the Reserve and the Morpho
   * oracles refuse stale prices). Resolves with the new chain time.
   */
  warp: (seconds: number, timeoutMs?: number) => Promise<bigint>;
};

export async function createScenarioContext(stateDir = ".devnet"): Promise<ScenarioContext> {
  const devnet = readDescriptor(stateDir);
  const deployment = parseDeployment(JSON.parse(readFileSync(devnet.deploymentFile, "utf8")));
  const transport = http(devnet.rpcUrl, { retryCount: 2 });
  const client = createPublicClient({ transport, pollingInterval: 250 });
  const operator = privateKeyToAccount(OPERATOR_KEY);
  const rpc = async <T>(method: string, params: unknown[] = []) =>
    (await client.request({ method: method as "eth_chainId", params: params as never })) as T;

  const send = async (account: Account, calls: readonly Call[]) => {
    const wallet = createWalletClient({ account, transport });
    const nonce = await client.getTransactionCount({ address: account.address, blockTag: "pending" });
    const fees = await client.estimateFeesPerGas();
    const hashes: Hex[] = [];
    for (const [i, c] of calls.entries())
      hashes.push(
        await wallet.sendTransaction({
          to: c.to,
          data: c.data,
          nonce: nonce + i,
          // Explicit gas: later calls depend on earlier ones of the same batch, so they can't be estimated yet.
          gas: 3_000_000n,
          maxFeePerGas: fees.maxFeePerGas * 2n,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
          chain: null,
        }),
      );
    const receipts = await Promise.all(hashes.map((hash) => client.waitForTransactionReceipt({ hash, timeout: 60_000 })));
    receipts.forEach((r, i) => {
      if (r.status !== "success")
        throw new Error(`${calls[i]?.label} from ${account.address} reverted in block ${r.blockNumber} (${r.transactionHash})`);
    });
    return receipts;
  };

  const newActor = async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    await rpc("anvil_setBalance", [account.address, `0x${parseEther("1000").toString(16)}`]);
    return account;
  };

  const waitForBlock = async (n: bigint, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((await client.getBlockNumber({ cacheTime: 0 })) < n) {
      if (Date.now() > deadline) throw new Error(`block ${n} not reached in ${timeoutMs / 1000} s: is the devnet mining?`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const waitFor = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const warp = async (seconds: number, timeoutMs = 90_000) => {
    const before = await client.getBlockNumber({ cacheTime: 0 });
    await rpc("evm_increaseTime", [seconds]);
    await waitForBlock(before + 2n);
    const now = (await client.getBlock({ blockTag: "latest" })).timestamp;
    await waitFor(
      "the oracle keeper to refresh every feed after the time jump",
      async () => {
        const times = await Promise.all(
          Object.values(deployment.feeds).map((address) =>
            client.readContract({ address, abi: pushFeedAbi, functionName: "latestTimestamp" }),
          ),
        );
        return times.every((t) => t + 600n >= now) ? true : undefined;
      },
      timeoutMs,
    );
    return now;
  };

  return {
    devnet,
    deployment,
    warp,
    client,
    operator,
    log: (line) => console.log(line),
    send,
    newActor,
    mintUsdcCall: (to, usdc) => call(deployment.tokens.USDC, mockStableAbi, "mint", [to, usdc]),
    waitForBlock,
    waitFor,
    rpc,
  };
}

/** Calls that turn `usdc` of fresh mock USDC into AID held by `to` (approve + Reserve.mint, no slippage bound). */
export function mintAidCalls(ctx: ScenarioContext, to: Address, usdc: bigint): Call[] {
  const { tokens, contracts } = ctx.deployment;
  return [
    ctx.mintUsdcCall(to, usdc),
    call(tokens.USDC, erc20Abi, "approve", [contracts.Reserve, usdc]),
    call(contracts.Reserve, reserveAbi, "mint", [tokens.USDC, usdc, 0n, to]),
  ];
}

export { blueAbi };
