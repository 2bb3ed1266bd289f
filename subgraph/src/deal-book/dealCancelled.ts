import { DealCancelled } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'

export function handleDealCancelled(event: DealCancelled): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.status = 'Cancelled'
  deal.closedAt = event.block.timestamp
  deal.save()
}
