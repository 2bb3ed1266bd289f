import { Address } from '@graphprotocol/graph-ts'
import { Account } from '../../generated/schema'
import { BIGINT_ZERO } from './constants'

export function getOrCreateAccount(address: Address): Account {
  let account = Account.load(address)
  if (account != null) return account
  account = new Account(address)
  account.aidBalance = BIGINT_ZERO
  account.sAidBalance = BIGINT_ZERO
  account.save()
  return account
}
