import { DealFunded } from '../../generated/Reserve/Reserve'
import { loadDeal } from '../utils/deals'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Principal leaves the buffer to the deal's payout wallet (the DealBook side is DealActivated). */
export function handleDealFunded(event: DealFunded): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal != null) {
    deal.fundedStable = event.params.stable
    deal.fundedAmountStable = event.params.amount
    deal.save()
  }
  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.minus(toUSD(event.params.stable, event.params.amount))
  saveProtocol(protocol, event.block)
}
