import { BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts'

/** Id of an immutable event entity: transaction hash ++ log index (Messari / Uniswap convention). */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32())
}

/** Id of an entity keyed by an on-chain uint256 id (deal id, redeem request id, epoch). */
export function uintId(id: BigInt): string {
  return id.toString()
}
