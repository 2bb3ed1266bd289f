/**
 * The devnet chain: anvil with the real deploy + demo seed, then interval mining so the keepers see blocks go by.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { http, createPublicClient, createWalletClient, keccak256, parseAbi, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ROOT, runScript } from "../deploy-local.mjs";
import { rpc } from "../lib/rpc.mjs";
import { type ProcessGroup, spawnGroup, waitUntil } from "../lib/process.mjs";

export const DEVNET_CHAIN_ID = 31337;

export type Chain = { anvil: ProcessGroup; rpcUrl: string; logFile: string };

/**
 * The anvil binary itself, not npm's `node_modules/.bin/anvil` wrapper: the wrapper exits as soon as it forwarded
 * SIGTERM, and the rest of its process group (anvil, still writing its --state dump) is then SIGKILLed, leaving a
 * truncated state file that the next --keep-state run cannot load. Falls back to the wrapper on an unknown platform.
 */
export function anvilBinary(): string {
  const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch];
  const exe = process.platform === "win32" ? "anvil.exe" : "anvil";
  const bin = join(ROOT, "node_modules", "@foundry-rs", `anvil-${process.platform}-${arch}`, "bin", exe);
  return arch && existsSync(bin) ? bin : join(ROOT, "node_modules", ".bin", "anvil");
}

/** Starts anvil on `port` with automine (the deploy is fast), state in `stateFile` when resuming. */
export async function startChain({
  port,
  accounts,
  logDir,
  stateFile,
}: {
  port: number;
  accounts: number;
  logDir: string;
  stateFile?: string;
}): Promise<Chain> {
  const args = [
    "--port",
    String(port),
    "--chain-id",
    String(DEVNET_CHAIN_ID),
    "--accounts",
    String(accounts),
    "--balance",
    "100000",
    ...(stateFile ? ["--state", stateFile, "--state-interval", "10"] : []),
  ];
  const logFile = join(logDir, "anvil.log");
  // SIGTERM makes anvil dump its state (--state) before it exits: give it time for a large state.
  const anvil = spawnGroup(anvilBinary(), args, { logFile, graceMs: 20_000 });
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitUntil("anvil", async () => (await rpc<string>(rpcUrl, "eth_chainId")) !== undefined, {
    service: anvil,
    timeoutMs: 30_000,
  });
  return { anvil, rpcUrl, logFile };
}

/** True when the deployment file exists and its Reserve has code on the chain (a resumed devnet). */
export async function isDeployed(rpcUrl: string, deploymentFile: string): Promise<boolean> {
  if (!existsSync(deploymentFile)) return false;
  const json = JSON.parse(readFileSync(deploymentFile, "utf8")) as { contracts?: { Reserve?: string } };
  const reserve = json.contracts?.Reserve;
  if (!reserve) return false;
  return (await rpc<string>(rpcUrl, "eth_getCode", [reserve, "latest"])) !== "0x";
}

/** The real deploy script (forge) writing `deploymentFile` (relative to the repository root). */
export async function deploy(rpcUrl: string, deploymentFile: string): Promise<void> {
  await runScriptOrExplain("deploy", rpcUrl, deploymentFile);
}

/** The demo seed (forge). */
export async function seed(rpcUrl: string, deploymentFile: string): Promise<void> {
  await runScriptOrExplain("seed", rpcUrl, deploymentFile);
}

async function runScriptOrExplain(which: "deploy" | "seed", rpcUrl: string, deploymentFile: string): Promise<void> {
  try {
    await runScript(which, { rpcUrl, env: { DEPLOYMENT_FILE: deploymentFile }, quiet: true });
  } catch (error) {
    const output = (error as { output?: string }).output ?? "";
    const tail = output.split("\n").filter(Boolean).slice(-15).join("\n");
    throw new Error(
      `the ${which} script failed: ${(error as Error).message}. Run \`forge build\` and \`RPC_URL=${rpcUrl} npm run ${which}:local\` to see the full output.\n${tail}`,
    );
  }
}

/**
 * How many empty blocks a resumed chain mines first. anvil restores the blocks of its --state dump (numbers, hashes,
 * `eth_getBlockByNumber`), but not the hashes the BLOCKHASH opcode returns for them: for the last 256 blocks before
 * the restart it returns made-up values, which a keeper comparing BLOCKHASH with a hash it stored (the liquidator's
 * reorg check) takes for a deep reorg. Past this many blocks BLOCKHASH returns zero for every block before the
 * restart, as for any block older than 256.
 */
export const BLOCKHASH_WINDOW = 257;

/** Mines BLOCKHASH_WINDOW empty blocks at once (no time passes): see BLOCKHASH_WINDOW. */
export async function mineBeyondBlockhashWindow(rpcUrl: string): Promise<void> {
  await rpc(rpcUrl, "anvil_mine", [toHex(BLOCKHASH_WINDOW), "0x0"]);
}

/** From here on a block every `seconds`, transactions wait for it (as on a real chain). */
export async function startIntervalMining(rpcUrl: string, seconds: number): Promise<void> {
  await rpc(rpcUrl, "evm_setAutomine", [false]);
  await rpc(rpcUrl, "evm_setIntervalMining", [seconds]);
}

/** No more blocks (pending transactions wait in the pool). */
export async function stopMining(rpcUrl: string): Promise<void> {
  await rpc(rpcUrl, "evm_setIntervalMining", [0]);
}

/** anvil's PUBLIC test account #9: the devnet's keeper key, separate from the operator (#0) so that scenarios and
 * the keepers never race for one nonce. */
export const DEVNET_KEEPER = {
  address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  key: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
} as const;

/** anvil's PUBLIC test account #8: the devnet liquidator's own key and its profit recipient. Its own key lets it send
 * right behind the oracle keeper's pushes, into the same block. */
export const DEVNET_LIQUIDATOR = {
  address: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  key: "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
} as const;

/** Grants KEEPER_ROLE (as the admin, #0): the YieldDistributor's to the devnet keeper, the FlashLiquidator's to the
 * devnet liquidator. */
export async function grantKeeperRoles(rpcUrl: string, deploymentFile: string): Promise<void> {
  const { contracts } = JSON.parse(readFileSync(deploymentFile, "utf8")) as {
    contracts: Record<"YieldDistributor" | "FlashLiquidator", `0x${string}`>;
  };
  const admin = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  const transport = http(rpcUrl);
  const wallet = createWalletClient({ account: admin, transport });
  const client = createPublicClient({ transport });
  const abi = parseAbi(["function grantRole(bytes32 role, address account)"]);
  const grants = [
    [contracts.YieldDistributor, DEVNET_KEEPER.address],
    [contracts.FlashLiquidator, DEVNET_LIQUIDATOR.address],
  ] as const;
  for (const [target, account] of grants) {
    const hash = await wallet.writeContract({
      address: target,
      abi,
      functionName: "grantRole",
      args: [keccak256(toHex("KEEPER_ROLE")), account],
      chain: null,
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`granting KEEPER_ROLE on ${target} reverted (${hash})`);
  }
}
