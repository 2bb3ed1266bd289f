import { SetFeeRecipient } from '../../generated/MorphoBlue/MorphoBlue'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** Morpho-wide: who receives the fee shares minted on accrual. */
export function handleSetFeeRecipient(event: SetFeeRecipient): void {
  const protocol = getProtocol()
  protocol.morphoFeeRecipient = event.params.newFeeRecipient
  saveProtocol(protocol, event.block)
}
