import type { Chain, Client, Transport } from "viem";
import { getLogs } from "viem/actions";
import { getAction } from "viem/utils";
import { stakedAidAbi } from "../abis/stakedAid.js";
import type { Deployment } from "../deployment.js";
import { InvalidParameterError } from "../errors/validation.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";

/** Parameters of {@link getVestingSchedule}. */
export type GetVestingScheduleParameters = Pick<ReadOptions, "multicallAddress"> & {
  deployment: Deployment;
  /** First block searched for `YieldDistributed` (default: the deployment's `startBlock`). */
  fromBlock?: bigint | undefined;
};

/** Return type of {@link getVestingSchedule}. AID amounts, 18 decimals; times in seconds. */
export type GetVestingScheduleReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  /** The latest distribution, or `undefined` when none was found from `fromBlock`. */
  schedule:
    | {
        /** `YieldDistributed.amount`. */
        amount: bigint;
        /** Its block's timestamp (the contract sets `vestingStart = block.timestamp`). */
        start: bigint;
        /** `YieldDistributed.vestingEnd`. */
        end: bigint;
        /** Σ `LossReported.unvestedCancelled` since: unvested yield a loss took instead of letting it vest. */
        cancelled: bigint;
        /** `unvestedYield()` now. */
        unvested: bigint;
        /** Vested so far: `amount − cancelled − unvested`. */
        vested: bigint;
        /** Block of the distribution. */
        distributedAt: bigint;
      }
    | undefined;
};

/**
 * The running (or last) sAID vesting schedule in full — amount, start, end, vested so far — which the vault's
 * getters alone do not give (they expose the end and the unvested amount only, see the overview's `sAid.vesting`).
 *
 * Round trips: three, in sequence: an `eth_call` (`unvestedYield()` and the clock now), an `eth_getLogs`
 * (`YieldDistributed` and `LossReported` of the vault from `fromBlock` to that block), and an `eth_call` at the
 * distribution's block for its timestamp (none when there was no distribution). The node must serve logs from
 * `fromBlock` and state at the distribution's block.
 *
 * @example
 * ```ts
 * const { schedule } = await getVestingSchedule(client, { deployment })
 * if (schedule) console.log(formatAmount(schedule.vested, 18), "of", formatAmount(schedule.amount, 18), "vested")
 * ```
 */
export async function getVestingSchedule(
  client: Client<Transport, Chain | undefined>,
  parameters: GetVestingScheduleParameters,
): Promise<GetVestingScheduleReturnType> {
  const { deployment, multicallAddress } = parameters;
  const fromBlock = parameters.fromBlock ?? BigInt(deployment.startBlock);
  if (typeof fromBlock !== "bigint" || fromBlock < 0n)
    throw new InvalidParameterError({ parameter: "fromBlock", value: fromBlock, reason: "must be a non-negative bigint" });
  const vault = { address: deployment.tokens.sAID, abi: stakedAidAbi } as const;
  // Now first, so the logs are read up to the same block (no loss slips in between the two).
  const current = await readAll(client, [{ ...vault, functionName: "unvestedYield" }] as const, { multicallAddress });
  const logs = await getAction(
    client,
    getLogs,
    "getLogs",
  )({
    address: deployment.tokens.sAID,
    events: stakedAidAbi.filter(
      (item) => item.type === "event" && (item.name === "YieldDistributed" || item.name === "LossReported"),
    ),
    fromBlock,
    toBlock: current.blockNumber,
    strict: true,
  });
  let lastIndex = -1;
  logs.forEach((log, i) => {
    if (log.eventName === "YieldDistributed") lastIndex = i;
  });
  const distribution = logs[lastIndex];
  if (distribution === undefined || distribution.eventName !== "YieldDistributed" || distribution.blockNumber === null)
    return { blockNumber: current.blockNumber, timestamp: current.timestamp, schedule: undefined };
  const then = await readAll(client, [] as const, { multicallAddress, blockNumber: distribution.blockNumber });
  let cancelled = 0n;
  for (const log of logs.slice(lastIndex + 1)) if (log.eventName === "LossReported") cancelled += log.args.unvestedCancelled;
  const [unvested] = current.results;
  const { amount, vestingEnd } = distribution.args;
  return {
    blockNumber: current.blockNumber,
    timestamp: current.timestamp,
    schedule: {
      amount,
      start: then.timestamp,
      end: vestingEnd,
      cancelled,
      unvested,
      vested: amount - cancelled - unvested,
      distributedAt: distribution.blockNumber,
    },
  };
}
