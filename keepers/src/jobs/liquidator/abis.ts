/**
 * The external ABIs the liquidator reads that the SDK does not ship: Morpho Blue (its events live in `EventsLib`, so
 * the compiled `Morpho` artifact lacks them), Uniswap v3 QuoterV2 / pool, ERC-20, and a clock stub run through a
 * state override inside the per-block multicall. Our own contracts' ABIs come from the SDK.
 */
import { type Hex, parseAbi } from "viem";

/** A Chainlink-style price feed (the native token's USD price, to value gas). */
export const aggregatorV3Abi = parseAbi([
  "function decimals() view returns (uint8)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
]);

export const morphoAbi = parseAbi([
  "struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }",
  "event SupplyCollateral(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets)",
  "event WithdrawCollateral(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets)",
  "event Borrow(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets, uint256 shares)",
  "event Repay(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares)",
  "event Liquidate(bytes32 indexed id, address indexed caller, address indexed borrower, uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 badDebtAssets, uint256 badDebtShares)",
  "event AccrueInterest(bytes32 indexed id, uint256 prevBorrowRate, uint256 interest, uint256 feeShares)",
  "function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)",
  "function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)",
  "function accrueInterest(MarketParams marketParams)",
  "function liquidate(MarketParams marketParams, address borrower, uint256 seizedAssets, uint256 repaidShares, bytes data) returns (uint256, uint256)",
]);

/** The position-changing events the liquidator replays (AccrueInterest is fetched too: it marks market activity). */
export const morphoEventNames = [
  "SupplyCollateral",
  "WithdrawCollateral",
  "Borrow",
  "Repay",
  "Liquidate",
  "AccrueInterest",
] as const;

export const oracleAbi = parseAbi(["function price() view returns (uint256)"]);

export const quoterV2Abi = parseAbi([
  "function quoteExactInput(bytes path, uint256 amountIn) returns (uint256 amountOut, uint160[] sqrtPriceX96AfterList, uint32[] initializedTicksCrossedList, uint256 gasEstimate)",
]);
export const v3PoolAbi = parseAbi([
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function fee() view returns (uint24)",
]);
export const erc20Abi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function decimals() view returns (uint8)",
]);

/**
 * A contract that does not exist on chain: its code is injected with a state override. `clock(a, b)` returns
 * `(block.timestamp, block.number, blockhash(a), blockhash(b))`, so the multicall that reads the markets also reports
 * the block it ran in and the hashes the reorg check needs, in the same round trip.
 */
export const CLOCK_STUB_ADDRESS: Hex = "0x00000000000000000000000000000000000c10c5";
// PUSH1 4 CALLDATALOAD BLOCKHASH PUSH1 0x40 MSTORE  PUSH1 0x24 CALLDATALOAD BLOCKHASH PUSH1 0x60 MSTORE
// TIMESTAMP PUSH1 0 MSTORE  NUMBER PUSH1 0x20 MSTORE  PUSH1 0x80 PUSH1 0 RETURN
export const CLOCK_STUB_CODE: Hex = "0x6004354060405260243540606052426000524360205260806000f3";
export const clockStubAbi = parseAbi([
  "function clock(uint256 a, uint256 b) view returns (uint256 timestamp, uint256 number, bytes32 hashA, bytes32 hashB)",
]);
