import { LossAbsorbed } from '../../generated/Reserve/Reserve'
import { LossReport } from '../../generated/schema'
import { eventId, uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** A deal loss: insurance fund first, then sAID stakers, the rest uncovered. */
export function handleLossAbsorbed(event: LossAbsorbed): void {
  const report = new LossReport(eventId(event))
  report.deal = uintId(event.params.dealId)
  report.lossUSD = event.params.loss
  report.insuranceCoveredUSD = event.params.insuranceCovered
  report.stakersCoveredUSD = event.params.stakersCovered
  report.uncoveredUSD = event.params.uncovered
  report.blockNumber = event.block.number
  report.timestamp = event.block.timestamp
  report.transactionHash = event.transaction.hash
  report.save()

  const protocol = getProtocol()
  protocol.cumulativeLossUSD = protocol.cumulativeLossUSD.plus(event.params.loss)
  protocol.cumulativeInsuranceCoveredUSD = protocol.cumulativeInsuranceCoveredUSD.plus(event.params.insuranceCovered)
  protocol.cumulativeStakersLossUSD = protocol.cumulativeStakersLossUSD.plus(event.params.stakersCovered)
  protocol.cumulativeUncoveredLossUSD = protocol.cumulativeUncoveredLossUSD.plus(event.params.uncovered)
  saveProtocol(protocol, event.block)
}
