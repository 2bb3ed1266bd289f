import { StableConfigured } from '../../generated/Reserve/Reserve'
import { getOrCreateStable } from '../utils/tokens'

/** Registers a stablecoin (its decimals normalise every later amount in it). */
export function handleStableConfigured(event: StableConfigured): void {
  getOrCreateStable(event.params.stable)
}
