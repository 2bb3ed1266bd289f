import type { Address, Chain, Client, ContractFunctionParameters, Hex, MulticallReturnType, Transport } from "viem";
import { multicall } from "viem/actions";
import { getAction } from "viem/utils";

/**
 * An address with no code on any chain we know of, whose code the view calls override (`stateOverride`) with
 * {@link CLOCK_CODE}: it answers any call with `(block.timestamp, block.number)`, so a view gets the chain's clock
 * in the same round trip as its reads.
 */
export const CLOCK_ADDRESS: Address = "0x00000000000000000000000000000000000a1dc1";
/** TIMESTAMP PUSH1 0 MSTORE NUMBER PUSH1 32 MSTORE PUSH1 64 PUSH1 0 RETURN. */
export const CLOCK_CODE: Hex = "0x426000524360205260406000f3";
/** ABI of the clock stub. */
export const clockAbi = [
  {
    type: "function",
    name: "now",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "timestamp", type: "uint256" },
      { name: "blockNumber", type: "uint256" },
    ],
  },
] as const;

/** Options every view accepts. */
export type ReadOptions = {
  /** Block to read at (default: latest). */
  blockNumber?: bigint | undefined;
  /**
   * Multicall3 address. Default: the client chain's `multicall3` contract when it has one, else a deployless
   * multicall (the aggregator's bytecode travels with the `eth_call`, so it works on a chain without Multicall3).
   */
  multicallAddress?: Address | undefined;
};

/**
 * Runs `contracts` (plus the clock stub, appended last) as ONE `eth_call`: Multicall3 `aggregate3` with chunking
 * disabled, every call required to succeed.
 */
export async function readAll<const contracts extends readonly ContractFunctionParameters[]>(
  client: Client<Transport, Chain | undefined>,
  contracts: contracts,
  options: ReadOptions = {},
): Promise<{
  results: MulticallReturnType<contracts, false>;
  timestamp: bigint;
  blockNumber: bigint;
}> {
  const { results, clock } = await aggregate(client, contracts, options, false);
  const [timestamp, blockNumber] = clock as readonly [bigint, bigint];
  return { results: results as unknown as MulticallReturnType<contracts, false>, timestamp, blockNumber };
}

/**
 * {@link readAll} where a call may fail without failing the view (e.g. an oracle that reverts while stale or
 * paused): each result is `{ status: "success", result }` or `{ status: "failure", error }`. Still ONE `eth_call`;
 * the clock stub never fails.
 */
export async function readAllSettled<const contracts extends readonly ContractFunctionParameters[]>(
  client: Client<Transport, Chain | undefined>,
  contracts: contracts,
  options: ReadOptions = {},
): Promise<{
  results: MulticallReturnType<contracts, true>;
  timestamp: bigint;
  blockNumber: bigint;
}> {
  const { results, clock } = await aggregate(client, contracts, options, true);
  const [timestamp, blockNumber] = (clock as { result: readonly [bigint, bigint] }).result;
  return { results: results as unknown as MulticallReturnType<contracts, true>, timestamp, blockNumber };
}

async function aggregate(
  client: Client<Transport, Chain | undefined>,
  contracts: readonly ContractFunctionParameters[],
  options: ReadOptions,
  allowFailure: boolean,
): Promise<{ results: unknown[]; clock: unknown }> {
  const multicallAddress =
    options.multicallAddress ?? client.chain?.contracts?.multicall3?.address ?? undefined;
  const all = [...contracts, { address: CLOCK_ADDRESS, abi: clockAbi, functionName: "now" }] as const;
  const results = (await getAction(
    client,
    multicall,
    "multicall",
  )({
    contracts: all as unknown as readonly ContractFunctionParameters[],
    allowFailure,
    batchSize: 0,
    stateOverride: [{ address: CLOCK_ADDRESS, code: CLOCK_CODE }],
    ...(multicallAddress ? { multicallAddress } : { deployless: true }),
    ...(options.blockNumber === undefined ? {} : { blockNumber: options.blockNumber }),
  })) as unknown as unknown[];
  return { results: results.slice(0, -1), clock: results[results.length - 1] };
}
