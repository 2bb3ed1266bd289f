// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUniswapV3SwapRouter} from "../../contracts/liquidation/interfaces/IUniswapV3SwapRouter.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Vm} from "forge-std/Vm.sol";

// Minimal interfaces of the v3 contracts used here: the official interface files import with paths
// (`@uniswap/v3-core/...`, OpenZeppelin 3.x) that this project's remappings do not resolve.

interface IUniswapV3Factory {
    function owner() external view returns (address);
    function feeAmountTickSpacing(uint24 fee) external view returns (int24);
    function getPool(address tokenA, address tokenB, uint24 fee) external view returns (address pool);
    function createPool(address tokenA, address tokenB, uint24 fee) external returns (address pool);
    function enableFeeAmount(uint24 fee, int24 tickSpacing) external;
}

interface IUniswapV3Pool {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function fee() external view returns (uint24);
    function tickSpacing() external view returns (int24);
    function liquidity() external view returns (uint128);
    function slot0()
        external
        view
        returns (
            uint160 sqrtPriceX96,
            int24 tick,
            uint16 observationIndex,
            uint16 observationCardinality,
            uint16 observationCardinalityNext,
            uint8 feeProtocol,
            bool unlocked
        );
}

interface IQuoterV2 {
    /// @dev Not view (it simulates the swap and reverts internally); call it off-chain or in tests.
    function quoteExactInput(bytes memory path, uint256 amountIn)
        external
        returns (
            uint256 amountOut,
            uint160[] memory sqrtPriceX96AfterList,
            uint32[] memory initializedTicksCrossedList,
            uint256 gasEstimate
        );
}

/// @notice The part of Uniswap's NonfungiblePositionManager used here (its official interface imports
/// OpenZeppelin 3.x paths that do not exist in OpenZeppelin 5).
interface INonfungiblePositionManagerMinimal {
    struct MintParams {
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint256 amount0Desired;
        uint256 amount1Desired;
        uint256 amount0Min;
        uint256 amount1Min;
        address recipient;
        uint256 deadline;
    }

    function createAndInitializePoolIfNecessary(address token0, address token1, uint24 fee, uint160 sqrtPriceX96)
        external
        payable
        returns (address pool);

    function mint(MintParams calldata params)
        external
        payable
        returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1);

    function factory() external view returns (address);
    function WETH9() external view returns (address);
}

/// @notice Minimal WETH9 for chains without one (the v3 periphery only stores the address; it is used by the ETH
/// helpers `refundETH` / `unwrapWETH9`, never by token-to-token swaps).
contract MinimalWETH9 is ERC20 {
    error WithdrawFailed();

    constructor() ERC20("Wrapped Ether", "WETH") {}

    receive() external payable {
        deposit();
    }

    function deposit() public payable {
        _mint(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        _burn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert WithdrawFailed();
    }
}

/// @title UniswapV3Deployer
/// @notice Deploys real Uniswap v3 (factory, SwapRouter, QuoterV2, NonfungiblePositionManager) from the official
/// bytecode artifacts shipped in the npm packages uniswap/v3-core 1.0.1 and uniswap/v3-periphery 1.4.4, creates and seeds
/// pools. For forge tests and scripts alike: every function is `internal`, so it runs in the calling contract
/// (a test, or a script inside `vm.startBroadcast`, where each deployment/call is broadcast from the sender).
/// @dev Why artifacts and not a recompile: the periphery hard-codes the pool init-code hash
/// (`POOL_INIT_CODE_HASH`); only the published pool bytecode matches it (`deploy` checks this). The artifacts are
/// hardhat JSON, read with `vm.readFile` + `vm.parseJsonBytes(".bytecode")` (requires the `fs_permissions` read
/// entry for the uniswap folder of node_modules).
library UniswapV3Deployer {
    using SafeERC20 for IERC20;

    /// @notice A deployed Uniswap v3 instance.
    struct UniswapV3 {
        IUniswapV3Factory factory;
        IUniswapV3SwapRouter router;
        IQuoterV2 quoter;
        INonfungiblePositionManagerMinimal positionManager;
        address weth9;
    }

    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    string internal constant FACTORY_ARTIFACT =
        "node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json";
    string internal constant POOL_ARTIFACT =
        "node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json";
    string internal constant ROUTER_ARTIFACT =
        "node_modules/@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json";
    string internal constant QUOTER_V2_ARTIFACT =
        "node_modules/@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json";
    string internal constant POSITION_MANAGER_ARTIFACT =
        "node_modules/@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json";

    /// @notice `PoolAddress.POOL_INIT_CODE_HASH` hard-coded in v3-periphery 1.4.4.
    bytes32 internal constant POOL_INIT_CODE_HASH = 0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54;
    /// @notice Placeholder for the position manager's token descriptor (only `tokenURI` would call it).
    address internal constant DUMMY_TOKEN_DESCRIPTOR = address(0xdE5c);

    /// @dev Bounds of `sqrtPriceX96` accepted by a v3 pool (TickMath.MIN_SQRT_RATIO / MAX_SQRT_RATIO).
    uint160 internal constant MIN_SQRT_RATIO = 4_295_128_739;
    uint160 internal constant MAX_SQRT_RATIO = 1_461_446_703_485_210_103_287_273_052_203_988_822_378_723_970_342;

    error InitCodeHashMismatch(bytes32 actual);
    error DeploymentFailed(string artifact);
    error SqrtPriceOutOfRange(uint256 sqrtPriceX96);
    error PriceIsZero();
    error FeeTierNotEnabled(uint24 fee);

    // ================================================================ deployment

    /// @notice Deploys factory, SwapRouter, QuoterV2 and NonfungiblePositionManager, and enables the 0.01% tier
    /// (`enableFeeAmount(100, 1)`; the caller becomes the factory owner).
    /// @param weth9 WETH9 of the chain; `address(0)` deploys a `MinimalWETH9`.
    function deploy(address weth9) internal returns (UniswapV3 memory uni) {
        bytes32 poolHash = keccak256(_artifactBytecode(POOL_ARTIFACT));
        if (poolHash != POOL_INIT_CODE_HASH) revert InitCodeHashMismatch(poolHash);
        if (weth9 == address(0)) weth9 = address(new MinimalWETH9());
        uni.weth9 = weth9;
        uni.factory = IUniswapV3Factory(_create(FACTORY_ARTIFACT, ""));
        uni.router = IUniswapV3SwapRouter(_create(ROUTER_ARTIFACT, abi.encode(address(uni.factory), weth9)));
        uni.quoter = IQuoterV2(_create(QUOTER_V2_ARTIFACT, abi.encode(address(uni.factory), weth9)));
        uni.positionManager = INonfungiblePositionManagerMinimal(
            _create(POSITION_MANAGER_ARTIFACT, abi.encode(address(uni.factory), weth9, DUMMY_TOKEN_DESCRIPTOR))
        );
        uni.factory.enableFeeAmount(100, 1);
    }

    // ================================================================ pools

    /// @notice Creates (if needed) and initialises the `tokenA`/`tokenB` pool of tier `fee` at `priceWad` = whole
    /// `quote` tokens per whole `base` token (1e18 = 1.0), adjusted for both tokens' decimals.
    function createPool(UniswapV3 memory uni, address base, address quote, uint24 fee, uint256 priceWad)
        internal
        returns (IUniswapV3Pool pool)
    {
        if (uni.factory.feeAmountTickSpacing(fee) == 0) revert FeeTierNotEnabled(fee);
        (address token0, address token1) = sortTokens(base, quote);
        uint160 sqrtPriceX96 = sqrtPriceX96For(base, quote, priceWad);
        pool = IUniswapV3Pool(uni.positionManager.createAndInitializePoolIfNecessary(token0, token1, fee, sqrtPriceX96));
    }

    /// @notice Adds liquidity from the caller's balances to `pool` in the tick range
    /// `[currentTick − halfWidthTicks, currentTick + halfWidthTicks]` (rounded outward to the tick spacing).
    /// The caller must hold the tokens; it approves the position manager for exactly the desired amounts.
    /// @param amountBase Maximum of `base` to deposit; @param amountQuote maximum of the other token.
    /// @return tokenId Position NFT (minted to `recipient`), and the liquidity and amounts actually used.
    function addLiquidity(
        UniswapV3 memory uni,
        IUniswapV3Pool pool,
        address base,
        uint256 amountBase,
        uint256 amountQuote,
        int24 halfWidthTicks,
        address recipient
    ) internal returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1) {
        INonfungiblePositionManagerMinimal.MintParams memory params =
            _mintParams(pool, base, amountBase, amountQuote, halfWidthTicks, recipient);
        address npm = address(uni.positionManager);
        IERC20(params.token0).forceApprove(npm, params.amount0Desired);
        IERC20(params.token1).forceApprove(npm, params.amount1Desired);
        (tokenId, liquidity, amount0, amount1) = uni.positionManager.mint(params);
        // Leave no allowance behind when the range used less than desired of one side.
        IERC20(params.token0).forceApprove(npm, 0);
        IERC20(params.token1).forceApprove(npm, 0);
    }

    /// @notice A pool to create and seed: `priceWad` whole `quote` per whole `base`, `amountBase`/`amountQuote`
    /// maximum deposits in a ±`halfWidthTicks` range, position NFT to `recipient`.
    struct PoolSpec {
        address base;
        address quote;
        uint24 fee;
        uint256 priceWad;
        uint256 amountBase;
        uint256 amountQuote;
        int24 halfWidthTicks;
        address recipient;
    }

    /// @notice `createPool` + `addLiquidity` in one call.
    function createAndSeedPool(UniswapV3 memory uni, PoolSpec memory spec)
        internal
        returns (IUniswapV3Pool pool, uint128 liquidity)
    {
        pool = createPool(uni, spec.base, spec.quote, spec.fee, spec.priceWad);
        (, liquidity,,) =
            addLiquidity(uni, pool, spec.base, spec.amountBase, spec.amountQuote, spec.halfWidthTicks, spec.recipient);
    }

    // ================================================================ prices and paths

    /// @notice v3 path for `exactInput`: tokens[0] → tokens[1] → … with `fees[i]` the tier of hop i.
    function path(address[] memory tokens, uint24[] memory fees) internal pure returns (bytes memory p) {
        p = abi.encodePacked(tokens[0]);
        for (uint256 i; i < fees.length; ++i) {
            p = abi.encodePacked(p, fees[i], tokens[i + 1]);
        }
    }

    /// @notice Single-hop path.
    function path(address tokenIn, uint24 fee, address tokenOut) internal pure returns (bytes memory) {
        return abi.encodePacked(tokenIn, fee, tokenOut);
    }

    /// @notice Two-hop path.
    function path(address tokenIn, uint24 fee0, address mid, uint24 fee1, address tokenOut)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(tokenIn, fee0, mid, fee1, tokenOut);
    }

    /// @notice Orders two tokens as a v3 pool does.
    function sortTokens(address a, address b) internal pure returns (address token0, address token1) {
        (token0, token1) = a < b ? (a, b) : (b, a);
    }

    /// @notice sqrtPriceX96 (= sqrt(token1 raw / token0 raw) · 2^96) of a pool where one whole `base` is worth
    /// `priceWad / 1e18` whole `quote`, for any decimals of the two tokens.
    function sqrtPriceX96For(address base, address quote, uint256 priceWad) internal view returns (uint160) {
        if (priceWad == 0) revert PriceIsZero();
        uint256 baseUnit = 10 ** IERC20Metadata(base).decimals();
        uint256 quoteUnit = 10 ** IERC20Metadata(quote).decimals();
        // Raw quote per raw base = priceWad · quoteUnit / (1e18 · baseUnit).
        (uint256 num, uint256 den) = base < quote
            ? (priceWad * quoteUnit, 1e18 * baseUnit)  // token0 = base: price token1/token0 = quote per base
            : (1e18 * baseUnit, priceWad * quoteUnit); // token0 = quote: invert
        return sqrtPriceX96FromRatio(num, den);
    }

    /// @notice sqrt(num / den) · 2^96, rounded down, checked against the pool's accepted range.
    function sqrtPriceX96FromRatio(uint256 num, uint256 den) internal pure returns (uint160) {
        uint256 sqrtPrice;
        // ratio · 2^192 fits 256 bits when ratio < 2^64; otherwise lose 48 bits of precision instead of overflowing.
        if (num / den < (1 << 63)) sqrtPrice = Math.sqrt(Math.mulDiv(num, 1 << 192, den));
        else sqrtPrice = Math.sqrt(Math.mulDiv(num, 1 << 96, den)) << 48;
        if (sqrtPrice < MIN_SQRT_RATIO || sqrtPrice >= MAX_SQRT_RATIO) revert SqrtPriceOutOfRange(sqrtPrice);
        return uint160(sqrtPrice);
    }

    /// @notice Tick range of ±`halfWidthTicks` around the pool's current tick, aligned outward to its spacing.
    function rangeAround(IUniswapV3Pool pool, int24 halfWidthTicks) internal view returns (int24 lower, int24 upper) {
        (, int24 tick,,,,,) = pool.slot0();
        int24 spacing = pool.tickSpacing();
        lower = _floorToSpacing(tick - halfWidthTicks, spacing);
        upper = _floorToSpacing(tick + halfWidthTicks, spacing) + spacing;
    }

    /// @notice Price of one whole `base` in whole `quote` (WAD) read from the pool's current sqrtPriceX96.
    function poolPriceWad(IUniswapV3Pool pool, address base) internal view returns (uint256) {
        (uint160 sqrtPriceX96,,,,,,) = pool.slot0();
        address token0 = pool.token0();
        address token1 = pool.token1();
        uint256 unit0 = 10 ** IERC20Metadata(token0).decimals();
        uint256 unit1 = 10 ** IERC20Metadata(token1).decimals();
        // raw1/raw0 = sqrtP² / 2^192.
        uint256 priceX128 = Math.mulDiv(uint256(sqrtPriceX96), uint256(sqrtPriceX96), 1 << 64);
        uint256 price0In1Wad = Math.mulDiv(priceX128, 1e18 * unit0, unit1 << 128);
        return token0 == base ? price0In1Wad : Math.mulDiv(1e18, 1e18, price0In1Wad);
    }

    // ================================================================ internals

    function _mintParams(
        IUniswapV3Pool pool,
        address base,
        uint256 amountBase,
        uint256 amountQuote,
        int24 halfWidthTicks,
        address recipient
    ) private view returns (INonfungiblePositionManagerMinimal.MintParams memory params) {
        params.token0 = pool.token0();
        params.token1 = pool.token1();
        params.fee = pool.fee();
        (params.tickLower, params.tickUpper) = rangeAround(pool, halfWidthTicks);
        (params.amount0Desired, params.amount1Desired) =
            params.token0 == base ? (amountBase, amountQuote) : (amountQuote, amountBase);
        params.recipient = recipient;
        params.deadline = block.timestamp;
    }

    function _floorToSpacing(int24 tick, int24 spacing) private pure returns (int24) {
        int24 q = tick / spacing;
        if (tick < 0 && tick % spacing != 0) --q;
        return q * spacing;
    }

    function _artifactBytecode(string memory artifact) private view returns (bytes memory) {
        return VM.parseJsonBytes(VM.readFile(artifact), ".bytecode");
    }

    function _create(string memory artifact, bytes memory constructorArgs) private returns (address deployed) {
        bytes memory initCode = abi.encodePacked(_artifactBytecode(artifact), constructorArgs);
        assembly ("memory-safe") {
            deployed := create(0, add(initCode, 0x20), mload(initCode))
        }
        if (deployed == address(0)) revert DeploymentFailed(artifact);
    }
}
