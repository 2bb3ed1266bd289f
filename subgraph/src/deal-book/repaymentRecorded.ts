import { BigInt } from '@graphprotocol/graph-ts'
import { RepaymentRecorded } from '../../generated/DealBook/DealBook'
import { loadDeal } from '../utils/deals'
import { mulDivUp } from '../utils/math'
import { getProtocol, saveProtocol } from '../utils/protocol'

const BPS = BigInt.fromI32(10000)

/** Principal repaid lowers outstanding principal and carrying value alike (performing deal). */
export function handleRepaymentRecorded(event: RepaymentRecorded): void {
  const deal = loadDeal(event.params.dealId, event)
  if (deal == null) return
  const principal = event.params.principal
  deal.principalRepaidUSD = deal.principalRepaidUSD.plus(principal)
  deal.incomeReceivedUSD = deal.incomeReceivedUSD.plus(event.params.income)
  deal.outstandingPrincipalUSD = event.params.outstandingPrincipal
  deal.carryingValueUSD = deal.carryingValueUSD.minus(principal)
  deal.ltvBps = mulDivUp(event.params.outstandingPrincipal, BPS, deal.collateralValueUSD)
  deal.save()

  const protocol = getProtocol()
  protocol.totalCarryingValueUSD = protocol.totalCarryingValueUSD.minus(principal)
  protocol.totalDeployedPrincipalUSD = protocol.totalDeployedPrincipalUSD.minus(principal)
  saveProtocol(protocol, event.block)
}
