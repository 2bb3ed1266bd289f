import { RedeemRequested } from '../../generated/Reserve/Reserve'
import { RedeemRequest } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** AID escrowed into the FIFO queue. */
export function handleRedeemRequested(event: RedeemRequested): void {
  const owner = getOrCreateAccount(event.params.owner)
  const request = new RedeemRequest(uintId(event.params.requestId))
  request.requestId = event.params.requestId
  request.owner = owner.id
  request.receiver = event.params.receiver
  request.stable = event.params.stable
  request.aidAmount = event.params.aidAmount
  request.status = 'Pending'
  request.requestedAt = event.block.timestamp
  request.save()

  const protocol = getProtocol()
  protocol.totalQueuedAid = protocol.totalQueuedAid.plus(event.params.aidAmount)
  saveProtocol(protocol, event.block)
}
