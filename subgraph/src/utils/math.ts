import { BigInt } from '@graphprotocol/graph-ts'
import { BIGINT_ZERO } from './constants'

/** a × b / c rounded down; 0 when c is 0 (one safeDiv for the whole subgraph). */
export function mulDivDown(a: BigInt, b: BigInt, c: BigInt): BigInt {
  if (c.isZero()) return BIGINT_ZERO
  return a.times(b).div(c)
}

/** a × b / c rounded up; 0 when c is 0. */
export function mulDivUp(a: BigInt, b: BigInt, c: BigInt): BigInt {
  if (c.isZero()) return BIGINT_ZERO
  const p = a.times(b)
  const q = p.div(c)
  return q.times(c).equals(p) ? q : q.plus(BigInt.fromI32(1))
}

/** 10^n as a BigInt. */
export function pow10(n: i32): BigInt {
  return BigInt.fromI32(10).pow(n as u8)
}

export function max(a: BigInt, b: BigInt): BigInt {
  return a.gt(b) ? a : b
}
