import { Borrow as BorrowEvent } from '../../generated/MorphoBlue/MorphoBlue'
import { Borrow } from '../../generated/schema'
import { eventId } from '../utils/ids'
import {
  getOrCreatePosition,
  loadMarket,
  MarketFlows,
  MarketTotals,
  refreshOraclePrice,
  refreshPosition,
  saveMarket,
} from '../utils/morpho'

/** Loan assets borrowed against the position's collateral. */
export function handleBorrow(event: BorrowEvent): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const assets = event.params.assets
  const shares = event.params.shares
  market.totalBorrowAssets = market.totalBorrowAssets.plus(assets)
  market.totalBorrowShares = market.totalBorrowShares.plus(shares)
  market.cumulativeBorrowAssets = market.cumulativeBorrowAssets.plus(assets)
  refreshOraclePrice(market)

  const position = getOrCreatePosition(market, event.params.onBehalf, event)
  position.borrowShares = position.borrowShares.plus(shares)
  position.borrowCount = position.borrowCount + 1
  refreshPosition(position, market, event)

  const borrow = new Borrow(eventId(event))
  borrow.market = market.id
  borrow.position = position.id
  borrow.caller = event.params.caller
  borrow.account = event.params.onBehalf
  borrow.receiver = event.params.receiver
  borrow.amount = assets
  borrow.shares = shares
  borrow.blockNumber = event.block.number
  borrow.timestamp = event.block.timestamp
  borrow.transactionHash = event.transaction.hash
  borrow.logIndex = event.logIndex.toI32()
  borrow.save()

  const flows = new MarketFlows()
  flows.borrowed = assets
  saveMarket(market, before, flows, event)
}
