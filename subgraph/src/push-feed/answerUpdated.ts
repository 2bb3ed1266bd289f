import { AnswerUpdated } from './abi.generated'
import { getOrCreateFeed, getOrCreateRound } from '../utils/feeds'

/** A round accepted: answer and observation time (Chainlink AnswerUpdated shape). */
export function handleAnswerUpdated(event: AnswerUpdated): void {
  const feed = getOrCreateFeed(event.address)
  const round = getOrCreateRound(event, event.params.roundId)
  round.answer = event.params.current
  round.updatedAt = event.params.updatedAt
  round.save()

  feed.latestAnswer = event.params.current
  feed.latestRoundId = event.params.roundId
  feed.latestUpdatedAt = event.params.updatedAt
  feed.roundCount = feed.roundCount + 1
  feed.save()
}
