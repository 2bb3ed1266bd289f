import { DealCured } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'

export function handleDealCured(event: DealCured): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.status = 'Active'
  deal.save()
}
