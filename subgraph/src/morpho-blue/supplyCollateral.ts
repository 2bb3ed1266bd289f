import { SupplyCollateral } from '../../generated/MorphoBlue/MorphoBlue'
import { Deposit } from '../../generated/schema'
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

/** Collateral posted (Messari Deposit, side COLLATERAL; no shares). */
export function handleSupplyCollateral(event: SupplyCollateral): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const assets = event.params.assets
  market.totalCollateral = market.totalCollateral.plus(assets)
  refreshOraclePrice(market)

  const position = getOrCreatePosition(market, event.params.onBehalf, event)
  position.collateral = position.collateral.plus(assets)
  refreshPosition(position, market, event)

  const deposit = new Deposit(eventId(event))
  deposit.market = market.id
  deposit.position = position.id
  deposit.side = 'COLLATERAL'
  deposit.caller = event.params.caller
  deposit.account = event.params.onBehalf
  deposit.amount = assets
  deposit.blockNumber = event.block.number
  deposit.timestamp = event.block.timestamp
  deposit.transactionHash = event.transaction.hash
  deposit.logIndex = event.logIndex.toI32()
  deposit.save()

  saveMarket(market, before, new MarketFlows(), event)
}
