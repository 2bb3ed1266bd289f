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
/** 365 days in seconds: annualises per-second rates (Morpho borrow rate, sAID APR). */
export const SECONDS_PER_YEAR = BigInt.fromI32(365 * 24 * 3600)
/** Morpho SharesMathLib virtual shares (1e6) and virtual assets (1). */
export const VIRTUAL_SHARES = BigInt.fromI32(1000000)
export const VIRTUAL_ASSETS = BIGINT_ONE
/** Morpho oracle price scale: 1e36. */
export const ORACLE_PRICE_SCALE = BigInt.fromString('1000000000000000000000000000000000000')
