import { Address, BigInt, Bytes } from '@graphprotocol/graph-ts'

export const ZERO_ADDRESS = Address.zero()
export const BIGINT_ZERO = BigInt.zero()
export const BIGINT_ONE = BigInt.fromI32(1)
/** 1e18: AID/sAID/USD amounts and rates are 18-decimal fixed point. */
export const WAD = BigInt.fromString('1000000000000000000')
/** Protocol singleton id: a constant, so every data source finds it without knowing the Reserve's address. */
export const PROTOCOL_ID = Bytes.fromUTF8('protocol')
/** sAID `_decimalsOffset()`: 0 in deployment (AID is the asset, 18 decimals; docs/DESIGN.md StakedAID). */
export const SAID_DECIMALS_OFFSET: u8 = 0
