import { Redeemed } from '../../generated/Reserve/Reserve'
import { Redemption } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { eventId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Instant redemption: AID in (fee to the treasury, the rest burned), stable out of the buffer. */
export function handleRedeemed(event: Redeemed): void {
  const caller = getOrCreateAccount(event.params.caller)
  const redemption = new Redemption(eventId(event))
  redemption.caller = caller.id
  redemption.receiver = event.params.receiver
  redemption.stable = event.params.stable
  redemption.aidIn = event.params.aidIn
  redemption.amountOutStable = event.params.amountOut
  redemption.feeAid = event.params.fee
  redemption.blockNumber = event.block.number
  redemption.timestamp = event.block.timestamp
  redemption.transactionHash = event.transaction.hash
  redemption.save()

  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.minus(toUSD(event.params.stable, event.params.amountOut))
  protocol.cumulativeRedeemedAid = protocol.cumulativeRedeemedAid.plus(event.params.aidIn)
  protocol.cumulativeRedeemFeesAid = protocol.cumulativeRedeemFeesAid.plus(event.params.fee)
  protocol.redemptionCount = protocol.redemptionCount + 1
  saveProtocol(protocol, event.block)
}
