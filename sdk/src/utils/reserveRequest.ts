import type { Account, Chain, Client, Transport } from "viem";
import { reserveAbi } from "../abis/reserve.js";
import type { Deployment } from "../deployment.js";
import { assertId } from "./page.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "./send.js";

/** Parameters of the Reserve writes that act on one redemption request (`cancelRedeem`, `claimRedeem`). */
export type RequestWriteParameters = WriteOptions & {
  deployment: Deployment;
  /** Id of the redemption request. */
  requestId: bigint;
};

/** Validates `requestId` (before any RPC), then simulates and sends `Reserve.<functionName>(requestId)`. */
export async function writeRequestCall(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: RequestWriteParameters,
  functionName: "cancel" | "claim",
): Promise<WriteReturnType<unknown, unknown>> {
  const { deployment, requestId, dryRun } = parameters;
  assertId(requestId, "requestId");
  const { account } = resolveAccount(client, parameters.account);
  return simulateAndSend(client, {
    address: deployment.contracts.Reserve,
    abi: reserveAbi,
    functionName,
    args: [requestId],
    account,
    dryRun,
  });
}
