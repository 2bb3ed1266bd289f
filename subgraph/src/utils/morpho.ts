import { Address, BigDecimal, BigInt, Bytes, dataSource, ethereum } from '@graphprotocol/graph-ts'
import { MorphoOracle } from '../../generated/MorphoBlue/MorphoOracle'
import { InterestRate, Market, MarketData, Position } from '../../generated/schema'
import {
  BIGINT_ZERO,
  ORACLE_PRICE_SCALE,
  SECONDS_PER_YEAR,
  VIRTUAL_ASSETS,
  VIRTUAL_SHARES,
  WAD,
} from './constants'
import { mulDivDown, mulDivUp } from './math'
import { getProtocol, saveProtocol } from './protocol'
import { getOrCreateStable, toUSD } from './tokens'

/**
 * The deployments-file key of a market of ours (SAID_USDC, ...), or null for any other Morpho market. The keys are
 * in the data source context (`market_<id>`), written by scripts/prepare.mjs; the manifest's topic1 filter already
 * keeps other markets' logs out, this is the second guard.
 */
export function ourMarketName(id: Bytes): string | null {
  const value = dataSource.context().get('market_' + id.toHexString())
  return value == null ? null : value.toString()
}

/**
 * A market of ours, or null for any other market. Created on its first event (normally CreateMarket) from the
 * parameters in the context (the deployments file), so a market created before the start block is still indexed.
 */
export function loadMarket(id: Bytes, event: ethereum.Event): Market | null {
  const name = ourMarketName(id)
  if (name === null) return null
  let market = Market.load(id)
  if (market != null) return market
  const params = dataSource.context().getString('marketParams_' + id.toHexString()).split(',')
  // AID and sAID are known tokens (created with the protocol); a stable is read once (declared calls on CreateMarket).
  const protocol = getProtocol()
  protocol.marketCount = protocol.marketCount + 1
  saveProtocol(protocol, event.block)

  market = new Market(id)
  market.name = name as string
  market.inputToken = getOrCreateStable(Address.fromString(params[0])).id
  market.collateralToken = getOrCreateStable(Address.fromString(params[1])).id
  market.oracle = Address.fromString(params[2])
  market.irm = Address.fromString(params[3])
  market.lltv = BigInt.fromString(params[4])
  market.fee = BIGINT_ZERO
  market.inputTokenBalance = BIGINT_ZERO
  market.totalSupplyAssets = BIGINT_ZERO
  market.totalSupplyShares = BIGINT_ZERO
  market.totalBorrowAssets = BIGINT_ZERO
  market.totalBorrowShares = BIGINT_ZERO
  market.totalCollateral = BIGINT_ZERO
  market.utilization = BIGINT_ZERO
  market.borrowRatePerSecond = BIGINT_ZERO
  market.rates = createRates(id)
  market.cumulativeSupplyAssets = BIGINT_ZERO
  market.cumulativeBorrowAssets = BIGINT_ZERO
  market.cumulativeRepayAssets = BIGINT_ZERO
  market.cumulativeInterestAssets = BIGINT_ZERO
  market.cumulativeLiquidateRepaidAssets = BIGINT_ZERO
  market.cumulativeSeizedCollateral = BIGINT_ZERO
  market.cumulativeBadDebtAssets = BIGINT_ZERO
  market.positionCount = 0
  market.openPositionCount = 0
  market.createdBlockNumber = event.block.number
  market.createdTimestamp = event.block.timestamp
  market.lastUpdate = event.block.timestamp
  return market
}

/** Morpho SharesMathLib.toAssetsDown: shares × (totalAssets + 1) / (totalShares + 1e6), rounded down. */
export function toAssetsDown(shares: BigInt, totalAssets: BigInt, totalShares: BigInt): BigInt {
  return mulDivDown(shares, totalAssets.plus(VIRTUAL_ASSETS), totalShares.plus(VIRTUAL_SHARES))
}

/** Morpho SharesMathLib.toAssetsUp (debt side). */
export function toAssetsUp(shares: BigInt, totalAssets: BigInt, totalShares: BigInt): BigInt {
  return mulDivUp(shares, totalAssets.plus(VIRTUAL_ASSETS), totalShares.plus(VIRTUAL_SHARES))
}

/** Morpho UtilsLib.zeroFloorSub: max(a − b, 0). */
export function zeroFloorSub(a: BigInt, b: BigInt): BigInt {
  return a.gt(b) ? a.minus(b) : BIGINT_ZERO
}

export function interestRateId(market: Bytes, side: string): Bytes {
  return market.concat(Bytes.fromUTF8(side))
}

/** Creates the two Messari InterestRate entities of a new market (0% until the first accrual). */
export function createRates(market: Bytes): Bytes[] {
  const sides = ['BORROWER', 'LENDER']
  const ids: Bytes[] = []
  for (let i = 0; i < sides.length; i++) {
    const rate = new InterestRate(interestRateId(market, sides[i]))
    rate.market = market
    rate.side = sides[i]
    rate.type = 'VARIABLE'
    rate.rate = BigDecimal.zero()
    rate.save()
    ids.push(rate.id)
  }
  return ids
}

/** Position id: market id ++ account. */
export function positionId(market: Bytes, account: Address): Bytes {
  return market.concat(account)
}

export function getOrCreatePosition(market: Market, account: Address, event: ethereum.Event): Position {
  const id = positionId(market.id, account)
  let position = Position.load(id)
  if (position != null) return position
  position = new Position(id)
  position.market = market.id
  position.account = account
  position.supplyShares = BIGINT_ZERO
  position.borrowShares = BIGINT_ZERO
  position.collateral = BIGINT_ZERO
  position.supplyAssets = BIGINT_ZERO
  position.borrowAssets = BIGINT_ZERO
  position.isOpen = false
  position.openedTimestamp = event.block.timestamp
  position.lastUpdatedBlockNumber = event.block.number
  position.lastUpdatedTimestamp = event.block.timestamp
  position.borrowCount = 0
  position.repayCount = 0
  position.liquidationCount = 0
  market.positionCount = market.positionCount + 1
  return position
}

/**
 * Converts the position's shares with the market's totals after this event (supply down, borrow up, as Morpho),
 * recomputes the LTV with the market's last oracle price, tracks open/closed and saves. Call after the market's
 * totals are updated and before the market is saved (it adjusts openPositionCount).
 */
export function refreshPosition(position: Position, market: Market, event: ethereum.Event): void {
  position.supplyAssets = toAssetsDown(position.supplyShares, market.totalSupplyAssets, market.totalSupplyShares)
  position.borrowAssets = toAssetsUp(position.borrowShares, market.totalBorrowAssets, market.totalBorrowShares)
  position.ltv = null
  const price = market.oraclePrice
  if (price !== null && !position.borrowAssets.isZero()) {
    const collateralValue = mulDivDown(position.collateral, price, ORACLE_PRICE_SCALE)
    if (!collateralValue.isZero()) position.ltv = mulDivUp(position.borrowAssets, WAD, collateralValue)
  }
  const open = !(position.supplyShares.isZero() && position.borrowShares.isZero() && position.collateral.isZero())
  if (open && !position.isOpen) market.openPositionCount = market.openPositionCount + 1
  if (!open && position.isOpen) market.openPositionCount = market.openPositionCount - 1
  position.isOpen = open
  position.lastUpdatedBlockNumber = event.block.number
  position.lastUpdatedTimestamp = event.block.timestamp
  position.save()
}

/**
 * Reads the market oracle's price (Morpho scale 1e36). Morpho's events carry no price and the oracle address is
 * not an event parameter, so this is a plain eth_call (not declarable in the manifest); a revert keeps the last price.
 */
export function refreshOraclePrice(market: Market): void {
  const result = MorphoOracle.bind(Address.fromBytes(market.oracle)).try_price()
  if (!result.reverted) market.oraclePrice = result.value
}

/** Loan-asset flows of one event, for the MarketData timeseries. */
export class MarketFlows {
  supplied: BigInt = BIGINT_ZERO
  withdrawn: BigInt = BIGINT_ZERO
  borrowed: BigInt = BIGINT_ZERO
  repaid: BigInt = BIGINT_ZERO
  interest: BigInt = BIGINT_ZERO
  liquidationRepaid: BigInt = BIGINT_ZERO
  badDebt: BigInt = BIGINT_ZERO
  liquidations: i32 = 0
}

/** The market's supply and borrow totals before an event (to move the protocol's lending totals by the change). */
export class MarketTotals {
  supply: BigInt
  borrow: BigInt
  constructor(market: Market) {
    this.supply = market.totalSupplyAssets
    this.borrow = market.totalBorrowAssets
  }
}

/**
 * Derives utilization, the Messari balance and rates from the market's totals, saves it, appends a MarketData point,
 * and moves the protocol's lending totals (at par, 18 decimals) by the change since `before`.
 */
export function saveMarket(market: Market, before: MarketTotals, flows: MarketFlows, event: ethereum.Event): void {
  market.inputTokenBalance = market.totalSupplyAssets
  market.utilization = mulDivDown(market.totalBorrowAssets, WAD, market.totalSupplyAssets)
  updateRates(market)
  market.save()

  const data = new MarketData(0)
  data.timestamp = event.block.timestamp.toI64()
  data.market = market.id
  data.supplied = flows.supplied
  data.withdrawn = flows.withdrawn
  data.borrowed = flows.borrowed
  data.repaid = flows.repaid
  data.interest = flows.interest
  data.totalSupplyAssets = market.totalSupplyAssets
  data.totalBorrowAssets = market.totalBorrowAssets
  data.totalCollateral = market.totalCollateral
  data.utilization = market.utilization
  data.save()

  const loan = Address.fromBytes(market.inputToken)
  const protocol = getProtocol()
  protocol.totalDepositBalanceUSD = protocol.totalDepositBalanceUSD
    .plus(toUSD(loan, market.totalSupplyAssets))
    .minus(toUSD(loan, before.supply))
  protocol.totalBorrowBalanceUSD = protocol.totalBorrowBalanceUSD
    .plus(toUSD(loan, market.totalBorrowAssets))
    .minus(toUSD(loan, before.borrow))
  protocol.cumulativeDepositUSD = protocol.cumulativeDepositUSD.plus(toUSD(loan, flows.supplied))
  protocol.cumulativeBorrowUSD = protocol.cumulativeBorrowUSD.plus(toUSD(loan, flows.borrowed))
  protocol.cumulativeLiquidateUSD = protocol.cumulativeLiquidateUSD.plus(toUSD(loan, flows.liquidationRepaid))
  protocol.cumulativeBadDebtUSD = protocol.cumulativeBadDebtUSD.plus(toUSD(loan, flows.badDebt))
  protocol.liquidationCount = protocol.liquidationCount + flows.liquidations
  saveProtocol(protocol, event.block)
}

/** Borrower APR = per-second rate × 365 days; lender APR = borrower × utilization × (1 − fee); in percent. */
function updateRates(market: Market): void {
  const hundred = BigDecimal.fromString('100')
  const wad = WAD.toBigDecimal()
  const borrowApr = market.borrowRatePerSecond.times(SECONDS_PER_YEAR).toBigDecimal().times(hundred).div(wad)
  const lenderShare = market.utilization.times(WAD.minus(market.fee)).toBigDecimal().div(wad).div(wad)
  const borrower = InterestRate.load(interestRateId(market.id, 'BORROWER'))
  if (borrower != null) {
    borrower.rate = borrowApr
    borrower.save()
  }
  const lender = InterestRate.load(interestRateId(market.id, 'LENDER'))
  if (lender != null) {
    lender.rate = borrowApr.times(lenderShare)
    lender.save()
  }
}
