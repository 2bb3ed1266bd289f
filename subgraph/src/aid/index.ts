// AID data source: one file per event.
export { handleTransfer } from './transfer'
