// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice The part of Uniswap v3's NonfungiblePositionManager the deployment uses (the periphery's own interface
/// imports OpenZeppelin 3 paths and a `<0.8` pragma, so it cannot be imported here).
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
}

/// @notice The part of a Uniswap v3 pool the deployment reads.
interface IUniswapV3PoolMinimal {
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

/// @title UniswapPools
/// @notice Creates a Uniswap v3 pool at a fair price and seeds it with concentrated liquidity around that price.
library UniswapPools {
    /// @notice One pool to create: `amountA` of `tokenA` is worth `amountB` of `tokenB` (that ratio sets the
    /// price) and both amounts are deposited; the position spans `halfWidthTicks` on each side of the price.
    struct PoolSpec {
        address tokenA;
        address tokenB;
        uint24 fee;
        uint256 amountA;
        uint256 amountB;
        int24 halfWidthTicks;
        address recipient;
    }

    error InvalidSpec();

    /// @notice Creates and initialises the pool at price `amountB / amountA`, then mints a position with both
    /// amounts (the limiting side is fully used; the rest of the other stays with the caller). The caller (the
    /// broadcaster) must hold and will approve both amounts.
    function createAndSeed(INonfungiblePositionManagerMinimal npm, PoolSpec memory s)
        internal
        returns (address pool, uint256 tokenId)
    {
        if (s.tokenA == s.tokenB || s.amountA == 0 || s.amountB == 0 || s.halfWidthTicks < 1) {
            revert InvalidSpec();
        }
        (address token0, address token1, uint256 amount0, uint256 amount1) = s.tokenA < s.tokenB
            ? (s.tokenA, s.tokenB, s.amountA, s.amountB)
            : (s.tokenB, s.tokenA, s.amountB, s.amountA);
        pool = npm.createAndInitializePoolIfNecessary(token0, token1, s.fee, sqrtPriceX96(amount0, amount1));

        // The pool computed the tick of the price; centre the range on it, aligned to the tick spacing.
        (, int24 tick,,,,,) = IUniswapV3PoolMinimal(pool).slot0();
        int24 spacing = IUniswapV3PoolMinimal(pool).tickSpacing();
        int24 lower = _floor(tick - s.halfWidthTicks, spacing);
        int24 upper = _floor(tick + s.halfWidthTicks, spacing) + spacing;

        IERC20(token0).approve(address(npm), amount0);
        IERC20(token1).approve(address(npm), amount1);
        (tokenId,,,) = npm.mint(
            INonfungiblePositionManagerMinimal.MintParams({
                token0: token0,
                token1: token1,
                fee: s.fee,
                tickLower: lower,
                tickUpper: upper,
                amount0Desired: amount0,
                amount1Desired: amount1,
                amount0Min: 0,
                amount1Min: 0,
                recipient: s.recipient,
                deadline: block.timestamp
            })
        );
    }

    /// @notice `sqrt(amount1 / amount0) × 2^96`, the Q64.96 square-root price of token1 in token0 (rounded down).
    /// @dev `mulDiv` keeps the 512-bit product exact; the result fits while `amount1 / amount0 < 2^64`.
    function sqrtPriceX96(uint256 amount0, uint256 amount1) internal pure returns (uint160) {
        return uint160(Math.sqrt(Math.mulDiv(amount1, 1 << 192, amount0)));
    }

    /// @dev Largest multiple of `spacing` not above `tick` (rounds towards negative infinity).
    function _floor(int24 tick, int24 spacing) private pure returns (int24) {
        int24 q = tick / spacing;
        if (tick < 0 && tick % spacing != 0) --q;
        return q * spacing;
    }
}
