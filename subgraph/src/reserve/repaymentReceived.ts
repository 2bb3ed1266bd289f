import { RepaymentReceived } from '../../generated/Reserve/Reserve'
import { Repayment } from '../../generated/schema'
import { eventId, uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/**
 * Principal + income (in the stable) enter the buffer; the income split (18 decimals) is minted as AID:
 * performance fee, protocol fee, net yield to the YieldDistributor.
 */
export function handleRepaymentReceived(event: RepaymentReceived): void {
  const stable = event.params.stable
  const repayment = new Repayment(eventId(event))
  repayment.deal = uintId(event.params.dealId)
  repayment.stable = stable
  repayment.principalStable = event.params.principal
  repayment.incomeStable = event.params.income
  repayment.principalUSD = toUSD(stable, event.params.principal)
  repayment.incomeUSD = toUSD(stable, event.params.income)
  repayment.performanceFeeUSD = event.params.performanceFee
  repayment.protocolFeeUSD = event.params.protocolFee
  repayment.netYieldUSD = event.params.netYield
  repayment.blockNumber = event.block.number
  repayment.timestamp = event.block.timestamp
  repayment.transactionHash = event.transaction.hash
  repayment.save()

  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.plus(repayment.principalUSD).plus(repayment.incomeUSD)
  protocol.cumulativeIncomeUSD = protocol.cumulativeIncomeUSD.plus(repayment.incomeUSD)
  protocol.cumulativePerformanceFeesUSD = protocol.cumulativePerformanceFeesUSD.plus(event.params.performanceFee)
  protocol.cumulativeProtocolFeesUSD = protocol.cumulativeProtocolFeesUSD.plus(event.params.protocolFee)
  protocol.cumulativeNetYieldUSD = protocol.cumulativeNetYieldUSD.plus(event.params.netYield)
  saveProtocol(protocol, event.block)
}
