import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hex,
  type Transport,
  type TypedDataDomain,
  parseSignature,
} from "viem";
import { signTypedData } from "viem/actions";
import { getAction } from "viem/utils";
import { aidAbi } from "../abis/aid.js";
import { InvalidParameterError } from "../errors/validation.js";
import { type ReadOptions, readAll } from "../utils/multicall.js";
import { type WriteOptions, type WriteReturnType, resolveAccount, simulateAndSend } from "../utils/send.js";
import { assertAddress, assertNonNegativeAmount } from "../utils/validate.js";

/** EIP-2612 `Permit` typed-data types. */
export const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** Parameters of {@link signPermit}. */
export type SignPermitParameters = Pick<ReadOptions, "multicallAddress"> & {
  /** An EIP-2612 token with ERC-5267 `eip712Domain()` (AID, sAID, and the devnet's mock USDC/USDT). */
  token: Address;
  spender: Address;
  /** Allowance to grant, token units. */
  value: bigint;
  /** Unix time after which the permit is rejected (`ERC2612ExpiredSignature`). */
  deadline: bigint;
  /** Signer and owner: an address (JSON-RPC account, `eth_signTypedData_v4`) or a local account. Default: the client's. */
  account?: Account | Address | undefined;
};

/** Return type of {@link signPermit}: everything `permit(owner, spender, value, deadline, v, r, s)` needs. */
export type SignPermitReturnType = {
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
  signature: Hex;
  v: number;
  r: Hex;
  s: Hex;
  /** The token's EIP-712 domain, read from `eip712Domain()`. */
  domain: TypedDataDomain;
};

/**
 * Signs an EIP-2612 permit: reads the owner's `nonces` and the token's `eip712Domain()` in ONE `eth_call`, then signs
 * the typed data with the account (no transaction). Submit it with {@link permit} (anyone may send it, e.g. a
 * relayer). Validates addresses and amounts before any RPC.
 *
 * Neither the Reserve nor the sAID vault has a permit-taking entry point (no `mintWithPermit`/`depositWithPermit`),
 * so a permit is its own transaction: `permit` then `redeem`/`requestRedeem`/`stake`, or one relayer sending it.
 *
 * @example
 * ```ts
 * const signed = await signPermit(wallet, { token: deployment.tokens.AID, spender: deployment.contracts.Reserve,
 *   value: parseUnits("100", 18), deadline: BigInt(Math.floor(Date.now() / 1000) + 3600) })
 * await permit(relayer, signed)
 * ```
 */
export async function signPermit(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SignPermitParameters,
): Promise<SignPermitReturnType> {
  const { token, spender, value, deadline } = parameters;
  assertAddress(token, "token");
  assertAddress(spender, "spender");
  assertNonNegativeAmount(value, "value");
  assertNonNegativeAmount(deadline, "deadline");
  const { account, address: owner } = resolveAccount(client, parameters.account);
  const { results } = await readAll(
    client,
    [
      { address: token, abi: aidAbi, functionName: "nonces", args: [owner] },
      { address: token, abi: aidAbi, functionName: "eip712Domain" },
    ] as const,
    { multicallAddress: parameters.multicallAddress },
  );
  const [nonce, [fields, name, version, chainId, verifyingContract, salt]] = results;
  const bits = Number.parseInt(fields.slice(2), 16);
  const domain: TypedDataDomain = {
    ...(bits & 1 ? { name } : {}),
    ...(bits & 2 ? { version } : {}),
    ...(bits & 4 ? { chainId: Number(chainId) } : {}),
    ...(bits & 8 ? { verifyingContract } : {}),
    ...(bits & 16 ? { salt } : {}),
  };
  const message = { owner, spender, value, nonce, deadline };
  const signature = await getAction(
    client,
    signTypedData,
    "signTypedData",
  )({ account, domain, types: permitTypes, primaryType: "Permit", message });
  const { r, s, v, yParity } = parseSignature(signature);
  return { token, ...message, signature, v: Number(v ?? BigInt(yParity + 27)), r, s, domain };
}

/** Parameters of {@link permit}: a signed permit (e.g. the return of {@link signPermit}) and the write options. */
export type PermitParameters = WriteOptions &
  Pick<SignPermitReturnType, "token" | "owner" | "spender" | "value" | "deadline" | "signature">;

/** Return type of {@link permit}: `result` is `undefined` (`permit` returns nothing). */
export type PermitReturnType = WriteReturnType<undefined, unknown>;

/**
 * Submits an EIP-2612 permit (`token.permit(owner, spender, value, deadline, v, r, s)`), from any account (the
 * owner or a relayer). Simulated first: an expired, replayed or foreign signature throws `ERC2612ExpiredSignature`
 * / `ERC2612InvalidSigner` and nothing is sent.
 *
 * @example
 * ```ts
 * await permit(relayerWallet, await signPermit(ownerWallet, { token, spender, value, deadline }))
 * ```
 */
export async function permit(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: PermitParameters,
): Promise<PermitReturnType> {
  const { token, owner, spender, value, deadline, signature, dryRun } = parameters;
  assertAddress(token, "token");
  assertAddress(owner, "owner");
  assertAddress(spender, "spender");
  assertNonNegativeAmount(value, "value");
  assertNonNegativeAmount(deadline, "deadline");
  let parsed: ReturnType<typeof parseSignature>;
  try {
    parsed = parseSignature(signature);
  } catch (error) {
    throw new InvalidParameterError({ parameter: "signature", value: signature, reason: `is not a 65-byte signature (${(error as Error).message.split("\n")[0]})` });
  }
  const { account } = resolveAccount(client, parameters.account);
  return (await simulateAndSend(client, {
    address: token,
    abi: aidAbi,
    functionName: "permit",
    args: [owner, spender, value, deadline, Number(parsed.v ?? BigInt(parsed.yParity + 27)), parsed.r, parsed.s],
    account,
    dryRun,
  })) as PermitReturnType;
}
