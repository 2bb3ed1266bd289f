import { Withdraw as WithdrawEvent } from '../../generated/MorphoBlue/MorphoBlue'
import { Withdraw } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { getOrCreatePosition, loadMarket, MarketFlows, MarketTotals, refreshPosition, saveMarket } from '../utils/morpho'

/** Loan assets withdrawn by burning supply shares (Messari Withdraw, side SUPPLIER). */
export function handleWithdraw(event: WithdrawEvent): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const assets = event.params.assets
  const shares = event.params.shares
  market.totalSupplyAssets = market.totalSupplyAssets.minus(assets)
  market.totalSupplyShares = market.totalSupplyShares.minus(shares)

  const position = getOrCreatePosition(market, event.params.onBehalf, event)
  position.supplyShares = position.supplyShares.minus(shares)
  refreshPosition(position, market, event)

  const withdraw = new Withdraw(eventId(event))
  withdraw.market = market.id
  withdraw.position = position.id
  withdraw.side = 'SUPPLIER'
  withdraw.caller = event.params.caller
  withdraw.account = event.params.onBehalf
  withdraw.receiver = event.params.receiver
  withdraw.amount = assets
  withdraw.shares = shares
  withdraw.blockNumber = event.block.number
  withdraw.timestamp = event.block.timestamp
  withdraw.transactionHash = event.transaction.hash
  withdraw.logIndex = event.logIndex.toI32()
  withdraw.save()

  const flows = new MarketFlows()
  flows.withdrawn = assets
  saveMarket(market, before, flows, event)
}
