import { LossReported } from '../../generated/StakedAID/StakedAID'
import { VaultLoss } from '../../generated/schema'
import { BIGINT_ZERO } from '../utils/constants'
import { eventId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { recordExchangeRate, unvestedAt } from '../utils/vault'

/**
 * A loss taken from stakers: unvested yield is cancelled first and the rest of the schedule restarts from now
 * (same end), then stored assets fall by the whole amount (StakedAID.reportLoss).
 */
export function handleLossReported(event: LossReported): void {
  const loss = new VaultLoss(eventId(event))
  loss.reporter = event.params.reporter
  loss.amount = event.params.amount
  loss.unvestedCancelled = event.params.unvestedCancelled
  loss.blockNumber = event.block.number
  loss.timestamp = event.block.timestamp
  loss.transactionHash = event.transaction.hash
  loss.save()

  const protocol = getProtocol()
  const unvested = unvestedAt(protocol, event.block.timestamp)
  if (unvested.gt(BIGINT_ZERO)) {
    protocol.sAidVestingAmount = unvested.minus(event.params.unvestedCancelled)
    protocol.sAidVestingStart = event.block.timestamp
  }
  protocol.sAidStoredAssets = protocol.sAidStoredAssets.minus(event.params.amount)
  recordExchangeRate(protocol, event, 'LOSS_REPORTED')
  saveProtocol(protocol, event.block)
}
