import { DealLate } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'

export function handleDealLate(event: DealLate): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.status = 'Late'
  deal.save()
}
