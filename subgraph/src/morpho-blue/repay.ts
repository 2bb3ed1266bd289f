import { Repay as RepayEvent } from '../../generated/MorphoBlue/MorphoBlue'
import { Repay } from '../../generated/schema'
import { eventId } from '../utils/ids'
import {
  getOrCreatePosition,
  loadMarket,
  MarketFlows,
  MarketTotals,
  refreshOraclePrice,
  refreshPosition,
  saveMarket,
  zeroFloorSub,
} from '../utils/morpho'

/** Debt repaid: borrow shares burned; total borrow assets fall with Morpho's zero floor (rounding can exceed it). */
export function handleRepay(event: RepayEvent): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const assets = event.params.assets
  const shares = event.params.shares
  market.totalBorrowShares = market.totalBorrowShares.minus(shares)
  market.totalBorrowAssets = zeroFloorSub(market.totalBorrowAssets, assets)
  market.cumulativeRepayAssets = market.cumulativeRepayAssets.plus(assets)
  refreshOraclePrice(market)

  const position = getOrCreatePosition(market, event.params.onBehalf, event)
  position.borrowShares = position.borrowShares.minus(shares)
  position.repayCount = position.repayCount + 1
  refreshPosition(position, market, event)

  const repay = new Repay(eventId(event))
  repay.market = market.id
  repay.position = position.id
  repay.caller = event.params.caller
  repay.account = event.params.onBehalf
  repay.amount = assets
  repay.shares = shares
  repay.blockNumber = event.block.number
  repay.timestamp = event.block.timestamp
  repay.transactionHash = event.transaction.hash
  repay.logIndex = event.logIndex.toI32()
  repay.save()

  const flows = new MarketFlows()
  flows.repaid = assets
  saveMarket(market, before, flows, event)
}
