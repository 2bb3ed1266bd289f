/** Wallets of anvil's public accounts for the tests' protocol actions. */
import { type Address, type Hex, createWalletClient, erc20Abi, http, parseAbi } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import type { Chain } from "./chain.js";

export const mockStableAbi = parseAbi(["function mint(address to, uint256 amount)"]);

export function wallet(chain: Chain, key: Hex) {
  return createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport: http(chain.rpcUrl) });
}

/** Sends a contract write and waits for a successful receipt. */
export async function write(
  chain: Chain,
  key: Hex,
  req: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] },
): Promise<Hex> {
  const hash = await wallet(chain, key).writeContract(req as never);
  const r = await chain.client.waitForTransactionReceipt({ hash });
  if (r.status !== "success") throw new Error(`${req.functionName} reverted`);
  return hash;
}

export { erc20Abi };
