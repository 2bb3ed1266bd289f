import { describe, expect, test } from "vitest";
import { getAccountOverview } from "../src/actions/getAccountOverview.js";
import { getFeeds } from "../src/actions/getFeeds.js";
import { mint } from "../src/actions/mint.js";
import { redeem } from "../src/actions/redeem.js";
import { requestUnstake } from "../src/actions/requestUnstake.js";
import { stake } from "../src/actions/stake.js";
import { parseDeployment } from "../src/deployment.js";
import {
  InvalidAddressError,
  InvalidAmountError,
  MissingAccountError,
  UnknownStableError,
} from "../src/errors/validation.js";
import { expectRejectedBeforeRpc, fakeDeploymentJson, recordingClient } from "./fixtures.js";

const deployment = parseDeployment(fakeDeploymentJson());
const ACCOUNT = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

describe("input validation happens before any RPC", () => {
  const cases: [string, (c: ReturnType<typeof recordingClient>["client"]) => Promise<unknown>, new (...a: never[]) => Error, string?][] = [
    ["mint: zero amount", (c) => mint(c, { deployment, stable: "USDC", amount: 0n, minAidOut: 0n, account: ACCOUNT }), InvalidAmountError, "amount"],
    ["mint: negative amount", (c) => mint(c, { deployment, stable: "USDC", amount: -1n, minAidOut: 0n, account: ACCOUNT }), InvalidAmountError, "amount"],
    ["mint: number amount", (c) => mint(c, { deployment, stable: "USDC", amount: 1 as unknown as bigint, minAidOut: 0n, account: ACCOUNT }), InvalidAmountError, "amount"],
    ["mint: negative minAidOut", (c) => mint(c, { deployment, stable: "USDC", amount: 1n, minAidOut: -1n, account: ACCOUNT }), InvalidAmountError, "minAidOut"],
    ["mint: unknown stable symbol", (c) => mint(c, { deployment, stable: "DAI" as "USDC", amount: 1n, minAidOut: 0n, account: ACCOUNT }), UnknownStableError],
    ["mint: unknown stable address", (c) => mint(c, { deployment, stable: deployment.tokens.AID, amount: 1n, minAidOut: 0n, account: ACCOUNT }), UnknownStableError],
    ["mint: bad receiver", (c) => mint(c, { deployment, stable: "USDT", amount: 1n, minAidOut: 0n, account: ACCOUNT, receiver: "0x1234" }), InvalidAddressError, "receiver"],
    ["mint: bad account", (c) => mint(c, { deployment, stable: "USDT", amount: 1n, minAidOut: 0n, account: "0xnope" }), InvalidAddressError, "account"],
    ["mint: no account", (c) => mint(c, { deployment, stable: "USDT", amount: 1n, minAidOut: 0n }), MissingAccountError],
    ["redeem: zero aidIn", (c) => redeem(c, { deployment, stable: "USDC", aidIn: 0n, minAmountOut: 0n, account: ACCOUNT }), InvalidAmountError, "aidIn"],
    ["redeem: unknown stable", (c) => redeem(c, { deployment, stable: "0x0000000000000000000000000000000000000bad", aidIn: 1n, minAmountOut: 0n, account: ACCOUNT }), UnknownStableError],
    ["stake: zero assets", (c) => stake(c, { deployment, assets: 0n, account: ACCOUNT }), InvalidAmountError, "assets"],
    ["stake: bad receiver", (c) => stake(c, { deployment, assets: 1n, account: ACCOUNT, receiver: "0xG000000000000000000000000000000000000000" }), InvalidAddressError, "receiver"],
    ["requestUnstake: zero shares", (c) => requestUnstake(c, { deployment, shares: 0n, account: ACCOUNT }), InvalidAmountError, "shares"],
    ["requestUnstake: bad owner", (c) => requestUnstake(c, { deployment, shares: 1n, account: ACCOUNT, owner: "0x00" }), InvalidAddressError, "owner"],
    ["requestUnstake: bad controller", (c) => requestUnstake(c, { deployment, shares: 1n, account: ACCOUNT, controller: "x" as `0x${string}` }), InvalidAddressError, "controller"],
    ["getAccountOverview: bad account", (c) => getAccountOverview(c, { deployment, account: "0x12" }), InvalidAddressError, "account"],
    ["getFeeds: negative maxAge", (c) => getFeeds(c, { deployment, maxAge: -1n }), InvalidAmountError, "maxAge.USDC_USD"],
  ];

  test.each(cases)("%s", async (_, run, ErrorClass, parameter) => {
    await expectRejectedBeforeRpc(run, ErrorClass, parameter);
  });

  test("a stable may be given by symbol or by address in any case", async () => {
    const { client, requests } = recordingClient();
    // Validation passes, so the action reaches the (failing) transport: exactly the simulation is attempted.
    await expect(
      mint(client, { deployment, stable: deployment.tokens.USDT.toLowerCase() as `0x${string}`, amount: 1n, minAidOut: 0n, account: ACCOUNT }),
    ).rejects.toThrow(/unexpected RPC eth_call/);
    expect(requests, "only the simulation was attempted").toEqual(["eth_call"]);
  });
});
