import type { Address, Chain, Client, ContractFunctionReturnType, Hex, Transport } from "viem";
import { dealBookAbi } from "../abis/dealBook.js";
import type { Deployment } from "../deployment.js";
import { type IdPage, nextFromId, pageIds } from "../utils/page.js";
import { type ReadOptions, readAllSettled } from "../utils/multicall.js";

/**
 * Most deals one {@link getDeals} call reads (two calls each, in one `eth_call`). Bounded by the response size: a
 * deployless multicall returns its results as the code of a contract being created, which EIP-170 caps at 24 576
 * bytes, and a deal costs 1 024 bytes of it (`getDeal`'s 23 words + `ltvBps`, with Multicall3's framing).
 */
export const MAX_DEALS_PAGE = 20;

/** `IDealBook.Status` names, by their enum value. */
export const dealStatuses = ["None", "Proposed", "Active", "Late", "Defaulted", "Liquidated", "Repaid"] as const;
export type DealStatus = (typeof dealStatuses)[number];

/** Parameters of {@link getDeals}: either explicit `ids`, or a page `fromId` (default 1) / `limit` (default and max {@link MAX_DEALS_PAGE}). */
export type GetDealsParameters = ReadOptions & {
  deployment: Deployment;
} & IdPage;

/** One deal of the book. USD amounts are 18-decimal (1e18 = $1). */
export type DealView = {
  id: bigint;
  status: DealStatus;
  /** Borrower's LTV went above `maxLtvBps` at the last mark and was not cleared since. */
  marginCall: boolean;
  borrowerId: Hex;
  assetClass: "GPU" | "ROBOTICS";
  structure: "FIXED_RATE" | "REVENUE_SHARE";
  /** APR (FIXED_RATE) or revenue share (REVENUE_SHARE), bps. */
  rateBps: number;
  hardwareCount: number;
  hardwareModel: Hex;
  /** H100-equivalent units (18 decimals). */
  navUnits: bigint;
  /** Hardware value at the last NAV mark (the LTV denominator). */
  collateralValue: bigint;
  advanceRateBps: number;
  maxLtvBps: number;
  tenor: bigint;
  payoutWallet: Address;
  /** Funding time and maturity (0 before funding). */
  start: bigint;
  maturity: bigint;
  principal: bigint;
  outstandingPrincipal: bigint;
  /** What the deal counts for in the Reserve's backing. */
  carryingValue: bigint;
  principalRepaid: bigint;
  incomeReceived: bigint;
  lastMarkedAt: bigint;
  /** `ltvBps(id)`: outstanding / collateral value, bps, rounded up (`2^256 − 1` with no collateral value). */
  ltvBps: bigint;
  /**
   * Next contractual due date: the DealBook records no instalment schedule, so this is the maturity (bullet
   * principal) of a funded deal with principal outstanding (`Active` or `Late`); `undefined` otherwise.
   */
  nextDue: bigint | undefined;
  /** `nextDue` passed at the block read. */
  overdue: boolean;
};

/** Return type of {@link getDeals}. */
export type GetDealsReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  /** `dealCount()`: ids run from 1 to it. */
  dealCount: bigint;
  deals: DealView[];
  /** `ids` mode: requested ids that do not exist (above `dealCount`, or 0). Always empty in page mode. */
  missing: bigint[];
  /** Page mode: the `fromId` of the next page, `undefined` when this page reached `dealCount`. */
  nextFromId: bigint | undefined;
};

/**
 * Reads deals of the DealBook in ONE `eth_call`: `dealCount`, and `getDeal` + `ltvBps` of each id of the page
 * (explicit `ids`, or `limit` ids from `fromId`; at most {@link MAX_DEALS_PAGE}). Ids past the end are reported in
 * `missing`, not thrown. Validates the page before any RPC ({@link InvalidParameterError}).
 *
 * @example
 * ```ts
 * let page = await getDeals(client, { deployment })
 * while (page.nextFromId !== undefined) page = await getDeals(client, { deployment, fromId: page.nextFromId })
 * ```
 */
export async function getDeals(
  client: Client<Transport, Chain | undefined>,
  parameters: GetDealsParameters,
): Promise<GetDealsReturnType> {
  const { deployment } = parameters;
  const ids = pageIds(parameters, { max: MAX_DEALS_PAGE, defaultLimit: MAX_DEALS_PAGE });
  const book = { address: deployment.contracts.DealBook, abi: dealBookAbi } as const;
  const { results, timestamp, blockNumber } = await readAllSettled(
    client,
    [
      { ...book, functionName: "dealCount" },
      ...ids.flatMap((id) => [
        { ...book, functionName: "getDeal", args: [id] } as const,
        { ...book, functionName: "ltvBps", args: [id] } as const,
      ]),
    ],
    parameters,
  );
  const [countResult, ...rest] = results;
  if (countResult?.status !== "success") throw countResult?.error;
  const dealCount = countResult.result as bigint;
  const deals: DealView[] = [];
  const missing: bigint[] = [];
  ids.forEach((id, i) => {
    const deal = rest[2 * i];
    const ltv = rest[2 * i + 1];
    if (id < 1n || id > dealCount || deal?.status !== "success" || ltv?.status !== "success") {
      // Only a nonexistent id may fail; anything else (an id that exists) is a real error.
      if (id >= 1n && id <= dealCount) throw deal?.status === "failure" ? deal.error : ltv?.error;
      if (parameters.ids !== undefined) missing.push(id);
      return;
    }
    deals.push(view(id, deal.result as DealStruct, ltv.result as bigint, timestamp));
  });
  return {
    blockNumber,
    timestamp,
    dealCount,
    deals,
    missing,
    nextFromId: nextFromId(parameters, ids, dealCount + 1n),
  };
}

/** `getDeal`'s return, typed from the ABI. */
type DealStruct = ContractFunctionReturnType<typeof dealBookAbi, "view", "getDeal">;

function view(id: bigint, d: DealStruct, ltvBps: bigint, timestamp: bigint): DealView {
  const status = dealStatuses[d.status] ?? "None";
  const due = (status === "Active" || status === "Late") && d.outstandingPrincipal > 0n ? d.maturity : undefined;
  return {
    id,
    status,
    marginCall: d.marginCall,
    borrowerId: d.terms.borrowerId,
    assetClass: d.terms.assetClass === 0 ? "GPU" : "ROBOTICS",
    structure: d.terms.structure === 0 ? "FIXED_RATE" : "REVENUE_SHARE",
    rateBps: d.terms.rateBps,
    hardwareCount: d.terms.hardwareCount,
    hardwareModel: d.terms.hardwareModel,
    navUnits: d.terms.navUnits,
    collateralValue: d.terms.collateralValue,
    advanceRateBps: d.terms.advanceRateBps,
    maxLtvBps: d.terms.maxLtvBps,
    tenor: d.terms.tenor,
    payoutWallet: d.terms.payoutWallet,
    start: d.start,
    maturity: d.maturity,
    principal: d.principal,
    outstandingPrincipal: d.outstandingPrincipal,
    carryingValue: d.carryingValue,
    principalRepaid: d.principalRepaid,
    incomeReceived: d.incomeReceived,
    lastMarkedAt: d.lastMarkedAt,
    ltvBps,
    nextDue: due,
    overdue: due !== undefined && timestamp > due,
  };
}

