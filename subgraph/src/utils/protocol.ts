import { Address, Bytes, dataSource, ethereum } from '@graphprotocol/graph-ts'
import { Protocol, ProtocolData } from '../../generated/schema'
import { BIGINT_ZERO, PROTOCOL_ID, WAD } from './constants'
import { mulDivDown } from './math'
import { getOrCreateToken } from './tokens'

/**
 * The protocol singleton. The AID and sAID addresses come from the data source context (written by
 * scripts/prepare.mjs from the deployments file), so any data source can create it.
 */
export function getProtocol(): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID)
  if (protocol != null) return protocol
  const context = dataSource.context()
  const aid = getOrCreateToken(Address.fromString(context.getString('aid')), 'AI Dollar', 'AID', 18)
  const sAid = getOrCreateToken(Address.fromString(context.getString('sAid')), 'Staked AID', 'sAID', 18)
  protocol = new Protocol(PROTOCOL_ID)
  protocol.aid = aid.id
  protocol.sAid = sAid.id
  protocol.totalAidSupply = BIGINT_ZERO
  protocol.totalLiquidUSD = BIGINT_ZERO
  protocol.totalCarryingValueUSD = BIGINT_ZERO
  protocol.totalBackingUSD = BIGINT_ZERO
  protocol.collateralRatio = BIGINT_ZERO
  protocol.totalDeployedPrincipalUSD = BIGINT_ZERO
  protocol.totalQueuedAid = BIGINT_ZERO
  protocol.cumulativeMintedAid = BIGINT_ZERO
  protocol.cumulativeMintFeesAid = BIGINT_ZERO
  protocol.cumulativeRedeemedAid = BIGINT_ZERO
  protocol.cumulativeRedeemFeesAid = BIGINT_ZERO
  protocol.cumulativeIncomeUSD = BIGINT_ZERO
  protocol.cumulativePerformanceFeesUSD = BIGINT_ZERO
  protocol.cumulativeProtocolFeesUSD = BIGINT_ZERO
  protocol.cumulativeNetYieldUSD = BIGINT_ZERO
  protocol.cumulativeLossUSD = BIGINT_ZERO
  protocol.cumulativeInsuranceCoveredUSD = BIGINT_ZERO
  protocol.cumulativeStakersLossUSD = BIGINT_ZERO
  protocol.cumulativeUncoveredLossUSD = BIGINT_ZERO
  protocol.cumulativeYieldDistributedAid = BIGINT_ZERO
  protocol.mintPaused = false
  protocol.redeemPaused = false
  protocol.sAidStoredAssets = BIGINT_ZERO
  protocol.sAidVestingAmount = BIGINT_ZERO
  protocol.sAidVestingStart = BIGINT_ZERO
  protocol.sAidVestingEnd = BIGINT_ZERO
  protocol.sAidExchangeRate = WAD
  protocol.sAidExchangeRateTimestamp = BIGINT_ZERO
  protocol.dealCount = 0
  protocol.mintCount = 0
  protocol.redemptionCount = 0
  protocol.totalDepositBalanceUSD = BIGINT_ZERO
  protocol.totalBorrowBalanceUSD = BIGINT_ZERO
  protocol.cumulativeDepositUSD = BIGINT_ZERO
  protocol.cumulativeBorrowUSD = BIGINT_ZERO
  protocol.cumulativeLiquidateUSD = BIGINT_ZERO
  protocol.cumulativeBadDebtUSD = BIGINT_ZERO
  protocol.totalValueLockedUSD = BIGINT_ZERO
  protocol.marketCount = 0
  protocol.liquidationCount = 0
  protocol.lastUpdatedBlockNumber = BIGINT_ZERO
  protocol.lastUpdatedTimestamp = BIGINT_ZERO
  return protocol
}

/**
 * Recomputes backing, collateral ratio and TVL from the running totals, stamps the block, saves, and appends a
 * ProtocolData point (the source of the hourly/daily ProtocolSnapshot).
 */
export function saveProtocol(protocol: Protocol, block: ethereum.Block): void {
  protocol.totalBackingUSD = protocol.totalLiquidUSD.plus(protocol.totalCarryingValueUSD)
  protocol.collateralRatio = mulDivDown(protocol.totalBackingUSD, WAD, protocol.totalAidSupply)
  protocol.totalValueLockedUSD = protocol.totalBackingUSD.plus(protocol.totalDepositBalanceUSD)
  protocol.lastUpdatedBlockNumber = block.number
  protocol.lastUpdatedTimestamp = block.timestamp
  protocol.save()

  // Timeseries: graph-node assigns the id and sets the timestamp to the block time.
  const point = new ProtocolData(0)
  point.timestamp = block.timestamp.toI64()
  point.totalAidSupply = protocol.totalAidSupply
  point.totalBackingUSD = protocol.totalBackingUSD
  point.totalLiquidUSD = protocol.totalLiquidUSD
  point.totalCarryingValueUSD = protocol.totalCarryingValueUSD
  point.totalDeployedPrincipalUSD = protocol.totalDeployedPrincipalUSD
  point.collateralRatio = protocol.collateralRatio
  point.totalQueuedAid = protocol.totalQueuedAid
  point.totalValueLockedUSD = protocol.totalValueLockedUSD
  point.sAidExchangeRate = protocol.sAidExchangeRate
  point.cumulativeLossUSD = protocol.cumulativeLossUSD
  point.save()
}

export function protocolId(): Bytes {
  return PROTOCOL_ID
}
