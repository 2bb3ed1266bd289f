import { log } from '@graphprotocol/graph-ts'
import { RedeemCancelled } from '../../generated/Reserve/Reserve'
import { RedeemRequest } from '../../generated/schema'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** The owner took an unprocessed request back. */
export function handleRedeemCancelled(event: RedeemCancelled): void {
  const request = RedeemRequest.load(uintId(event.params.requestId))
  if (request == null) {
    log.error('RedeemCancelled for unknown request {}', [event.params.requestId.toString()])
    return
  }
  request.status = 'Cancelled'
  request.cancelledAt = event.block.timestamp
  request.save()

  const protocol = getProtocol()
  protocol.totalQueuedAid = protocol.totalQueuedAid.minus(event.params.aidReturned)
  saveProtocol(protocol, event.block)
}
