import { WithdrawCollateral } from '../../generated/MorphoBlue/MorphoBlue'
import { Withdraw } from '../../generated/schema'
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

/** Collateral withdrawn (Messari Withdraw, side COLLATERAL). */
export function handleWithdrawCollateral(event: WithdrawCollateral): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const assets = event.params.assets
  market.totalCollateral = market.totalCollateral.minus(assets)
  refreshOraclePrice(market)

  const position = getOrCreatePosition(market, event.params.onBehalf, event)
  position.collateral = position.collateral.minus(assets)
  refreshPosition(position, market, event)

  const withdraw = new Withdraw(eventId(event))
  withdraw.market = market.id
  withdraw.position = position.id
  withdraw.side = 'COLLATERAL'
  withdraw.caller = event.params.caller
  withdraw.account = event.params.onBehalf
  withdraw.receiver = event.params.receiver
  withdraw.amount = assets
  withdraw.blockNumber = event.block.number
  withdraw.timestamp = event.block.timestamp
  withdraw.transactionHash = event.transaction.hash
  withdraw.logIndex = event.logIndex.toI32()
  withdraw.save()

  saveMarket(market, before, new MarketFlows(), event)
}
