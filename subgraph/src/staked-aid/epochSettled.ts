import { EpochSettled } from '../../generated/StakedAID/StakedAID'
import { Epoch } from '../../generated/schema'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { recordExchangeRate } from '../utils/vault'

/** An exit epoch settled: filled shares were burned (Transfer before this event), their assets set aside. */
export function handleEpochSettled(event: EpochSettled): void {
  const epoch = new Epoch(uintId(event.params.epoch))
  epoch.epoch = event.params.epoch
  epoch.queuedShares = event.params.queuedShares
  epoch.filledShares = event.params.filledShares
  epoch.filledAssets = event.params.filledAssets
  epoch.carriedShares = event.params.queuedShares.minus(event.params.filledShares)
  epoch.exitRate = event.params.exitRate
  epoch.blockNumber = event.block.number
  epoch.timestamp = event.block.timestamp
  epoch.transactionHash = event.transaction.hash
  epoch.save()

  const protocol = getProtocol()
  protocol.sAidStoredAssets = protocol.sAidStoredAssets.minus(event.params.filledAssets)
  recordExchangeRate(protocol, event, 'EPOCH_SETTLED')
  saveProtocol(protocol, event.block)
}
