import { Address, BigInt } from '@graphprotocol/graph-ts'
import { ERC20 } from '../../generated/Reserve/ERC20'
import { Token } from '../../generated/schema'
import { BIGINT_ZERO } from './constants'
import { pow10 } from './math'

/** Loads a token or creates it with the given metadata (AID and sAID: known constants, no eth_call). */
export function getOrCreateToken(address: Address, name: string, symbol: string, decimals: i32): Token {
  let token = Token.load(address)
  if (token != null) return token
  token = new Token(address)
  token.name = name
  token.symbol = symbol
  token.decimals = decimals
  token.totalSupply = BIGINT_ZERO
  token.save()
  return token
}

/**
 * A stablecoin accepted by the Reserve. Its metadata is read once, when `StableConfigured` first names it: that event
 * does not carry the decimals, and every stable amount needs them to be normalised (the one eth_call of the subgraph).
 */
export function getOrCreateStable(address: Address): Token {
  let token = Token.load(address)
  if (token != null) return token
  const erc20 = ERC20.bind(address)
  const name = erc20.try_name()
  const symbol = erc20.try_symbol()
  const decimals = erc20.try_decimals()
  token = new Token(address)
  token.name = name.reverted ? '' : name.value
  token.symbol = symbol.reverted ? '' : symbol.value
  token.decimals = decimals.reverted ? 18 : decimals.value
  token.totalSupply = BIGINT_ZERO
  token.save()
  return token
}

/** Factor that normalises `stable` amounts to 18 decimals (10^(18 − decimals)); 1 for an unknown token. */
export function stableScale(stable: Address): BigInt {
  const token = Token.load(stable)
  if (token == null || token.decimals >= 18) return BigInt.fromI32(1)
  return pow10(18 - token.decimals)
}

/** `amount` of `stable` in 18 decimals. */
export function toUSD(stable: Address, amount: BigInt): BigInt {
  return amount.times(stableScale(stable))
}
