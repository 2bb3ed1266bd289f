import { BigInt, Bytes, ethereum, log } from '@graphprotocol/graph-ts'
import { Deal } from '../../generated/schema'
import { BIGINT_ZERO, ZERO_ADDRESS } from './constants'
import { uintId } from './ids'

/**
 * The deal a DealBook event refers to. A deal whose DealProposed was not indexed (proposed before the data source's
 * start block) gets a stub (zero terms, originator 0x0) so its lifecycle is still tracked; that is logged.
 * Returns null never; the nullable type keeps the handlers' guards.
 */
export function loadDeal(dealId: BigInt, event: ethereum.Event): Deal | null {
  let deal = Deal.load(uintId(dealId))
  if (deal != null) return deal
  log.warning('deal {} was proposed before the start block: tracked without its terms (tx {})', [
    dealId.toString(),
    event.transaction.hash.toHexString(),
  ])
  deal = new Deal(uintId(dealId))
  deal.dealId = dealId
  deal.borrowerId = Bytes.empty()
  deal.originator = ZERO_ADDRESS
  deal.assetClass = 'GPU'
  deal.hardwareCount = BIGINT_ZERO
  deal.hardwareModel = Bytes.empty()
  deal.locationHash = Bytes.empty()
  deal.navUnits = BIGINT_ZERO
  deal.collateralValueUSD = BIGINT_ZERO
  deal.advanceRateBps = 0
  deal.maxLtvBps = 0
  deal.structure = 'FIXED_RATE'
  deal.rateBps = 0
  deal.tenor = BIGINT_ZERO
  deal.payoutWallet = ZERO_ADDRESS
  initDealState(deal, event)
  return deal
}

/** Lifecycle fields of a new deal (Proposed, nothing funded). */
export function initDealState(deal: Deal, event: ethereum.Event): void {
  deal.status = 'Proposed'
  deal.marginCall = false
  deal.ltvBps = BIGINT_ZERO
  deal.principalUSD = BIGINT_ZERO
  deal.outstandingPrincipalUSD = BIGINT_ZERO
  deal.carryingValueUSD = BIGINT_ZERO
  deal.principalRepaidUSD = BIGINT_ZERO
  deal.incomeReceivedUSD = BIGINT_ZERO
  deal.lossUSD = BIGINT_ZERO
  deal.proposedAt = event.block.timestamp
}
