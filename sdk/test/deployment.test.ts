import { describe, expect, test } from "vitest";
import { parseDeployment } from "../src/deployment.js";
import { InvalidDeploymentError } from "../src/errors/validation.js";
import { fakeDeploymentJson } from "./fixtures.js";

function expectBadField(json: unknown, field: string) {
  let caught: unknown;
  try {
    parseDeployment(json);
  } catch (error) {
    caught = error;
  }
  expect(caught, `parseDeployment accepted a bad ${field}`).toBeInstanceOf(InvalidDeploymentError);
  expect((caught as InvalidDeploymentError).field, "error names the bad field").toBe(field);
  expect((caught as InvalidDeploymentError).shortMessage, "short message names the field").toContain(`\`${field}\``);
}

describe("parseDeployment", () => {
  test("accepts the deployments/<chainId>.json shape and parses lltv to bigint", () => {
    const json = fakeDeploymentJson();
    const d = parseDeployment(json);
    expect(d.chainId).toBe(31337);
    expect(d.contracts.Reserve).toBe((json.contracts as Record<string, string>).Reserve);
    expect(d.markets.SAID_USDC.lltv).toBe(860000000000000000n);
    expect(d.tokens.sAID).toMatch(/^0x[0-9a-f]{40}$/);
  });

  test("rejects a non-object root", () => {
    expectBadField(null, "(root)");
    expectBadField([], "(root)");
  });

  test.each([
    ["contracts.Reserve", (j: any) => (j.contracts.Reserve = "0x1234")],
    ["contracts.FlashLiquidator", (j: any) => delete j.contracts.FlashLiquidator],
    ["tokens.sAID", (j: any) => (j.tokens.sAID = 42)],
    ["feeds.GPU_NAV", (j: any) => (j.feeds.GPU_NAV = "0xZZ00000000000000000000000000000000000000")],
    ["pools.SAID_AID", (j: any) => (j.pools.SAID_AID = undefined)],
    ["markets.AID_USDC.oracle", (j: any) => (j.markets.AID_USDC.oracle = "oracle")],
    ["markets.USDC_AID.id", (j: any) => (j.markets.USDC_AID.id = "0x12")],
    ["markets.SAID_USDC.lltv", (j: any) => (j.markets.SAID_USDC.lltv = 0.86)],
    ["markets.SAID_USDC", (j: any) => (j.markets.SAID_USDC = "x")],
    ["chainId", (j: any) => (j.chainId = "31337")],
    ["startBlock", (j: any) => (j.startBlock = -1)],
    ["feeds", (j: any) => delete j.feeds],
  ])("names the bad field %s", (field, mutate) => {
    const json = fakeDeploymentJson();
    mutate(json);
    expectBadField(json, field);
  });

  test("rejects a mixed-case address with a wrong checksum", () => {
    const json = fakeDeploymentJson();
    (json.contracts as Record<string, string>).AID = "0x90F79bf6EB2c4f870365E785982E1f101E93b907".replace("F7", "f7");
    expectBadField(json, "contracts.AID");
  });
});
