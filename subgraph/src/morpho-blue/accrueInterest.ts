import { Address } from '@graphprotocol/graph-ts'
import { AccrueInterest } from '../../generated/MorphoBlue/MorphoBlue'
import { InterestAccrual } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { getOrCreatePosition, loadMarket, MarketFlows, MarketTotals, refreshPosition, saveMarket } from '../utils/morpho'
import { getProtocol } from '../utils/protocol'

/**
 * Interest accrued: added to both totals; the fee part is minted as supply shares to Morpho's fee recipient (no
 * Supply event is emitted for them, so they are credited here).
 */
export function handleAccrueInterest(event: AccrueInterest): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const interest = event.params.interest
  market.totalSupplyAssets = market.totalSupplyAssets.plus(interest)
  market.totalBorrowAssets = market.totalBorrowAssets.plus(interest)
  market.totalSupplyShares = market.totalSupplyShares.plus(event.params.feeShares)
  market.cumulativeInterestAssets = market.cumulativeInterestAssets.plus(interest)
  market.borrowRatePerSecond = event.params.prevBorrowRate
  market.lastUpdate = event.block.timestamp

  const feeRecipient = getProtocol().morphoFeeRecipient
  if (feeRecipient !== null && !event.params.feeShares.isZero()) {
    const position = getOrCreatePosition(market, Address.fromBytes(feeRecipient), event)
    position.supplyShares = position.supplyShares.plus(event.params.feeShares)
    refreshPosition(position, market, event)
  }

  const accrual = new InterestAccrual(eventId(event))
  accrual.market = market.id
  accrual.prevBorrowRate = event.params.prevBorrowRate
  accrual.interest = interest
  accrual.feeShares = event.params.feeShares
  accrual.totalSupplyAssets = market.totalSupplyAssets
  accrual.totalBorrowAssets = market.totalBorrowAssets
  accrual.blockNumber = event.block.number
  accrual.timestamp = event.block.timestamp
  accrual.transactionHash = event.transaction.hash
  accrual.save()

  const flows = new MarketFlows()
  flows.interest = interest
  saveMarket(market, before, flows, event)
}
