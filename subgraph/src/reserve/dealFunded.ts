import { log } from '@graphprotocol/graph-ts'
import { DealFunded } from '../../generated/Reserve/Reserve'
import { Deal } from '../../generated/schema'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Principal leaves the buffer to the deal's payout wallet (the DealBook side is DealActivated). */
export function handleDealFunded(event: DealFunded): void {
  const deal = Deal.load(uintId(event.params.dealId))
  if (deal == null) {
    log.error('DealFunded for unknown deal {}', [event.params.dealId.toString()])
  } else {
    deal.fundedStable = event.params.stable
    deal.fundedAmountStable = event.params.amount
    deal.save()
  }
  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.minus(toUSD(event.params.stable, event.params.amount))
  saveProtocol(protocol, event.block)
}
