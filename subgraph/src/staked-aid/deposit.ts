import { Deposit } from '../../generated/StakedAID/StakedAID'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** ERC-4626 deposit/mint (and the dead-share seed): stored assets grow; the rate is unchanged up to rounding. */
export function handleDeposit(event: Deposit): void {
  const protocol = getProtocol()
  protocol.sAidStoredAssets = protocol.sAidStoredAssets.plus(event.params.assets)
  saveProtocol(protocol, event.block)
}
