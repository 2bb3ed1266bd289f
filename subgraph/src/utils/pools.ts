import { Address, BigInt, dataSource, ethereum } from '@graphprotocol/graph-ts'
import { Pool } from '../../generated/schema'
import { BIGINT_ZERO } from './constants'
import { getProtocol } from './protocol'
import { getOrCreateStable } from './tokens'

/**
 * The pool of this data source. Its tokens (sorted by address) and name come from the context written by
 * scripts/prepare.mjs; AID and sAID are created with the protocol (known metadata), a stable is read once.
 */
export function getOrCreatePool(event: ethereum.Event): Pool {
  let pool = Pool.load(event.address)
  if (pool != null) return pool
  getProtocol()
  const context = dataSource.context()
  pool = new Pool(event.address)
  pool.name = context.getString('poolName')
  pool.token0 = getOrCreateStable(Address.fromString(context.getString('token0'))).id
  pool.token1 = getOrCreateStable(Address.fromString(context.getString('token1'))).id
  pool.sqrtPriceX96 = BIGINT_ZERO
  pool.liquidity = BIGINT_ZERO
  pool.volumeToken0 = BIGINT_ZERO
  pool.volumeToken1 = BIGINT_ZERO
  pool.volumeUSD = BIGINT_ZERO
  pool.swapCount = 0
  return pool
}

/** The pool's par token (USDC, USDT or AID: valued at $1 for volumes). */
export function parToken(): Address {
  return Address.fromString(dataSource.context().getString('parToken'))
}

/** Whether a position over [tickLower, tickUpper) is in range at the pool's current tick (Uniswap v3 rule). */
export function inRange(pool: Pool, tickLower: i32, tickUpper: i32): boolean {
  if (pool.sqrtPriceX96.isZero()) return false // not initialized: no current tick yet
  const current = pool.tick
  return tickLower <= current && current < tickUpper
}

export function abs(value: BigInt): BigInt {
  return value.lt(BIGINT_ZERO) ? value.neg() : value
}
