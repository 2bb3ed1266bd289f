import { Withdraw } from '../../generated/StakedAID/StakedAID'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** Synchronous ERC-4626 exit (only when exitEpochDuration is 0): stored assets fall. */
export function handleWithdraw(event: Withdraw): void {
  const protocol = getProtocol()
  protocol.sAidStoredAssets = protocol.sAidStoredAssets.minus(event.params.assets)
  saveProtocol(protocol, event.block)
}
