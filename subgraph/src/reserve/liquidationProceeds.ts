import { LiquidationProceeds } from '../../generated/Reserve/Reserve'
import { loadDeal } from '../utils/deals'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Proceeds of a defaulted deal's collateral sale enter the buffer (a shortfall is a further LossAbsorbed). */
export function handleLiquidationProceeds(event: LiquidationProceeds): void {
  const proceedsUSD = toUSD(event.params.stable, event.params.proceeds)
  const deal = loadDeal(event.params.dealId, event)
  if (deal != null) {
    deal.liquidationProceedsUSD = proceedsUSD
    deal.save()
  }
  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.plus(proceedsUSD)
  saveProtocol(protocol, event.block)
}
