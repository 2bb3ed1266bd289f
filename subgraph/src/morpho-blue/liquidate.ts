import { Address } from '@graphprotocol/graph-ts'
import { Liquidate as LiquidateEvent } from '../../generated/MorphoBlue/MorphoBlue'
import { Liquidate, LiquidationData } from '../../generated/schema'
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
import { toUSD } from '../utils/tokens'

/**
 * A liquidation, with Morpho's exact amounts: the borrower's shares fall by the repaid and the bad-debt shares,
 * total borrow by the repaid assets (zero floor) and the bad debt, total supply by the bad debt (socialised to
 * suppliers), collateral by the seized assets.
 */
export function handleLiquidate(event: LiquidateEvent): void {
  const market = loadMarket(event.params.id, event)
  if (market == null) return
  const before = new MarketTotals(market)
  const p = event.params
  market.totalBorrowShares = market.totalBorrowShares.minus(p.repaidShares).minus(p.badDebtShares)
  market.totalBorrowAssets = zeroFloorSub(market.totalBorrowAssets, p.repaidAssets).minus(p.badDebtAssets)
  market.totalSupplyAssets = market.totalSupplyAssets.minus(p.badDebtAssets)
  market.totalCollateral = market.totalCollateral.minus(p.seizedAssets)
  market.cumulativeLiquidateRepaidAssets = market.cumulativeLiquidateRepaidAssets.plus(p.repaidAssets)
  market.cumulativeSeizedCollateral = market.cumulativeSeizedCollateral.plus(p.seizedAssets)
  market.cumulativeBadDebtAssets = market.cumulativeBadDebtAssets.plus(p.badDebtAssets)
  refreshOraclePrice(market)

  const position = getOrCreatePosition(market, p.borrower, event)
  position.borrowShares = position.borrowShares.minus(p.repaidShares).minus(p.badDebtShares)
  position.collateral = position.collateral.minus(p.seizedAssets)
  position.liquidationCount = position.liquidationCount + 1
  refreshPosition(position, market, event)

  const loan = Address.fromBytes(market.inputToken)
  const liquidate = new Liquidate(eventId(event))
  liquidate.market = market.id
  liquidate.position = position.id
  liquidate.liquidator = p.caller
  liquidate.liquidatee = p.borrower
  liquidate.repaidAssets = p.repaidAssets
  liquidate.repaidShares = p.repaidShares
  liquidate.seizedAssets = p.seizedAssets
  liquidate.badDebtAssets = p.badDebtAssets
  liquidate.badDebtShares = p.badDebtShares
  liquidate.repaidUSD = toUSD(loan, p.repaidAssets)
  liquidate.badDebtUSD = toUSD(loan, p.badDebtAssets)
  liquidate.blockNumber = event.block.number
  liquidate.timestamp = event.block.timestamp
  liquidate.transactionHash = event.transaction.hash
  liquidate.logIndex = event.logIndex.toI32()
  liquidate.save()

  const data = new LiquidationData(0)
  data.timestamp = event.block.timestamp.toI64()
  data.market = market.id
  data.repaidAssets = p.repaidAssets
  data.seizedAssets = p.seizedAssets
  data.badDebtAssets = p.badDebtAssets
  data.repaidUSD = liquidate.repaidUSD
  data.badDebtUSD = liquidate.badDebtUSD
  data.save()

  const flows = new MarketFlows()
  flows.repaid = p.repaidAssets
  flows.liquidationRepaid = p.repaidAssets
  flows.badDebt = p.badDebtAssets
  flows.liquidations = 1
  saveMarket(market, before, flows, event)
}
