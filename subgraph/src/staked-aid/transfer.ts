import { Transfer } from '../../generated/StakedAID/StakedAID'
import { Token } from '../../generated/schema'
import { getOrCreateAccount } from '../utils/accounts'
import { ZERO_ADDRESS } from '../utils/constants'
import { getProtocol, saveProtocol } from '../utils/protocol'

/** sAID balances and share supply (escrowed exit shares sit with the vault itself until burned). */
export function handleTransfer(event: Transfer): void {
  const protocol = getProtocol()
  const token = Token.load(protocol.sAid)!
  const amount = event.params.value
  if (event.params.from.equals(ZERO_ADDRESS)) {
    token.totalSupply = token.totalSupply.plus(amount)
  } else {
    const from = getOrCreateAccount(event.params.from)
    from.sAidBalance = from.sAidBalance.minus(amount)
    from.save()
  }
  if (event.params.to.equals(ZERO_ADDRESS)) {
    token.totalSupply = token.totalSupply.minus(amount)
  } else {
    const to = getOrCreateAccount(event.params.to)
    to.sAidBalance = to.sAidBalance.plus(amount)
    to.save()
  }
  token.save()
  saveProtocol(protocol, event.block)
}
