import { DealDefaulted } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'
import { getProtocol, saveProtocol } from '../utils/protocol'

/**
 * Written down to its recovery value. The outstanding principal stays on the deal as the claim on the borrower
 * but leaves the protocol's deployed principal (DealBook `totalOutstandingPrincipal`).
 */
export function handleDealDefaulted(event: DealDefaulted): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  const outstanding = deal.outstandingPrincipalUSD
  deal.status = 'Defaulted'
  deal.marginCall = false
  deal.carryingValueUSD = event.params.recoveryValue
  deal.recoveryValueUSD = event.params.recoveryValue
  deal.lossUSD = deal.lossUSD.plus(event.params.loss)
  deal.save()

  const protocol = getProtocol()
  protocol.totalCarryingValueUSD = protocol.totalCarryingValueUSD.minus(event.params.loss)
  protocol.totalDeployedPrincipalUSD = protocol.totalDeployedPrincipalUSD.minus(outstanding)
  saveProtocol(protocol, event.block)
}
