import { type Abi, type Hex, decodeErrorResult, isHex, toFunctionSelector } from "viem";
import {
  adaptiveCurveIrmAbi,
  aidAbi,
  dealBookAbi,
  flashLiquidatorAbi,
  insuranceFundAbi,
  morphoOracleAdapterAbi,
  pushFeedAbi,
  reserveAbi,
  stakedAidAbi,
  yieldDistributorAbi,
} from "../abis/index.js";
import { AidSdkError, walk } from "./base.js";

/** One custom error entry of an ABI. */
export type AbiError = Extract<Abi[number], { type: "error" }>;

/**
 * Every custom error of the AID contracts, once per signature (errors with the same signature, e.g. `ZeroAmount()`
 * of the Reserve and of sAID, have the same selector and decode the same way).
 */
export const aidErrorsAbi: readonly AbiError[] = (() => {
  const seen = new Set<string>();
  const out: AbiError[] = [];
  const abis: readonly Abi[] = [
    reserveAbi,
    stakedAidAbi,
    aidAbi,
    dealBookAbi,
    pushFeedAbi,
    morphoOracleAdapterAbi,
    yieldDistributorAbi,
    insuranceFundAbi,
    flashLiquidatorAbi,
    adaptiveCurveIrmAbi,
  ];
  for (const abi of abis)
    for (const item of abi) {
      if (item.type !== "error") continue;
      const signature = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      out.push(item);
    }
  return out;
})();

type Args = readonly unknown[];
const a = (args: Args, i: number): string => String(args[i]);

/**
 * Human message of every custom error in the AID contracts' ABIs (a test fails when one is missing). Amounts are raw token units: AID and sAID have 18 decimals, stablecoins their own.
 */
export const aidErrorMessages: Readonly<Record<string, (args: Args) => string>> = {
  // IReserve
  ZeroAddress: () => "An address parameter is the zero address.",
  ZeroAmount: () => "The amount is zero.",
  MintIsPaused: () => "Minting is paused by the guardian.",
  RedeemIsPaused: () => "Redemptions are paused by the guardian.",
  StableNotEnabled: (x) => `Stablecoin ${a(x, 0)} is not enabled in the Reserve.`,
  StableDepegged: (x) =>
    `Stablecoin ${a(x, 0)} is depegged: its feed answers ${a(x, 1)} (1e18 = 1 USD), below the floor ${a(x, 2)}.`,
  StaleStableFeed: (x) =>
    `The USD feed of stablecoin ${a(x, 0)} is stale: last update at ${a(x, 1)}, max age ${a(x, 2)} s.`,
  Slippage: (x) => `Output ${a(x, 0)} is below the minimum ${a(x, 1)} you accepted.`,
  MintCapExceeded: (x) => `Mint of ${a(x, 0)} AID exceeds the remaining mint cap ${a(x, 1)} AID.`,
  InstantRedeemLimitExceeded: (x) =>
    `Instant redemption of ${a(x, 0)} AID exceeds today's remaining limit ${a(x, 1)} AID: use requestRedeem.`,
  InsufficientLiquidity: (x) =>
    `The Reserve's liquid buffer of ${a(x, 0)} has ${a(x, 2)}, ${a(x, 1)} is needed: use requestRedeem.`,
  RequestNotFound: (x) => `Redemption request ${a(x, 0)} does not exist.`,
  InvalidRequestStatus: (x) =>
    `Redemption request ${a(x, 0)} is ${requestStatus(x[1])}, which does not allow this operation.`,
  NotRequestOwner: (x) => `${a(x, 1)} does not own redemption request ${a(x, 0)}.`,
  ParameterOutOfBounds: (x) => `Parameter ${a(x, 0)} is outside [${a(x, 1)}, ${a(x, 2)}].`,
  NotReceived: (x) => `Expected to receive ${a(x, 0)} but received ${a(x, 1)} (fee-on-transfer tokens are not supported).`,
  ModuleNotSet: () => "A required module (deal book, yield distributor or insurance fund) is not wired yet.",
  DealBookAlreadySet: (x) => `The deal book is already set to ${a(x, 0)}.`,
  // IStakedAID
  AsyncExitOnly: () => "sAID exits are asynchronous: use requestRedeem, then claim after the epoch settles.",
  StillVesting: (x) => `The previous yield distribution is still vesting (${a(x, 0)} AID unvested).`,
  YieldTooHigh: (x) => `Yield ${a(x, 0)} exceeds the maximum ${a(x, 1)} allowed by maxApr.`,
  LossTooHigh: (x) => `Loss ${a(x, 0)} exceeds the maximum ${a(x, 1)}.`,
  EpochNotEnded: (x) => `Exit epoch ${a(x, 0)} ends at ${a(x, 1)}: it cannot be settled yet.`,
  NothingToClaim: () => "Nothing to claim.",
  NotAuthorized: (x) => `${a(x, 0)} is not authorized to act for ${a(x, 1)}.`,
  NotSeeded: () => "The sAID vault is not seeded yet: deposits open after the admin seeds it.",
  AlreadySeeded: () => "The sAID vault is already seeded.",
  TransferShortfall: (x) => `The asset delivered ${a(x, 1)} instead of ${a(x, 0)}.`,
  // Others
  DealNotFound: (x) => `Deal ${a(x, 0)} does not exist.`,
  StaleNav: (x) => `The NAV feed is stale: last update at ${a(x, 0)}, max age ${a(x, 1)} s.`,
  ERC20InsufficientAllowance: (x) =>
    `Allowance of ${a(x, 0)} is ${a(x, 1)}, ${a(x, 2)} is needed: approve the spender first.`,
  ERC20InsufficientBalance: (x) => `Balance of ${a(x, 0)} is ${a(x, 1)}, ${a(x, 2)} is needed.`,
  ERC4626ExceededMaxDeposit: (x) => `Deposit of ${a(x, 1)} for ${a(x, 0)} exceeds the maximum ${a(x, 2)}.`,
  ERC4626ExceededMaxRedeem: (x) => `Redeem of ${a(x, 1)} shares of ${a(x, 0)} exceeds the maximum ${a(x, 2)}.`,
  AccessControlUnauthorizedAccount: (x) => `${a(x, 0)} lacks role ${a(x, 1)}.`,
  AccessControlBadConfirmation: () => "renounceRole must be called by the account itself.",
  AccessControlEnforcedDefaultAdminDelay: (x) => `The default-admin transfer can complete only after ${a(x, 0)}.`,
  AccessControlEnforcedDefaultAdminRules: () => "The default admin role follows the two-step transfer rules.",
  AccessControlInvalidDefaultAdmin: (x) => `${a(x, 0)} is not the pending default admin.`,
  ReentrancyGuardReentrantCall: () => "Reentrant call rejected.",
  RenounceDisabled: (x) => `Role ${a(x, 0)} cannot be renounced.`,
  SafeCastOverflowedUintDowncast: (x) => `Value ${a(x, 1)} does not fit in ${a(x, 0)} bits.`,
  SafeCastOverflowedIntToUint: (x) => `Negative value ${a(x, 0)} cannot be converted to an unsigned integer.`,
  SafeCastOverflowedUintToInt: (x) => `Value ${a(x, 0)} does not fit in a signed integer.`,
  SafeERC20FailedOperation: (x) => `A transfer of token ${a(x, 0)} failed.`,
  ECDSAInvalidSignature: () => "Invalid signature.",
  ECDSAInvalidSignatureLength: (x) => `Invalid signature length ${a(x, 0)}.`,
  ECDSAInvalidSignatureS: (x) => `Invalid signature s value ${a(x, 0)}.`,
  ERC20InvalidApprover: (x) => `Invalid approver ${a(x, 0)}.`,
  ERC20InvalidReceiver: (x) => `Invalid receiver ${a(x, 0)}.`,
  ERC20InvalidSender: (x) => `Invalid sender ${a(x, 0)}.`,
  ERC20InvalidSpender: (x) => `Invalid spender ${a(x, 0)}.`,
  ERC2612ExpiredSignature: (x) => `The permit expired at ${a(x, 0)}.`,
  ERC2612InvalidSigner: (x) => `The permit was signed by ${a(x, 0)}, not by the owner ${a(x, 1)}.`,
  ERC4626ExceededMaxMint: (x) => `Mint of ${a(x, 1)} shares for ${a(x, 0)} exceeds the maximum ${a(x, 2)}.`,
  ERC4626ExceededMaxWithdraw: (x) => `Withdrawal of ${a(x, 1)} for ${a(x, 0)} exceeds the maximum ${a(x, 2)}.`,
  InvalidAccountNonce: (x) => `Invalid nonce for ${a(x, 0)}: the current one is ${a(x, 1)}.`,
  InvalidShortString: () => "Invalid short string.",
  StringTooLong: (x) => `String too long: ${a(x, 0)}.`,
  ERC721IncorrectOwner: (x) => `${a(x, 0)} does not own token ${a(x, 1)} (owner ${a(x, 2)}).`,
  ERC721InsufficientApproval: (x) => `${a(x, 0)} is not approved for token ${a(x, 1)}.`,
  ERC721InvalidApprover: (x) => `Invalid approver ${a(x, 0)}.`,
  ERC721InvalidOperator: (x) => `Invalid operator ${a(x, 0)}.`,
  ERC721InvalidOwner: (x) => `Invalid owner ${a(x, 0)}.`,
  ERC721InvalidReceiver: (x) => `Invalid receiver ${a(x, 0)}.`,
  ERC721InvalidSender: (x) => `Invalid sender ${a(x, 0)}.`,
  ERC721NonexistentToken: (x) => `Token ${a(x, 0)} does not exist.`,
  // IDealBook
  AdvanceRateExceeded: (x) => `Principal ${a(x, 0)} exceeds the advance-rate maximum ${a(x, 1)}.`,
  InvalidNav: (x) => `The NAV feed answered an invalid value ${a(x, 0)}.`,
  InvalidStatus: (x) => `Deal ${a(x, 0)} is in status ${a(x, 1)}, which does not allow this operation.`,
  InvalidTerms: (x) => `Invalid deal terms: ${a(x, 0)}.`,
  RecoveryExceedsCarryingValue: (x) => `Recovery ${a(x, 0)} exceeds the carrying value ${a(x, 1)}.`,
  RepaymentExceedsOutstanding: (x) => `Principal repayment ${a(x, 0)} exceeds the outstanding ${a(x, 1)}.`,
  // IPushFeed
  AnswerOutOfBounds: (x) => `Answer ${a(x, 0)} is outside the feed's bounds [${a(x, 1)}, ${a(x, 2)}].`,
  FutureReport: (x) => `Report observed at ${a(x, 0)} is in the future (block time ${a(x, 1)}).`,
  InvalidBounds: (x) => `Invalid answer bounds [${a(x, 0)}, ${a(x, 1)}].`,
  InvalidSigner: (x) => `Signature recovers to ${a(x, 0)}, not a feed signer.`,
  InvalidThreshold: (x) => `Threshold ${a(x, 0)} is invalid for ${a(x, 1)} signers.`,
  NoDataPresent: () => "The feed has no answer yet.",
  NotEnoughSignatures: (x) => `${a(x, 0)} signatures, ${a(x, 1)} required.`,
  SignerAlreadyAdded: (x) => `${a(x, 0)} is already a signer.`,
  SignerNotFound: (x) => `${a(x, 0)} is not a signer.`,
  SignersNotSorted: (x) => `Signers must be sorted ascending: ${a(x, 1)} follows ${a(x, 0)}.`,
  StaleReport: (x) => `Report observed at ${a(x, 1)} is not newer than the last one (${a(x, 0)}).`,
  TooManySigners: (x) => `At most ${a(x, 0)} signers.`,
  WrongRound: (x) => `Report is for round ${a(x, 1)}, round ${a(x, 0)} expected.`,
  // IMorphoOracleAdapter
  DecimalsOutOfRange: (x) => `Decimals ${a(x, 0)} out of range.`,
  FutureTimestamp: (x) => `Feed ${a(x, 0)} reports a future timestamp ${a(x, 1)}.`,
  InvalidVault: (x) => `${a(x, 0)} is not a valid vault.`,
  NonPositiveAnswer: (x) => `Feed ${a(x, 0)} answered ${a(x, 1)} (must be positive).`,
  OraclePaused: () => "The oracle is paused.",
  ScaleOutOfRange: (x) => `Scale exponent ${a(x, 0)} out of range.`,
  StalePrice: (x) => `Feed ${a(x, 0)} is stale: last update at ${a(x, 1)}, max age ${a(x, 2)} s.`,
  ZeroCollateralRatio: () => "The collateral ratio is zero.",
  ZeroPrice: () => "The price is zero.",
  // IYieldDistributor / IInsuranceFund
  AssetMismatch: (x) => `The vault's asset ${a(x, 0)} is not AID ${a(x, 1)}.`,
  NothingToDistribute: (x) => `Distributable ${a(x, 0)} is below the minimum distribution ${a(x, 1)}.`,
  // IFlashLiquidator
  InconsistentInput: (x) => `Give seized assets (${a(x, 0)}) or repaid shares (${a(x, 1)}), exactly one non-zero.`,
  InsufficientProfit: (x) => `Liquidation profit ${a(x, 0)} is below the minimum ${a(x, 1)}.`,
  InvalidRoute: () => "Invalid swap route.",
  UnauthorizedCallback: (x) => `Unexpected callback from ${a(x, 0)}.`,
  NotMorpho: (x) => `${a(x, 0)} is not Morpho.`,
};

const REQUEST_STATUS = ["None", "Pending", "Claimable", "Claimed", "Cancelled"] as const;
function requestStatus(value: unknown): string {
  return typeof value === "number" ? (REQUEST_STATUS[value] ?? String(value)) : String(value);
}

/** Type of {@link AidContractError}. */
export type AidContractErrorType = AidContractError & { name: "AidContractError" };

/**
 * A contract call reverted with one of the AID contracts' custom errors, decoded: `errorName`, `args` and a human
 * `shortMessage`. The original viem error is the `cause`.
 *
 * @example
 * ```ts
 * try { await mint(client, params) } catch (e) {
 *   if (e instanceof AidContractError && e.errorName === "Slippage") console.log(e.shortMessage)
 * }
 * ```
 */
export class AidContractError extends AidSdkError {
  /** Custom error name, e.g. `MintIsPaused`. */
  readonly errorName: string;
  /** Decoded arguments in declaration order. */
  readonly args: readonly unknown[];
  /** The 4-byte selector. */
  readonly selector: Hex;
  /** Raw revert data. */
  readonly data: Hex;
  override name = "AidContractError";

  constructor({
    errorName,
    args,
    data,
    signature,
    cause,
  }: { errorName: string; args: readonly unknown[]; data: Hex; signature: string; cause?: unknown }) {
    const message = aidErrorMessages[errorName]?.(args) ?? `The contract reverted with ${errorName}.`;
    super(message, {
      cause,
      metaMessages: [`Error: ${signature}`, ...(args.length > 0 ? [`Arguments: ${args.map(String).join(", ")}`] : [])],
    });
    this.errorName = errorName;
    this.args = args;
    this.data = data;
    this.selector = data.slice(0, 10) as Hex;
  }
}

/** Parameter of {@link decodeAidError}: any thrown value (typically a viem error). */
export type DecodeAidErrorParameters = unknown;
/** Return type of {@link decodeAidError}: the decoded error, or `undefined` when no AID custom error is found. */
export type DecodeAidErrorReturnType = AidContractError | undefined;

/**
 * Walks a thrown error's `cause` chain (viem's `ContractFunctionExecutionError` → `ContractFunctionRevertedError` →
 * RPC error), finds the revert data and decodes it against every AID custom error. Returns `undefined` when the
 * chain carries no revert data or the data is not one of our errors (e.g. a plain `require` string or a panic).
 *
 * @example
 * ```ts
 * try {
 *   await simulateContract(client, { ... })
 * } catch (error) {
 *   const decoded = decodeAidError(error)
 *   if (decoded) console.log(decoded.errorName, decoded.args, decoded.shortMessage)
 * }
 * ```
 */
export function decodeAidError(error: DecodeAidErrorParameters): DecodeAidErrorReturnType {
  if (error instanceof AidContractError) return error;
  let found: AidContractError | undefined;
  walk(error, (node) => {
    for (const data of revertData(node)) {
      try {
        const decoded = decodeErrorResult({ abi: aidErrorsAbi, data });
        if (decoded.abiItem.type !== "error") continue;
        const signature = `${decoded.errorName}(${decoded.abiItem.inputs.map((i) => i.type).join(",")})`;
        found = new AidContractError({
          errorName: decoded.errorName,
          args: decoded.args ?? [],
          data,
          signature,
          cause: error,
        });
        return true;
      } catch {
        // Not one of ours: keep walking.
      }
    }
    return false;
  });
  return found;
}

/** Revert data a viem error node may carry, in the places viem puts it. */
function revertData(node: unknown): Hex[] {
  if (typeof node !== "object" || node === null) return [];
  const n = node as { raw?: unknown; data?: unknown };
  const out: Hex[] = [];
  const push = (value: unknown) => {
    if (typeof value === "string" && isHex(value) && value.length >= 10) out.push(value);
  };
  push(n.raw);
  push(n.data);
  if (typeof n.data === "object" && n.data !== null) push((n.data as { data?: unknown }).data);
  return out;
}

/** Selector of a custom error signature, e.g. `errorSelector("MintIsPaused()")`. */
export function errorSelector(signature: string): Hex {
  return toFunctionSelector(signature);
}
