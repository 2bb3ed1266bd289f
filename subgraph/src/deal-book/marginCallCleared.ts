import { MarginCallCleared } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'

export function handleMarginCallCleared(event: MarginCallCleared): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.marginCall = false
  deal.ltvBps = event.params.ltvBps
  deal.save()
}
