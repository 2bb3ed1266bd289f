import { Swap as SwapEvent } from './abi.generated'
import { Swap, SwapData } from '../../generated/schema'
import { eventId } from '../utils/ids'
import { abs, getOrCreatePool, parToken } from '../utils/pools'
import { toUSD } from '../utils/tokens'

/** A swap: signed amounts (pool's view), price and tick after, in-range liquidity; volumes by absolute amounts. */
export function handleSwap(event: SwapEvent): void {
  const pool = getOrCreatePool(event)
  const p = event.params
  const volume0 = abs(p.amount0)
  const volume1 = abs(p.amount1)
  const par = parToken()
  const amountUSD = toUSD(par, par.equals(pool.token0) ? volume0 : volume1)

  pool.sqrtPriceX96 = p.sqrtPriceX96
  pool.tick = p.tick
  pool.liquidity = p.liquidity
  pool.volumeToken0 = pool.volumeToken0.plus(volume0)
  pool.volumeToken1 = pool.volumeToken1.plus(volume1)
  pool.volumeUSD = pool.volumeUSD.plus(amountUSD)
  pool.swapCount = pool.swapCount + 1
  pool.save()

  const swap = new Swap(eventId(event))
  swap.pool = pool.id
  swap.sender = p.sender
  swap.recipient = p.recipient
  swap.amount0 = p.amount0
  swap.amount1 = p.amount1
  swap.amountUSD = amountUSD
  swap.sqrtPriceX96 = p.sqrtPriceX96
  swap.liquidity = p.liquidity
  swap.tick = p.tick
  swap.blockNumber = event.block.number
  swap.timestamp = event.block.timestamp
  swap.transactionHash = event.transaction.hash
  swap.logIndex = event.logIndex.toI32()
  swap.save()

  const data = new SwapData(0)
  data.timestamp = event.block.timestamp.toI64()
  data.pool = pool.id
  data.volumeToken0 = volume0
  data.volumeToken1 = volume1
  data.volumeUSD = amountUSD
  data.sqrtPriceX96 = p.sqrtPriceX96
  data.tick = p.tick
  data.save()
}
