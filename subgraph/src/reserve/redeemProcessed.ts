import { log } from '@graphprotocol/graph-ts'
import { RedeemProcessed } from '../../generated/Reserve/Reserve'
import { RedeemRequest } from '../../generated/schema'
import { uintId } from '../utils/ids'

/** The queue set the payout aside: the request becomes claimable. */
export function handleRedeemProcessed(event: RedeemProcessed): void {
  const request = RedeemRequest.load(uintId(event.params.requestId))
  if (request == null) {
    log.error('RedeemProcessed for unknown request {}', [event.params.requestId.toString()])
    return
  }
  request.status = 'Claimable'
  request.payoutStable = event.params.payout
  request.processedAt = event.block.timestamp
  request.save()
}
