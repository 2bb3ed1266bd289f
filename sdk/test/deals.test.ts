/** getDeals against the seeded devnet: every field equals DealBook.getDeal / ltvBps at the same block, one eth_call. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dealBookAbi } from "../src/abis/dealBook.js";
import { MAX_DEALS_PAGE, dealStatuses, getDeals } from "../src/actions/getDeals.js";
import { createAidClient } from "../src/clients/createAidClient.js";
import { InvalidParameterError } from "../src/errors/validation.js";
import { type Harness, OPERATOR, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe("getDeals", () => {
  test("default page: one eth_call; every deal equals getDeal + ltvBps on chain", async () => {
    const { deployment, chain } = h;
    const { value: page, methods, http } = await h.count(() => getDeals(h.counted, { deployment }));
    expect(methods, "exactly one JSON-RPC request").toEqual(["eth_call"]);
    expect(http, "one HTTP round trip").toBe(1);
    const { blockNumber } = page;
    const book = { address: deployment.contracts.DealBook, abi: dealBookAbi, blockNumber } as const;
    const count = await chain.readContract({ ...book, functionName: "dealCount" });
    expect(page.dealCount).toBe(count);
    expect(count, "the seed proposed deals").toBeGreaterThanOrEqual(3n);
    expect(page.deals.map((d) => d.id), "ids 1..dealCount").toEqual(Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1)));
    expect(page.missing, "page mode reports nothing missing").toEqual([]);
    expect(page.nextFromId, "the page reached the end").toBeUndefined();
    expect(page.timestamp).toBe((await chain.getBlock({ blockNumber })).timestamp);
    for (const d of page.deals) {
      const onchain = await chain.readContract({ ...book, functionName: "getDeal", args: [d.id] });
      const ltv = await chain.readContract({ ...book, functionName: "ltvBps", args: [d.id] });
      const live = onchain.status === 2 || onchain.status === 3;
      expect(d, `deal ${d.id}`).toEqual({
        id: d.id,
        status: dealStatuses[onchain.status],
        marginCall: onchain.marginCall,
        borrowerId: onchain.terms.borrowerId,
        assetClass: ["GPU", "ROBOTICS"][onchain.terms.assetClass],
        structure: ["FIXED_RATE", "REVENUE_SHARE"][onchain.terms.structure],
        rateBps: onchain.terms.rateBps,
        hardwareCount: onchain.terms.hardwareCount,
        hardwareModel: onchain.terms.hardwareModel,
        navUnits: onchain.terms.navUnits,
        collateralValue: onchain.terms.collateralValue,
        advanceRateBps: onchain.terms.advanceRateBps,
        maxLtvBps: onchain.terms.maxLtvBps,
        tenor: onchain.terms.tenor,
        payoutWallet: onchain.terms.payoutWallet,
        start: onchain.start,
        maturity: onchain.maturity,
        principal: onchain.principal,
        outstandingPrincipal: onchain.outstandingPrincipal,
        carryingValue: onchain.carryingValue,
        principalRepaid: onchain.principalRepaid,
        incomeReceived: onchain.incomeReceived,
        lastMarkedAt: onchain.lastMarkedAt,
        ltvBps: ltv,
        nextDue: live && onchain.outstandingPrincipal > 0n ? onchain.maturity : undefined,
        overdue: live && onchain.outstandingPrincipal > 0n && page.timestamp > onchain.maturity,
      });
    }
    // The seed funded two deals and left one proposed: the view is not trivially empty.
    const funded = page.deals.filter((d) => d.status === "Active");
    expect(funded.length, "funded deals").toBeGreaterThanOrEqual(2);
    for (const d of funded) {
      expect(d.ltvBps, `deal ${d.id} has an LTV`).toBeGreaterThan(0n);
      expect(d.nextDue, `deal ${d.id} is due at maturity`).toBe(d.maturity);
    }
    expect(page.deals.some((d) => d.status === "Proposed" && d.nextDue === undefined), "a proposed deal is not due").toBe(true);
  });

  test("explicit ids: nonexistent ones are reported in `missing`, not thrown", async () => {
    const page = await getDeals(h.chain, { deployment: h.deployment, ids: [2n, 0n, 999n, 1n] });
    expect(page.deals.map((d) => d.id)).toEqual([2n, 1n]);
    expect(page.missing).toEqual([0n, 999n]);
    expect(page.nextFromId, "no paging with ids").toBeUndefined();
  });

  test("paging: limit 2 from 1 points at 3; the next page ends the book; the client binds it", async () => {
    const aid = createAidClient({ client: h.chain, deployment: h.deployment });
    const first = await aid.getDeals({ limit: 2 });
    expect(first.deals.map((d) => d.id)).toEqual([1n, 2n]);
    expect(first.nextFromId).toBe(3n);
    const second = await aid.getDeals({ fromId: 3n, limit: 2 });
    expect(second.deals[0]?.id).toBe(3n);
    expect(second.nextFromId, first.dealCount > 4n ? "more deals" : "end").toBe(first.dealCount > 4n ? 5n : undefined);
  });

  test("invalid pages are rejected before any RPC", async () => {
    const cases = [
      { ids: [] },
      { ids: Array.from({ length: MAX_DEALS_PAGE + 1 }, (_, i) => BigInt(i)) },
      { ids: [1n, -1n] },
      { ids: [1 as unknown as bigint] },
      { fromId: 0n },
      { limit: 0 },
      { limit: MAX_DEALS_PAGE + 1 },
      { limit: 1.5 },
    ];
    for (const page of cases) {
      const { value: error, methods } = await h.count(() =>
        getDeals(h.counted, { deployment: h.deployment, ...(page as { ids: bigint[] }) }).catch((e: unknown) => e),
      );
      expect(error, JSON.stringify(page, (_, v) => (typeof v === "bigint" ? `${v}n` : v))).toBeInstanceOf(InvalidParameterError);
      expect(methods, "no RPC").toEqual([]);
    }
  });

  test("a full page of real deals (the largest response) fits in one deployless eth_call", async () => {
    const { deployment, chain } = h;
    const book = { address: deployment.contracts.DealBook, abi: dealBookAbi } as const;
    // The seed's proposed deal is copied (same terms) until the book holds more than a page.
    const count = await chain.readContract({ ...book, functionName: "dealCount" });
    const proposed = (await getDeals(chain, { deployment })).deals.find((d) => d.status === "Proposed");
    if (!proposed) throw new Error("the seed left no proposed deal");
    const { terms } = await chain.readContract({ ...book, functionName: "getDeal", args: [proposed.id] });
    const operator = h.wallet(OPERATOR);
    for (let i = count; i <= BigInt(MAX_DEALS_PAGE); i++)
      await h.mined(await operator.writeContract({ ...book, functionName: "propose", args: [terms], chain: null }));
    const { value: page, methods } = await h.count(() => getDeals(h.counted, { deployment }));
    expect(methods, "still one eth_call").toEqual(["eth_call"]);
    expect(page.dealCount, "more deals than a page").toBe(BigInt(MAX_DEALS_PAGE) + 1n);
    expect(page.deals.length, "a full page").toBe(MAX_DEALS_PAGE);
    expect(page.nextFromId).toBe(BigInt(MAX_DEALS_PAGE) + 1n);
    const next = await getDeals(chain, { deployment, fromId: page.nextFromId });
    expect(next.deals.map((d) => [d.id, d.status, d.collateralValue]), "the last one").toEqual([[BigInt(MAX_DEALS_PAGE) + 1n, "Proposed", terms.collateralValue]]);
    expect(next.nextFromId).toBeUndefined();
  });
});
