import { Mint } from './abi.generated'
import { PoolMint } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { getOrCreatePool, inRange } from '../utils/pools'

/** Liquidity added over [tickLower, tickUpper): it counts in the pool's liquidity when the range holds the tick. */
export function handleMint(event: Mint): void {
  const pool = getOrCreatePool(event)
  const p = event.params
  if (inRange(pool, p.tickLower, p.tickUpper)) pool.liquidity = pool.liquidity.plus(p.amount)
  pool.save()

  const mint = new PoolMint(eventId(event))
  mint.pool = pool.id
  mint.sender = p.sender
  mint.owner = p.owner
  mint.tickLower = p.tickLower
  mint.tickUpper = p.tickUpper
  mint.amount = p.amount
  mint.amount0 = p.amount0
  mint.amount1 = p.amount1
  mint.blockNumber = event.block.number
  mint.timestamp = event.block.timestamp
  mint.transactionHash = event.transaction.hash
  mint.save()
}
