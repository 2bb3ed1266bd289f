/**
 * The Reserve redemption queue (requestRedeem / cancelRedeem / claimRedeem, getRedemptionRequests) and EIP-2612
 * permits (signPermit / permit) against a fresh devnet: simulated results equal the receipts' events and the balance
 * changes, the view equals getRequest at the same block in one eth_call, and rejected writes send nothing.
 */
import { type Address, decodeEventLog, erc20Abi, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aidAbi } from "../src/abis/aid.js";
import { reserveAbi } from "../src/abis/reserve.js";
import { cancelRedeem } from "../src/actions/cancelRedeem.js";
import { claimRedeem } from "../src/actions/claimRedeem.js";
import { getRedemptionRequests, redeemRequestStatuses } from "../src/actions/getRedemptionRequests.js";
import { mint } from "../src/actions/mint.js";
import { permit, signPermit } from "../src/actions/permit.js";
import { requestRedeem } from "../src/actions/requestRedeem.js";
import { createAidClient } from "../src/clients/createAidClient.js";
import { AidContractError } from "../src/errors/contract.js";
import { InvalidAmountError, InvalidParameterError, UnknownStableError } from "../src/errors/validation.js";
import { type Harness, OPERATOR, USER_B, USER_C, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // USER_B holds 10 000 AID minted through the SDK.
  const amount = parseUnits("10000", 6);
  await h.fundStable(h.deployment.tokens.USDC, USER_B, amount, h.deployment.contracts.Reserve);
  await h.mined((await mint(h.wallet(USER_B), { deployment: h.deployment, stable: "USDC", amount, minAidOut: 0n })).hash);
});
afterAll(async () => {
  await h?.stop();
});

function event(receipt: { logs: readonly { address: Address; data: `0x${string}`; topics: readonly `0x${string}`[] }[] }, abi: typeof reserveAbi | typeof aidAbi, name: string) {
  return receipt.logs
    .map((log) => { try { return decodeEventLog({ abi, data: log.data, topics: log.topics as [`0x${string}`] }); } catch { return undefined; } })
    .find((e) => e?.eventName === name)?.args as Record<string, unknown> | undefined;
}

async function rejected(fn: () => Promise<unknown>, account: Address, errorName: string) {
  const nonce = await h.chain.getTransactionCount({ address: account });
  const error = await fn().catch((e: unknown) => e);
  expect(error, `${errorName}: a decoded contract error`).toBeInstanceOf(AidContractError);
  expect((error as AidContractError).errorName).toBe(errorName);
  expect(await h.chain.getTransactionCount({ address: account }), "nothing was sent").toBe(nonce);
  return error as AidContractError;
}

describe("EIP-2612 permit", () => {
  test("signPermit reads nonce + domain in one eth_call and signs; a relayer's permit sets the allowance", async () => {
    const { deployment } = h;
    const value = parseUnits("3000", 18);
    const now = (await h.chain.getBlock()).timestamp;
    const { value: signed, methods } = await h.count(() =>
      signPermit(h.counted, { token: deployment.tokens.AID, spender: deployment.contracts.Reserve, value, deadline: now + 3_600n, account: USER_B }),
    );
    expect(methods, "one eth_call, then the signature").toEqual(["eth_call", "eth_signTypedData_v4"]);
    const nonceBefore = await h.chain.readContract({ address: deployment.tokens.AID, abi: aidAbi, functionName: "nonces", args: [USER_B] });
    expect(signed.nonce).toBe(nonceBefore);
    expect(signed.domain, "the token's EIP-712 domain").toEqual({ name: "AI Dollar", version: "1", chainId: 31337, verifyingContract: deployment.tokens.AID });
    // The relayer (OPERATOR) submits it: the simulated call succeeds and the allowance is the owner's.
    const sent = await permit(h.wallet(OPERATOR), signed);
    const receipt = await h.mined(sent.hash);
    expect(event(receipt, aidAbi, "Approval"), "Approval event").toEqual({ owner: USER_B, spender: deployment.contracts.Reserve, value });
    expect(await h.chain.readContract({ address: deployment.tokens.AID, abi: erc20Abi, functionName: "allowance", args: [USER_B, deployment.contracts.Reserve] })).toBe(value);
    expect(await h.chain.readContract({ address: deployment.tokens.AID, abi: aidAbi, functionName: "nonces", args: [USER_B] }), "nonce used").toBe(nonceBefore + 1n);
    // A replay recovers another signer (the nonce moved on): rejected by the simulation.
    await rejected(() => permit(h.wallet(OPERATOR), signed), OPERATOR, "ERC2612InvalidSigner");
  });

  test("an expired permit is rejected with ERC2612ExpiredSignature; a malformed signature before any RPC", async () => {
    const { deployment } = h;
    const now = (await h.chain.getBlock()).timestamp;
    const signed = await signPermit(h.wallet(USER_B), { token: deployment.tokens.AID, spender: USER_C, value: 1n, deadline: now - 1n });
    const error = await rejected(() => permit(h.wallet(OPERATOR), signed), OPERATOR, "ERC2612ExpiredSignature");
    expect(error.args).toEqual([now - 1n]);
    const { value: bad, methods } = await h.count(() =>
      permit(h.counted, { ...signed, signature: "0x1234", account: OPERATOR }).catch((e: unknown) => e),
    );
    expect(bad).toBeInstanceOf(InvalidParameterError);
    expect(methods, "no RPC").toEqual([]);
  });
});

describe("Reserve redemption queue", () => {
  let first: bigint;
  let second: bigint;

  test("requestRedeem: the simulated id equals RedeemRequested, the AID is escrowed", async () => {
    const { deployment } = h;
    const aid = createAidClient({ client: h.wallet(USER_B), deployment });
    const before = await h.balanceOf(deployment.tokens.AID, USER_B);
    const a = await aid.requestRedeem({ stable: "USDC", aidAmount: parseUnits("1000", 18) });
    const ra = await h.mined(a.hash);
    expect(event(ra, reserveAbi, "RedeemRequested"), "event").toEqual({ requestId: a.result, owner: USER_B, receiver: USER_B, stable: deployment.tokens.USDC, aidAmount: parseUnits("1000", 18) });
    const b = await aid.requestRedeem({ stable: "USDT", aidAmount: parseUnits("500", 18), receiver: USER_C });
    const rb = await h.mined(b.hash);
    expect((event(rb, reserveAbi, "RedeemRequested") as { requestId: bigint }).requestId).toBe(b.result);
    expect(b.result, "ids are sequential").toBe(a.result + 1n);
    expect(before - (await h.balanceOf(deployment.tokens.AID, USER_B)), "AID escrowed").toBe(parseUnits("1500", 18));
    first = a.result;
    second = b.result;
  });

  test("getRedemptionRequests: one eth_call; owner and receiver views equal getRequest", async () => {
    const { deployment } = h;
    const { value: view, methods, http } = await h.count(() => getRedemptionRequests(h.counted, { deployment, account: USER_B }));
    expect(methods, "one eth_call").toEqual(["eth_call"]);
    expect(http).toBe(1);
    const b = view.blockNumber;
    const r = (functionName: string, args: readonly unknown[] = []) =>
      h.chain.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName, args, blockNumber: b } as never) as Promise<never>;
    expect(view.queueHead).toBe(await r("queueHead"));
    expect(view.nextRequestId).toBe(await r("nextRequestId"));
    expect(view.nextFromId, "one page covers the queue").toBeUndefined();
    const delay = BigInt(await r("redeemDelay"));
    expect(view.requests.map((x) => x.id), "both of USER_B's requests").toEqual([first, second]);
    for (const x of view.requests) {
      const onchain: { owner: Address; receiver: Address; stable: Address; requestedAt: bigint; aidAmount: bigint; payout: bigint; status: number } = await r("getRequest", [x.id]);
      expect(x).toEqual({
        id: x.id,
        owner: onchain.owner,
        receiver: onchain.receiver,
        stable: onchain.stable,
        requestedAt: onchain.requestedAt,
        aidAmount: onchain.aidAmount,
        status: redeemRequestStatuses[onchain.status],
        // Pending: what processing will set aside, 1:1 normalised to 6 decimals.
        payout: onchain.aidAmount / 10n ** 12n,
        processableAt: onchain.requestedAt + delay,
        cancellable: true,
        claimable: false,
      });
    }
    // The receiver sees the request paying it, but cannot cancel it.
    const c = await getRedemptionRequests(h.chain, { deployment, account: USER_C, ids: [first, second, 9_999n] });
    expect(c.requests.map((x) => [x.id, x.cancellable])).toEqual([[second, false]]);
  });

  test("cancelRedeem: only the owner, only pending; the escrow comes back", async () => {
    const { deployment } = h;
    await rejected(() => cancelRedeem(h.wallet(USER_C), { deployment, requestId: second }), USER_C, "NotRequestOwner");
    const dry = await cancelRedeem(h.wallet(USER_B), { deployment, requestId: second, dryRun: true });
    expect(dry.hash).toBeUndefined();
    const before = await h.balanceOf(deployment.tokens.AID, USER_B);
    const sent = await cancelRedeem(h.wallet(USER_B), { deployment, requestId: second });
    const receipt = await h.mined(sent.hash);
    expect(event(receipt, reserveAbi, "RedeemCancelled")).toEqual({ requestId: second, owner: USER_B, aidReturned: parseUnits("500", 18) });
    expect((await h.balanceOf(deployment.tokens.AID, USER_B)) - before).toBe(parseUnits("500", 18));
    const view = await getRedemptionRequests(h.chain, { deployment, account: USER_B, ids: [second] });
    expect(view.requests[0]).toMatchObject({ status: "Cancelled", cancellable: false, claimable: false });
    const again = await rejected(() => cancelRedeem(h.wallet(USER_B), { deployment, requestId: second }), USER_B, "InvalidRequestStatus");
    expect(again.args, "status Cancelled = 4").toEqual([second, 4]);
  });

  test("claimRedeem: rejected while pending; after processQueue anyone claims and the receiver gets the simulated payout", async () => {
    const { deployment } = h;
    const pending = await rejected(() => claimRedeem(h.wallet(USER_B), { deployment, requestId: first }), USER_B, "InvalidRequestStatus");
    expect(pending.args, "status Pending = 1").toEqual([first, 1]);
    const delay = await h.chain.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "redeemDelay" });
    await h.increaseTime(BigInt(delay) + 1n);
    await h.mined(await h.wallet(OPERATOR).writeContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "processQueue", args: [50n], chain: null }));
    const view = await getRedemptionRequests(h.chain, { deployment, account: USER_B, ids: [first] });
    const request = await h.chain.readContract({ address: deployment.contracts.Reserve, abi: reserveAbi, functionName: "getRequest", args: [first] });
    expect(view.requests[0]).toMatchObject({ status: "Claimable", payout: request.payout, claimable: true, cancellable: false, processableAt: undefined });
    expect(request.payout, "1 000 AID → 1 000 USDC").toBe(parseUnits("1000", 6));

    const before = await h.balanceOf(deployment.tokens.USDC, USER_B);
    const sent = await claimRedeem(h.wallet(OPERATOR), { deployment, requestId: first }); // anyone may claim
    const receipt = await h.mined(sent.hash);
    expect(event(receipt, reserveAbi, "RedeemClaimed")).toEqual({ requestId: first, receiver: USER_B, aidBurned: parseUnits("1000", 18), payout: sent.result });
    expect((await h.balanceOf(deployment.tokens.USDC, USER_B)) - before, "the receiver got the simulated payout").toBe(sent.result);
    expect(sent.result).toBe(request.payout);
    const after = await getRedemptionRequests(h.chain, { deployment, account: USER_B, ids: [first] });
    expect(after.requests[0]?.status).toBe("Claimed");
  });

  test("inputs are validated before any RPC", async () => {
    const { deployment } = h;
    const cases: [() => Promise<unknown>, unknown][] = [
      [() => requestRedeem(h.counted, { deployment, stable: "USDC", aidAmount: 0n, account: USER_B }), InvalidAmountError],
      [() => requestRedeem(h.counted, { deployment, stable: "DAI" as "USDC", aidAmount: 1n, account: USER_B }), UnknownStableError],
      [() => cancelRedeem(h.counted, { deployment, requestId: 0n, account: USER_B }), InvalidParameterError],
      [() => claimRedeem(h.counted, { deployment, requestId: 1 as unknown as bigint, account: USER_B }), InvalidParameterError],
      [() => getRedemptionRequests(h.counted, { deployment, account: USER_B, limit: 51 }), InvalidParameterError],
      [() => getRedemptionRequests(h.counted, { deployment, account: "0x12" as Address }), Error],
    ];
    for (const [fn, type] of cases) {
      const { value: error, methods } = await h.count(() => fn().catch((e: unknown) => e));
      expect(error).toBeInstanceOf(type as never);
      expect(methods, "no RPC").toEqual([]);
    }
  });
});
