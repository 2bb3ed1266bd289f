import { YieldDistributed } from '../../generated/StakedAID/StakedAID'
import { YieldDistribution } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { recordExchangeRate } from '../utils/vault'

/** Yield starts vesting linearly from this block to `vestingEnd` (only when nothing was vesting). */
export function handleYieldDistributed(event: YieldDistributed): void {
  const distribution = new YieldDistribution(eventId(event))
  distribution.caller = event.params.caller
  distribution.amount = event.params.amount
  distribution.vestingStart = event.block.timestamp
  distribution.vestingEnd = event.params.vestingEnd
  distribution.blockNumber = event.block.number
  distribution.timestamp = event.block.timestamp
  distribution.transactionHash = event.transaction.hash
  distribution.save()

  const protocol = getProtocol()
  protocol.sAidStoredAssets = protocol.sAidStoredAssets.plus(event.params.amount)
  protocol.sAidVestingAmount = event.params.amount
  protocol.sAidVestingStart = event.block.timestamp
  protocol.sAidVestingEnd = event.params.vestingEnd
  protocol.cumulativeYieldDistributedAid = protocol.cumulativeYieldDistributedAid.plus(event.params.amount)
  // The rate at this block: everything vested so far, nothing of the new amount yet.
  recordExchangeRate(protocol, event, 'YIELD_DISTRIBUTED')
  saveProtocol(protocol, event.block)
}
