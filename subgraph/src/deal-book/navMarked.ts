import { NavMarked } from '../../generated/DealBook/DealBook'
import { NavMark } from '../../generated/schema'
import { loadDeal } from '../utils/deals'
import { eventId, uintId } from '../utils/ids'

/** A NAV re-mark of the deal's collateral (by a reporter or from the GPU-NAV feed). */
export function handleNavMarked(event: NavMarked): void {
  const mark = new NavMark(eventId(event))
  mark.deal = uintId(event.params.dealId)
  mark.collateralValueUSD = event.params.collateralValue
  mark.ltvBps = event.params.ltvBps
  mark.reporter = event.params.reporter
  mark.blockNumber = event.block.number
  mark.timestamp = event.block.timestamp
  mark.transactionHash = event.transaction.hash
  mark.save()

  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.collateralValueUSD = event.params.collateralValue
  deal.ltvBps = event.params.ltvBps
  deal.lastMarkedAt = event.block.timestamp
  deal.save()
}
