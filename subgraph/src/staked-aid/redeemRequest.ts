import { RedeemRequest } from '../../generated/StakedAID/StakedAID'
import { ExitRequest } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { eventId } from '../utils/ids'

/** ERC-7540 exit request: shares escrowed into the open epoch under `controller`. */
export function handleRedeemRequest(event: RedeemRequest): void {
  const controller = getOrCreateAccount(event.params.controller)
  const request = new ExitRequest(eventId(event))
  request.controller = controller.id
  request.owner = event.params.owner
  request.sender = event.params.sender
  request.shares = event.params.shares
  request.blockNumber = event.block.number
  request.timestamp = event.block.timestamp
  request.transactionHash = event.transaction.hash
  request.save()
}
