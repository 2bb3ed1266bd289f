import { MintPaused } from '../../generated/Reserve/Reserve'
import { getProtocol, saveProtocol } from '../utils/protocol'

export function handleMintPaused(event: MintPaused): void {
  const protocol = getProtocol()
  protocol.mintPaused = event.params.paused
  saveProtocol(protocol, event.block)
}
