import { MarginCall } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'

export function handleMarginCall(event: MarginCall): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.marginCall = true
  deal.ltvBps = event.params.ltvBps
  deal.save()
}
