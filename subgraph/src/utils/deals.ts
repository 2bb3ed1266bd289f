import { BigInt, ethereum, log } from '@graphprotocol/graph-ts'
import { Deal } from '../../generated/schema'
import { uintId } from './ids'

/** Loads a deal a DealBook event refers to; logs (and returns null) if the proposal was never indexed. */
export function loadDeal(dealId: BigInt, event: ethereum.Event): Deal | null {
  const deal = Deal.load(uintId(dealId))
  if (deal == null) {
    log.error('deal {} not indexed (tx {})', [dealId.toString(), event.transaction.hash.toHexString()])
  }
  return deal
}
