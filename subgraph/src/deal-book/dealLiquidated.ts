import { DealLiquidated } from '../../generated/DealBook/DealBook'
import { BIGINT_ZERO } from '../utils/constants'
import { loadDeal } from '../utils/deals'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** Collateral sold: the deal leaves the book (its carrying value is replaced by the proceeds in the buffer). */
export function handleDealLiquidated(event: DealLiquidated): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.status = 'Liquidated'
  deal.carryingValueUSD = BIGINT_ZERO
  deal.liquidationProceedsUSD = event.params.proceeds
  deal.closedAt = event.block.timestamp
  deal.save()

  const protocol = getProtocol()
  protocol.totalCarryingValueUSD = protocol.totalCarryingValueUSD.minus(event.params.carryingValueBefore)
  saveProtocol(protocol, event.block)
}
