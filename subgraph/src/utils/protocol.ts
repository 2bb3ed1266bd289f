import { Address, Bytes, dataSource, ethereum } from '@graphprotocol/graph-ts'
import { Protocol } from '../../generated/schema'
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
  protocol.dealCount = 0
  protocol.mintCount = 0
  protocol.redemptionCount = 0
  protocol.lastUpdatedBlockNumber = BIGINT_ZERO
  protocol.lastUpdatedTimestamp = BIGINT_ZERO
  return protocol
}

/** Recomputes backing and collateral ratio from the running totals, stamps the block and saves. */
export function saveProtocol(protocol: Protocol, block: ethereum.Block): void {
  protocol.totalBackingUSD = protocol.totalLiquidUSD.plus(protocol.totalCarryingValueUSD)
  protocol.collateralRatio = mulDivDown(protocol.totalBackingUSD, WAD, protocol.totalAidSupply)
  protocol.lastUpdatedBlockNumber = block.number
  protocol.lastUpdatedTimestamp = block.timestamp
  protocol.save()
}

export function protocolId(): Bytes {
  return PROTOCOL_ID
}
