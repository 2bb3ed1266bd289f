import { type ChainAddresses, getChainAddresses, registerCustomAddresses } from "@morpho-org/blue-sdk";
import { type Address, zeroAddress } from "viem";
import type { Deployment } from "../deployment.js";

/**
 * What {@link registerAidMorpho} did with one address: `"registered"` (added now), `"already-registered"` (the
 * registry already had this address: nothing to do), `"conflict"` (the registry has ANOTHER address under that key,
 * e.g. Morpho's canonical adaptive-curve IRM on a public chain; blue-sdk's registry cannot hold two, so it is left
 * as is).
 */
export type RegistrationStatus = "registered" | "already-registered" | "conflict";

/** Parameters of {@link registerAidMorpho}. */
export type RegisterAidMorphoParameters = { deployment: Deployment };

/** Return type of {@link registerAidMorpho}. */
export type RegisterAidMorphoReturnType = {
  chainId: number;
  morpho: RegistrationStatus;
  adaptiveCurveIrm: RegistrationStatus;
};

/**
 * Registers the deployment's Morpho Blue and adaptive-curve IRM in blue-sdk's (module-global) address registry
 * (`registerCustomAddresses`), so blue-sdk and blue-sdk-viem know Morpho on the deployment's chain (anvil's 31337 or
 * any chain id) and treat our IRM as the adaptive curve it is (`fetchMarket` then reads its `rateAtTarget` and
 * `Market.accrueInterest` predicts accrual to the wei). Idempotent: a second call registers nothing. A chain blue-sdk
 * does not know gets placeholder (zero) Bundler3 addresses, which its registry requires.
 *
 * The SDK's own reads (`getMarkets`, `getPositions`) do not need this: they build the entities themselves. Call it
 * when you use blue-sdk-viem's fetchers next to the SDK.
 *
 * @example
 * ```ts
 * registerAidMorpho({ deployment }) // { chainId: 31337, morpho: "registered", adaptiveCurveIrm: "registered" }
 * const market = await fetchMarket(deployment.markets.SAID_USDC.id, client) // blue-sdk-viem
 * ```
 */
export function registerAidMorpho({ deployment }: RegisterAidMorphoParameters): RegisterAidMorphoReturnType {
  const { chainId } = deployment;
  const morpho = deployment.contracts.Morpho;
  const irm = deployment.contracts.AdaptiveCurveIrm;
  const existing = known(chainId);
  if (existing === undefined) {
    registerCustomAddresses({
      addresses: {
        [chainId]: {
          morpho,
          blue: morpho,
          bundler3: { bundler3: zeroAddress, generalAdapter1: zeroAddress },
          adaptiveCurveIrm: irm,
        },
      },
    });
    return { chainId, morpho: "registered", adaptiveCurveIrm: "registered" };
  }
  const status = (current: Address | undefined, wanted: Address): RegistrationStatus =>
    current === undefined ? "registered" : current.toLowerCase() === wanted.toLowerCase() ? "already-registered" : "conflict";
  const result = {
    chainId,
    morpho: status(existing.blue ?? existing.morpho, morpho),
    adaptiveCurveIrm: status(existing.adaptiveCurveIrm, irm),
  };
  const patch: Partial<ChainAddresses> = {
    ...(result.morpho === "registered" ? { morpho, blue: morpho } : {}),
    ...(result.adaptiveCurveIrm === "registered" ? { adaptiveCurveIrm: irm } : {}),
  };
  if (Object.keys(patch).length > 0) registerCustomAddresses({ addresses: { [chainId]: patch as ChainAddresses } });
  return result;
}

function known(chainId: number): ChainAddresses | undefined {
  try {
    return getChainAddresses(chainId) as ChainAddresses;
  } catch {
    return undefined;
  }
}
