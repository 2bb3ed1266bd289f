// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IUniswapV3SwapRouter
/// @notice The multi-hop exact-input entry point of Uniswap v3's `SwapRouter` (v3-periphery 1.4.4), declared here
/// because the official interface file cannot be imported with this project's remappings.
interface IUniswapV3SwapRouter {
    /// @param path Encoded `tokenIn (20 bytes) | fee (3 bytes) | token (20 bytes) | fee | … | tokenOut`.
    struct ExactInputParams {
        bytes path;
        address recipient;
        uint256 deadline;
        uint256 amountIn;
        uint256 amountOutMinimum;
    }

    /// @notice Swaps exactly `amountIn` of the path's first token for as much as possible of its last token.
    function exactInput(ExactInputParams calldata params) external payable returns (uint256 amountOut);
}
