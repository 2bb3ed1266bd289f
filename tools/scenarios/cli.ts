/**
 * `npm run scenario -- <name> [--state-dir <dir>]` against a running devnet (`npm run devnet`). Prints a short
 * report; exits 1 when an expected outcome did not happen, 2 on bad usage or when no devnet runs.
 */
import { parseArgs } from "node:util";
import { bankRun } from "./bankRun.js";
import { type ScenarioContext, createScenarioContext } from "./context.js";
import { dealDefault } from "./dealDefault.js";
import { priceShock } from "./priceShock.js";
import { type Report, createReport } from "./report.js";
import { yieldDay } from "./yieldDay.js";

export const SCENARIOS: Record<string, { about: string; run: (ctx: ScenarioContext, report: Report) => Promise<void> }> = {
  "price-shock": {
    about: "AID/USD −8% and GPU NAV −30% through the feeds; the liquidator clears every unhealthy position",
    run: priceShock,
  },
  "deal-default": { about: "a deal defaults; insurance then sAID absorb the loss", run: dealDefault },
  "bank-run": { about: "many exits: sAID epochs settle pro-rata, the Reserve queue drains with repayments", run: bankRun },
  "yield-day": { about: "24 h of income and distributions; prints the sAID APY", run: yieldDay },
};

const usage = `npm run scenario -- <name> [--state-dir .devnet]\n\n${Object.entries(SCENARIOS)
  .map(([name, s]) => `  ${name.padEnd(13)} ${s.about}`)
  .join("\n")}\n`;

async function main(): Promise<number> {
  let name: string | undefined;
  let stateDir: string;
  try {
    const { positionals, values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      allowPositionals: true,
      options: { "state-dir": { type: "string", default: ".devnet" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    name = positionals[0];
    stateDir = values["state-dir"] ?? ".devnet";
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const scenario = name ? SCENARIOS[name] : undefined;
  if (!name || !scenario) {
    console.error(`${name ? `unknown scenario "${name}"` : "which scenario?"}\n\n${usage}`);
    return 2;
  }
  let ctx: ScenarioContext;
  try {
    ctx = await createScenarioContext(stateDir);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const report = createReport();
  const started = Date.now();
  console.log(`scenario ${name}: ${scenario.about}`);
  try {
    await scenario.run(ctx, report);
  } catch (error) {
    report.expect(false, `the scenario ran to the end (${(error as Error).message})`);
  }
  console.log(`\n${report.lines.join("\n")}`);
  const ok = report.failures.length === 0;
  console.log(`\n${ok ? "✔" : "✖"} ${name}: ${ok ? "every expected outcome happened" : `${report.failures.length} expectation(s) failed`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
