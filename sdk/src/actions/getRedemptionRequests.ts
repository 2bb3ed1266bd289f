import { type Address, type Chain, type Client, type Transport, isAddressEqual } from "viem";
import { reserveAbi } from "../abis/reserve.js";
import type { Deployment } from "../deployment.js";
import { type IdPage, nextFromId, pageIds } from "../utils/page.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";
import { assertAddress } from "../utils/validate.js";

/**
 * Most request ids one {@link getRedemptionRequests} call reads. Bounded by the response size: a deployless
 * multicall returns its results as the code of a contract being created, which EIP-170 caps at 24 576 bytes, and a
 * request costs 352 bytes of it (`getRequest`'s 7 words with Multicall3's framing).
 */
export const MAX_REQUESTS_PAGE = 50;

/** `IReserve.RequestStatus` names, by their enum value. */
export const redeemRequestStatuses = ["None", "Pending", "Claimable", "Claimed", "Cancelled"] as const;
export type RedeemRequestStatus = (typeof redeemRequestStatuses)[number];

/**
 * Parameters of {@link getRedemptionRequests}: the account, and either the request `ids` to read (e.g. from the
 * `RedeemRequested(requestId, owner, receiver, …)` logs or the subgraph), or a page of ids `fromId` (default 1) /
 * `limit` (default and max {@link MAX_REQUESTS_PAGE}) scanned for the account's requests.
 */
export type GetRedemptionRequestsParameters = ReadOptions & {
  deployment: Deployment;
  /** Requests owned by OR paying out to this address are returned. */
  account: Address;
} & IdPage;

/** A Reserve redemption request (AID 18 decimals, payout in the stablecoin's units). */
export type RedemptionRequest = {
  id: bigint;
  owner: Address;
  receiver: Address;
  stable: Address;
  requestedAt: bigint;
  /** AID escrowed. */
  aidAmount: bigint;
  status: RedeemRequestStatus;
  /** Stablecoin set aside (`Claimable`/`Claimed`), else what processing will set aside: `aidAmount / 10^(18 − decimals)`. */
  payout: bigint;
  /** `Pending`: earliest time `processQueue` may process it (`requestedAt + redeemDelay`; FIFO order and the buffer also apply). */
  processableAt: bigint | undefined;
  /** The owner may `cancel` it now (`Pending`). */
  cancellable: boolean;
  /** Anyone may `claim` it now, paying `receiver` (`Claimable`, redemptions not paused). */
  claimable: boolean;
};

/** Return type of {@link getRedemptionRequests}. */
export type GetRedemptionRequestsReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  account: Address;
  requests: RedemptionRequest[];
  /** Queue cursors: ids below `queueHead` were processed or cancelled; ids run below `nextRequestId`. */
  queueHead: bigint;
  nextRequestId: bigint;
  /** Page mode: `fromId` of the next page, `undefined` when this page reached `nextRequestId`. */
  nextFromId: bigint | undefined;
};

/**
 * Reads the account's Reserve redemption requests in ONE `eth_call`: `getRequest` for each id of the page, the
 * queue cursors, `redeemDelay`, `redeemPaused` and the stablecoins' decimals. The Reserve has no per-account index,
 * so pass the account's `ids` (from the `RedeemRequested` logs, topic 2 = owner, or the subgraph) or page through
 * ids (at most {@link MAX_REQUESTS_PAGE} per call). Validates before any RPC.
 *
 * @example
 * ```ts
 * const { requests } = await getRedemptionRequests(client, { deployment, account, ids: [12n, 15n] })
 * for (const r of requests) if (r.claimable) await claimRedeem(wallet, { deployment, requestId: r.id })
 * ```
 */
export async function getRedemptionRequests(
  client: Client<Transport, Chain | undefined>,
  parameters: GetRedemptionRequestsParameters,
): Promise<GetRedemptionRequestsReturnType> {
  const { deployment, account } = parameters;
  assertAddress(account, "account");
  const ids = pageIds(parameters, { max: MAX_REQUESTS_PAGE, defaultLimit: MAX_REQUESTS_PAGE });
  const reserve = { address: deployment.contracts.Reserve, abi: reserveAbi } as const;
  const { USDC, USDT } = deployment.tokens;
  const { results, timestamp, blockNumber } = await readAll(
    client,
    [
      { ...reserve, functionName: "queueHead" },
      { ...reserve, functionName: "nextRequestId" },
      { ...reserve, functionName: "redeemDelay" },
      { ...reserve, functionName: "redeemPaused" },
      { ...reserve, functionName: "getStableConfig", args: [USDC] },
      { ...reserve, functionName: "getStableConfig", args: [USDT] },
      ...ids.map((id) => ({ ...reserve, functionName: "getRequest", args: [id] }) as const),
    ],
    parameters,
  );
  const [queueHead, nextRequestId, redeemDelay, redeemPaused, usdc, usdt, ...raw] = results as unknown as [
    bigint,
    bigint,
    number,
    boolean,
    { decimals: number },
    { decimals: number },
    ...RawRequest[],
  ];
  const decimalsOf = (stable: Address) =>
    isAddressEqual(stable, USDC) ? usdc.decimals : isAddressEqual(stable, USDT) ? usdt.decimals : 18;
  const requests: RedemptionRequest[] = [];
  raw.forEach((r, i) => {
    const status = redeemRequestStatuses[r.status] ?? "None";
    if (status === "None" || !(isAddressEqual(r.owner, account) || isAddressEqual(r.receiver, account))) return;
    const pending = status === "Pending";
    requests.push({
      id: ids[i] as bigint,
      owner: r.owner,
      receiver: r.receiver,
      stable: r.stable,
      requestedAt: r.requestedAt,
      aidAmount: r.aidAmount,
      status,
      payout: pending ? r.aidAmount / 10n ** BigInt(18 - decimalsOf(r.stable)) : r.payout,
      processableAt: pending ? r.requestedAt + BigInt(redeemDelay) : undefined,
      cancellable: pending && isAddressEqual(r.owner, account),
      claimable: status === "Claimable" && !redeemPaused,
    });
  });
  return {
    blockNumber,
    timestamp,
    account,
    requests,
    queueHead,
    nextRequestId,
    nextFromId: nextFromId(parameters, ids, nextRequestId),
  };
}

type RawRequest = {
  owner: Address;
  receiver: Address;
  stable: Address;
  requestedAt: bigint;
  aidAmount: bigint;
  payout: bigint;
  status: number;
};

