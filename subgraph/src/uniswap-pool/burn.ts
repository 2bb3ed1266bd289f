import { Burn } from './abi.generated'
import { PoolBurn } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { getOrCreatePool, inRange } from '../utils/pools'

/** Liquidity removed (the tokens are owed to the owner until Collect). */
export function handleBurn(event: Burn): void {
  const pool = getOrCreatePool(event)
  const p = event.params
  if (inRange(pool, p.tickLower, p.tickUpper)) pool.liquidity = pool.liquidity.minus(p.amount)
  pool.save()

  const burn = new PoolBurn(eventId(event))
  burn.pool = pool.id
  burn.owner = p.owner
  burn.tickLower = p.tickLower
  burn.tickUpper = p.tickUpper
  burn.amount = p.amount
  burn.amount0 = p.amount0
  burn.amount1 = p.amount1
  burn.blockNumber = event.block.number
  burn.timestamp = event.block.timestamp
  burn.transactionHash = event.transaction.hash
  burn.save()
}
