import { CreateMarket } from '../../generated/MorphoBlue/MorphoBlue'
import { loadMarket, MarketFlows, MarketTotals, saveMarket } from '../utils/morpho'

/**
 * One of our markets created (any other market is ignored). Its parameters are the deployment's (the context), which
 * are the event's: a market id is the hash of its parameters.
 */
export function handleCreateMarket(event: CreateMarket): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  market.lastUpdate = event.block.timestamp
  saveMarket(market, new MarketTotals(market), new MarketFlows(), event)
}
