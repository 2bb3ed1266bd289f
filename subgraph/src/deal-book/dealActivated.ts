import { BigInt } from '@graphprotocol/graph-ts'
import { DealActivated } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'
import { mulDivUp } from '../utils/math'
import { getProtocol, saveProtocol } from '../utils/protocol'

const BPS = BigInt.fromI32(10000)

/** Funded by the Reserve: principal outstanding, carried at principal. */
export function handleDealActivated(event: DealActivated): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  const principal = event.params.principal
  deal.status = 'Active'
  deal.principalUSD = principal
  deal.outstandingPrincipalUSD = principal
  deal.carryingValueUSD = principal
  deal.ltvBps = mulDivUp(principal, BPS, deal.collateralValueUSD)
  deal.start = event.params.start
  deal.maturity = event.params.maturity
  deal.activatedAt = event.block.timestamp
  deal.save()

  const protocol = getProtocol()
  protocol.totalCarryingValueUSD = protocol.totalCarryingValueUSD.plus(principal)
  protocol.totalDeployedPrincipalUSD = protocol.totalDeployedPrincipalUSD.plus(principal)
  saveProtocol(protocol, event.block)
}
