import { ExitClaimed } from '../../generated/StakedAID/StakedAID'
import { ExitClaim } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { eventId } from '../utils/ids'

/** Filled exit assets paid out (they were already outside totalAssets). */
export function handleExitClaimed(event: ExitClaimed): void {
  const controller = getOrCreateAccount(event.params.controller)
  const claim = new ExitClaim(eventId(event))
  claim.controller = controller.id
  claim.receiver = event.params.receiver
  claim.assets = event.params.assets
  claim.blockNumber = event.block.number
  claim.timestamp = event.block.timestamp
  claim.transactionHash = event.transaction.hash
  claim.save()
}
