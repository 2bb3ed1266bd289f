import { BigDecimal, BigInt, ethereum } from '@graphprotocol/graph-ts'
import { ExchangeRatePoint, Protocol, StakedAidRateData, Token } from '../../generated/schema'
import { BIGINT_ONE, BIGINT_ZERO, SAID_DECIMALS_OFFSET, SECONDS_PER_YEAR } from './constants'
import { eventId } from './ids'
import { mulDivDown, mulDivUp, pow10 } from './math'

/**
 * sAID yield not vested at `timestamp`: StakedAID `_unvested` (rounded up, 0 from `vestingEnd − 1` on).
 * The vault state it reads is mirrored in the Protocol entity by the sAID handlers, so no eth_call is needed.
 */
export function unvestedAt(protocol: Protocol, timestamp: BigInt): BigInt {
  const end = protocol.sAidVestingEnd
  if (timestamp.plus(BIGINT_ONE).gt(end)) return BIGINT_ZERO
  return mulDivUp(protocol.sAidVestingAmount, end.minus(timestamp), end.minus(protocol.sAidVestingStart))
}

/** StakedAID `totalAssets()` at `timestamp`: stored assets minus unvested yield. */
export function totalAssetsAt(protocol: Protocol, timestamp: BigInt): BigInt {
  return protocol.sAidStoredAssets.minus(unvestedAt(protocol, timestamp))
}

/**
 * `convertToAssets(10^decimals)` as OpenZeppelin ERC4626 computes it (rounded down):
 * `shares × (totalAssets + 1) / (totalSupply + 10^offset)`.
 */
export function exchangeRate(totalAssets: BigInt, totalShares: BigInt): BigInt {
  const unit = pow10(18 + SAID_DECIMALS_OFFSET)
  return mulDivDown(unit, totalAssets.plus(BIGINT_ONE), totalShares.plus(pow10(SAID_DECIMALS_OFFSET)))
}

/**
 * Simple annualised growth from `previous` (at `previousAt`) to `rate` (at `now`), in percent (5.0 = 5%);
 * 0 without a previous point or elapsed time.
 */
export function aprPercent(previous: BigInt, previousAt: BigInt, rate: BigInt, now: BigInt): BigDecimal {
  const elapsed = now.minus(previousAt)
  if (previousAt.isZero() || previous.isZero() || elapsed.le(BIGINT_ZERO)) return BigDecimal.zero()
  return rate
    .minus(previous)
    .times(SECONDS_PER_YEAR)
    .times(BigInt.fromI32(100))
    .toBigDecimal()
    .div(previous.times(elapsed).toBigDecimal())
}

/**
 * Records an exchange-rate point after `event` (an ExchangeRatePoint and a StakedAidRateData timeseries point with the
 * APR since the previous point) and stores the rate on the protocol (caller saves it).
 */
export function recordExchangeRate(protocol: Protocol, event: ethereum.Event, reason: string): ExchangeRatePoint {
  const sAid = Token.load(protocol.sAid)
  const totalShares = sAid == null ? BIGINT_ZERO : sAid.totalSupply
  const totalAssets = totalAssetsAt(protocol, event.block.timestamp)
  const point = new ExchangeRatePoint(eventId(event))
  point.reason = reason
  point.totalAssets = totalAssets
  point.totalShares = totalShares
  point.rate = exchangeRate(totalAssets, totalShares)
  point.blockNumber = event.block.number
  point.timestamp = event.block.timestamp
  point.transactionHash = event.transaction.hash
  point.save()

  const data = new StakedAidRateData(0)
  data.timestamp = event.block.timestamp.toI64()
  data.rate = point.rate
  data.totalAssets = totalAssets
  data.aprPercent = aprPercent(
    protocol.sAidExchangeRate,
    protocol.sAidExchangeRateTimestamp,
    point.rate,
    event.block.timestamp,
  )
  data.save()

  protocol.sAidExchangeRate = point.rate
  protocol.sAidExchangeRateTimestamp = event.block.timestamp
  return point
}

