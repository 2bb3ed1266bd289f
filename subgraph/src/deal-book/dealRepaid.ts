import { DealRepaid } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'

/** Fully repaid (RepaymentRecorded of the same call already zeroed principal and carrying value). */
export function handleDealRepaid(event: DealRepaid): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  deal.status = 'Repaid'
  deal.marginCall = false
  deal.closedAt = event.block.timestamp
  deal.save()
}
