import { Address, BigInt, Bytes, dataSource, ethereum } from '@graphprotocol/graph-ts'
import { Feed, FeedRound } from '../../generated/schema'
import { BIGINT_ZERO } from './constants'

export function getOrCreateFeed(address: Address): Feed {
  let feed = Feed.load(address)
  if (feed != null) return feed
  feed = new Feed(address)
  // The deployments-file key (USDC_USD, GPU_NAV, ...), put in the data source context by scripts/prepare.mjs.
  feed.name = dataSource.context().getString('feedName')
  feed.roundCount = 0
  feed.save()
  return feed
}

/** Round id: feed address ++ round id (rounds of different feeds never collide). */
export function roundId(feed: Address, round: BigInt): Bytes {
  return feed.concat(Bytes.fromByteArray(Bytes.fromBigInt(round)))
}

/**
 * A feed's round, created by whichever of its two events (AnswerUpdated, then NewRound, same transaction) is
 * handled first.
 */
export function getOrCreateRound(event: ethereum.Event, round: BigInt): FeedRound {
  const id = roundId(event.address, round)
  let entity = FeedRound.load(id)
  if (entity != null) return entity
  entity = new FeedRound(id)
  entity.feed = event.address
  entity.roundId = round
  entity.answer = BIGINT_ZERO
  entity.updatedAt = BIGINT_ZERO
  entity.blockNumber = event.block.number
  entity.timestamp = event.block.timestamp
  entity.transactionHash = event.transaction.hash
  return entity
}
