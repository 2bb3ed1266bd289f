import { log } from '@graphprotocol/graph-ts'
import { LiquidationProceeds } from '../../generated/Reserve/Reserve'
import { Deal } from '../../generated/schema'
import { uintId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Proceeds of a defaulted deal's collateral sale enter the buffer (a shortfall is a further LossAbsorbed). */
export function handleLiquidationProceeds(event: LiquidationProceeds): void {
  const proceedsUSD = toUSD(event.params.stable, event.params.proceeds)
  const deal = Deal.load(uintId(event.params.dealId))
  if (deal == null) {
    log.error('LiquidationProceeds for unknown deal {}', [event.params.dealId.toString()])
  } else {
    deal.liquidationProceedsUSD = proceedsUSD
    deal.save()
  }
  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.plus(proceedsUSD)
  saveProtocol(protocol, event.block)
}
