import { Minted } from '../../generated/Reserve/Reserve'
import { Mint } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { eventId } from '../utils/ids'
import { getProtocol, saveProtocol } from '../utils/protocol'
import { toUSD } from '../utils/tokens'

/** Stable in, AID out (+ fee to the treasury): the buffer grows by the stable amount. */
export function handleMinted(event: Minted): void {
  const receiver = getOrCreateAccount(event.params.receiver)
  const mint = new Mint(eventId(event))
  mint.caller = event.params.caller
  mint.receiver = receiver.id
  mint.stable = event.params.stable
  mint.amountInStable = event.params.amountIn
  mint.aidOut = event.params.aidOut
  mint.feeAid = event.params.fee
  mint.blockNumber = event.block.number
  mint.timestamp = event.block.timestamp
  mint.transactionHash = event.transaction.hash
  mint.save()

  const protocol = getProtocol()
  protocol.totalLiquidUSD = protocol.totalLiquidUSD.plus(toUSD(event.params.stable, event.params.amountIn))
  protocol.cumulativeMintedAid = protocol.cumulativeMintedAid.plus(event.params.aidOut)
  protocol.cumulativeMintFeesAid = protocol.cumulativeMintFeesAid.plus(event.params.fee)
  protocol.mintCount = protocol.mintCount + 1
  saveProtocol(protocol, event.block)
}
