import { RedeemPaused } from '../../generated/Reserve/Reserve'
import { getProtocol, saveProtocol } from '../utils/protocol'

export function handleRedeemPaused(event: RedeemPaused): void {
  const protocol = getProtocol()
  protocol.redeemPaused = event.params.paused
  saveProtocol(protocol, event.block)
}
