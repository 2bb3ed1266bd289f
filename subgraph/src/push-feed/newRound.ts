import { NewRound } from './abi.generated'
import { getOrCreateFeed, getOrCreateRound } from '../utils/feeds'

/** Who transmitted the round and how many signatures it carried. */
export function handleNewRound(event: NewRound): void {
  getOrCreateFeed(event.address)
  const round = getOrCreateRound(event, event.params.roundId)
  round.transmitter = event.params.transmitter
  round.signatures = event.params.signatures
  round.save()
}
