// Uniswap v3 pool data sources (one per pool of the deployment): one file per event.
export { handleBurn } from './burn'
export { handleInitialize } from './initialize'
export { handleMint } from './mint'
export { handleSwap } from './swap'
