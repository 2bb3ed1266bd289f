import { Supply } from '../../generated/MorphoBlue/MorphoBlue'
import { Deposit } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { getOrCreatePosition, loadMarket, MarketFlows, MarketTotals, refreshPosition, saveMarket } from '../utils/morpho'

/** Loan assets supplied on behalf of `onBehalf` (Messari Deposit, side SUPPLIER). */
export function handleSupply(event: Supply): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const assets = event.params.assets
  const shares = event.params.shares
  market.totalSupplyAssets = market.totalSupplyAssets.plus(assets)
  market.totalSupplyShares = market.totalSupplyShares.plus(shares)
  market.cumulativeSupplyAssets = market.cumulativeSupplyAssets.plus(assets)

  const position = getOrCreatePosition(market, event.params.onBehalf, event)
  position.supplyShares = position.supplyShares.plus(shares)
  refreshPosition(position, market, event)

  const deposit = new Deposit(eventId(event))
  deposit.market = market.id
  deposit.position = position.id
  deposit.side = 'SUPPLIER'
  deposit.caller = event.params.caller
  deposit.account = event.params.onBehalf
  deposit.amount = assets
  deposit.shares = shares
  deposit.blockNumber = event.block.number
  deposit.timestamp = event.block.timestamp
  deposit.transactionHash = event.transaction.hash
  deposit.logIndex = event.logIndex.toI32()
  deposit.save()

  const flows = new MarketFlows()
  flows.supplied = assets
  saveMarket(market, before, flows, event)
}
