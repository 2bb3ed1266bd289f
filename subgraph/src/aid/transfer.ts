import { Transfer } from '../../generated/AID/AID'
import { Token } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { ZERO_ADDRESS } from '../utils/constants'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** AID balances and supply: mints are transfers from 0, burns transfers to 0. */
export function handleTransfer(event: Transfer): void {
  const protocol = getProtocol()
  const amount = event.params.value
  if (event.params.from.equals(ZERO_ADDRESS)) {
    protocol.totalAidSupply = protocol.totalAidSupply.plus(amount)
  } else {
    const from = getOrCreateAccount(event.params.from)
    from.aidBalance = from.aidBalance.minus(amount)
    from.save()
  }
  if (event.params.to.equals(ZERO_ADDRESS)) {
    protocol.totalAidSupply = protocol.totalAidSupply.minus(amount)
  } else {
    const to = getOrCreateAccount(event.params.to)
    to.aidBalance = to.aidBalance.plus(amount)
    to.save()
  }
  const token = Token.load(protocol.aid)!
  token.totalSupply = protocol.totalAidSupply
  token.save()
  saveProtocol(protocol, event.block)
}
