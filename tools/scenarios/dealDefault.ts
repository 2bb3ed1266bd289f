/**
 * deal-default: an active deal (the robotics fleet, #2 of the demo seed, on a fresh devnet; #1 is kept performing
 * for the other scenarios' repayments) stops paying; the servicer marks it late, then writes it
 * down to a 70% recovery (the fleet resold). The loss waterfall must run exactly: insurance first, then sAID
 * holders (the vault's rate falls), then whatever is left is recorded as uncovered.
 */
import { formatUnits, parseEventLogs } from "viem";
import { dealBookAbi, reserveAbi, stakedAidAbi } from "../../sdk/src/index.js";
import { type ScenarioContext, call } from "./context.js";
import type { Report } from "./report.js";

const ACTIVE = 2;
const RECOVERY_BPS = 7_000n;

export async function dealDefault(ctx: ScenarioContext, report: Report): Promise<void> {
  const { deployment, client, operator } = ctx;
  const book = deployment.contracts.DealBook;
  const rate = () =>
    client.readContract({ address: deployment.tokens.sAID, abi: stakedAidAbi, functionName: "convertToAssets", args: [10n ** 18n] });

  const count = await client.readContract({ address: book, abi: dealBookAbi, functionName: "dealCount" });
  let DEFAULTING_DEAL = 0n;
  for (let id = 2n; id <= count && DEFAULTING_DEAL === 0n; id++) {
    const d = await client.readContract({ address: book, abi: dealBookAbi, functionName: "getDeal", args: [id] });
    if (d.status === ACTIVE) DEFAULTING_DEAL = id;
  }
  if (DEFAULTING_DEAL === 0n) {
    report.expect(false, "an active deal other than #1 exists to default (run on a fresh devnet)");
    return;
  }
  const deal = await client.readContract({ address: book, abi: dealBookAbi, functionName: "getDeal", args: [DEFAULTING_DEAL] });
  const carrying = deal.carryingValue;
  const recovery = (carrying * RECOVERY_BPS) / 10_000n;
  const rateBefore = await rate();
  report.line(`deal #${DEFAULTING_DEAL} carrying value ${formatUnits(carrying, 18)}; recovery ${Number(RECOVERY_BPS) / 100}% = ${formatUnits(recovery, 18)}`);

  const receipts = await ctx.send(operator, [
    call(book, dealBookAbi, "markLate", [DEFAULTING_DEAL]),
    call(deployment.contracts.Reserve, reserveAbi, "writeDownDeal", [DEFAULTING_DEAL, recovery]),
  ]);
  const writeDown = receipts[1];
  if (!writeDown) throw new Error("no receipt for writeDownDeal");
  const [defaulted] = parseEventLogs({ abi: dealBookAbi, eventName: "DealDefaulted", logs: writeDown.logs });
  const [absorbed] = parseEventLogs({ abi: reserveAbi, eventName: "LossAbsorbed", logs: writeDown.logs });
  const rateAfter = await rate();

  report.expect(defaulted !== undefined && defaulted.args.loss === carrying - recovery, `DealDefaulted: loss ${formatUnits(carrying - recovery, 18)} AID`);
  if (!absorbed) {
    report.expect(false, "LossAbsorbed emitted");
    return;
  }
  const { loss, insuranceCovered, stakersCovered, uncovered } = absorbed.args;
  report.line(`insurance covered ${formatUnits(insuranceCovered, 18)}, sAID holders ${formatUnits(stakersCovered, 18)}, uncovered ${formatUnits(uncovered, 18)}`);
  report.expect(insuranceCovered + stakersCovered + uncovered === loss, "the waterfall accounts for the whole loss");
  report.expect(stakersCovered === 0n || insuranceCovered > 0n, "insurance pays before sAID holders");
  const status = (await client.readContract({ address: book, abi: dealBookAbi, functionName: "getDeal", args: [DEFAULTING_DEAL] })).status;
  report.expect(status === 4, `deal #${DEFAULTING_DEAL} status is Defaulted (${status})`);
  const changeBps = ((rateAfter - rateBefore) * 10_000n) / rateBefore;
  report.line(`sAID rate ${formatUnits(rateBefore, 18)} → ${formatUnits(rateAfter, 18)} AID (${Number(changeBps) / 100}%)`);
  report.expect(stakersCovered > 0n ? rateAfter < rateBefore : rateAfter >= rateBefore, "the sAID rate moved by what its holders absorbed");
}
