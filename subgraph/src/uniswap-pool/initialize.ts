import { Initialize } from './abi.generated'
import { getOrCreatePool } from '../utils/pools'

/** The pool's first price (at creation). */
export function handleInitialize(event: Initialize): void {
  const pool = getOrCreatePool(event)
  pool.sqrtPriceX96 = event.params.sqrtPriceX96
  pool.tick = event.params.tick
  pool.createdTimestamp = event.block.timestamp
  pool.save()
}
