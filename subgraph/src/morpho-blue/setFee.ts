import { SetFee } from '../../generated/MorphoBlue/MorphoBlue'
import { loadMarket, MarketFlows, MarketTotals, saveMarket } from '../utils/morpho'

/** New fee on interest (Morpho accrued interest at the old fee just before: AccrueInterest came first). */
export function handleSetFee(event: SetFee): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  market.fee = event.params.newFee
  saveMarket(market, new MarketTotals(market), new MarketFlows(), event)
}
