import { Address, log } from '@graphprotocol/graph-ts'
import { RedeemClaimed } from '../../generated/Reserve/Reserve'
import { RedeemRequest } from '../../generated/schema'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Escrow burned, payout leaves the buffer in the request's stable. */
export function handleRedeemClaimed(event: RedeemClaimed): void {
  const request = RedeemRequest.load(uintId(event.params.requestId))
  if (request == null) {
    log.error('RedeemClaimed for unknown request {}', [event.params.requestId.toString()])
    return
  }
  request.status = 'Claimed'
  request.claimedAt = event.block.timestamp
  request.save()

  const protocol = getProtocol()
  const stable = Address.fromBytes(request.stable)
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.minus(toUSD(stable, event.params.payout))
  protocol.totalQueuedAid = protocol.totalQueuedAid.minus(event.params.aidBurned)
  protocol.cumulativeRedeemedAid = protocol.cumulativeRedeemedAid.plus(event.params.aidBurned)
  protocol.redemptionCount = protocol.redemptionCount + 1
  saveProtocol(protocol, event.block)
}
