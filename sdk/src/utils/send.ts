import type { Abi, Account, Address, Chain, Client, Hash, Transport } from "viem";
import { simulateContract, writeContract } from "viem/actions";
import { getAction } from "viem/utils";
import { decodeAidError } from "../errors/contract.js";
import { MissingAccountError } from "../errors/validation.js";
import { assertAddress } from "./validate.js";

/** Options every write accepts. */
export type WriteOptions = {
  /** Sender: an address (JSON-RPC account) or a local account. Default: the client's account. */
  account?: Account | Address | undefined;
  /** Simulate only: return the prepared request and the simulated result without sending. */
  dryRun?: boolean | undefined;
};

/** What every write returns. */
export type WriteReturnType<result, request> = {
  /** Transaction hash (`undefined` on a dry run). */
  hash: Hash | undefined;
  /** The simulation's return value (what the contract call returns if mined in the same state). */
  result: result;
  /** The simulated request, as sent to `writeContract` (inspect it, or send it yourself after a dry run). */
  request: request;
};

/** Resolves the sender address (validated) and the account to pass to viem. */
export function resolveAccount(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  account: Account | Address | undefined,
): { account: Account | Address; address: Address } {
  const chosen = account ?? client.account;
  if (chosen === undefined) throw new MissingAccountError();
  const address = typeof chosen === "string" ? chosen : chosen.address;
  assertAddress(address, "account");
  return { account: chosen, address };
}

/**
 * Simulates the call (`eth_call`), then sends exactly the simulated request. A revert in the simulation is thrown
 * as a decoded `AidContractError` (or viem's error when it is not one of ours) and nothing is sent.
 */
export async function simulateAndSend(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  call: {
    address: Address;
    abi: Abi;
    functionName: string;
    args: readonly unknown[];
    account: Account | Address;
    dryRun?: boolean | undefined;
  },
): Promise<WriteReturnType<unknown, unknown>> {
  let simulation: { result: unknown; request: unknown };
  try {
    simulation = await getAction(
      client,
      simulateContract,
      "simulateContract",
    )({
      address: call.address,
      abi: call.abi,
      functionName: call.functionName,
      args: call.args,
      account: call.account,
    } as Parameters<typeof simulateContract>[1]);
  } catch (error) {
    throw decodeAidError(error) ?? error;
  }
  if (call.dryRun) return { hash: undefined, result: simulation.result, request: simulation.request };
  try {
    const hash = await getAction(
      client,
      writeContract,
      "writeContract",
    )({
      // A client without a chain sends to whatever chain its node is on (viem asks for an explicit `null`).
      ...(simulation.request as object),
      chain: client.chain ?? null,
    } as Parameters<typeof writeContract>[1]);
    return { hash, result: simulation.result, request: simulation.request };
  } catch (error) {
    throw decodeAidError(error) ?? error;
  }
}
