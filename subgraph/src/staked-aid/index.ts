// StakedAID (sAID) data source: one file per event.
export { handleDeposit } from './deposit'
export { handleEpochSettled } from './epochSettled'
export { handleExitClaimed } from './exitClaimed'
export { handleLossReported } from './lossReported'
export { handleRedeemRequest } from './redeemRequest'
export { handleTransfer } from './transfer'
export { handleWithdraw } from './withdraw'
export { handleYieldDistributed } from './yieldDistributed'
