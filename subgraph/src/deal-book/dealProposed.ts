import { DealProposed } from '../../generated/DealBook/DealBook'
import { Deal } from '../../generated/schema'
import { initDealState } from '../utils/deals'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** A deal proposed by an originator, with its full terms. */
export function handleDealProposed(event: DealProposed): void {
  const terms = event.params.terms
  const deal = new Deal(uintId(event.params.dealId))
  deal.dealId = event.params.dealId
  deal.borrowerId = event.params.borrowerId
  deal.originator = event.params.originator
  deal.assetClass = terms.assetClass == 0 ? 'GPU' : 'ROBOTICS'
  deal.hardwareCount = terms.hardwareCount
  deal.hardwareModel = terms.hardwareModel
  deal.locationHash = terms.locationHash
  deal.navUnits = terms.navUnits
  deal.collateralValueUSD = terms.collateralValue
  deal.advanceRateBps = terms.advanceRateBps
  deal.maxLtvBps = terms.maxLtvBps
  deal.structure = terms.structure == 0 ? 'FIXED_RATE' : 'REVENUE_SHARE'
  deal.rateBps = terms.rateBps
  deal.tenor = terms.tenor
  deal.payoutWallet = terms.payoutWallet
  initDealState(deal, event)
  deal.save()

  const protocol = getProtocol()
  protocol.dealCount = protocol.dealCount + 1
  saveProtocol(protocol, event.block)
}

