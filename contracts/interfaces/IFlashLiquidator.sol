// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Id, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {IMorphoLiquidateCallback} from "@morpho-blue/interfaces/IMorphoCallbacks.sol";

/// @title IFlashLiquidator
/// @notice Liquidates unhealthy Morpho Blue positions without inventory: Morpho sends the seized collateral first
/// and calls `onMorphoLiquidate` before pulling the repayment, so the collateral is sold on Uniswap v3 (optionally
/// redeemed from its ERC-4626 vault first) inside that callback and the proceeds repay the debt in the same
/// transaction. Whatever loan token is left is the profit; it goes to `profitRecipient`, and the call reverts
/// unless it reaches `minProfit`. The contract holds nothing between calls.
interface IFlashLiquidator is IMorphoLiquidateCallback {
    /// @notice How the seized collateral becomes loan token.
    /// @param vault ERC-4626 vault to redeem the collateral through first (the collateral must be its shares), or
    /// `address(0)` to sell the collateral itself. Only for vaults that allow instant exit.
    /// @param path Uniswap v3 `exactInput` path from the token held after the optional redeem to the market's loan
    /// token (single hop `tokenIn | fee | loanToken`, or multi-hop, e.g. sAID→AID→USDC). Empty when that token is
    /// already the loan token.
    struct SwapRoute {
        address vault;
        bytes path;
    }

    /// @notice Emitted for each flash liquidation.
    /// @param id Market id. @param borrower Liquidated borrower. @param keeper Caller (KEEPER_ROLE).
    /// @param seizedAssets Collateral seized. @param repaidAssets Loan token repaid to Morpho (repaid shares and
    /// bad debt are in Morpho's own `Liquidate` event of the same transaction).
    /// @param proceeds Loan token obtained from the collateral.
    /// @param profit Loan token sent to `profitRecipient` (`proceeds − repaidAssets`, plus any loan token that was
    /// already in the contract).
    event FlashLiquidation(
        Id indexed id,
        address indexed borrower,
        address indexed keeper,
        uint256 seizedAssets,
        uint256 repaidAssets,
        uint256 proceeds,
        uint256 profit,
        address profitRecipient
    );

    /// @notice Emitted when the admin moves tokens sent to the contract by mistake.
    event TokenRecovered(address indexed token, address indexed to, uint256 amount);

    /// @notice Proceeds minus repayment is below `minProfit` (negative when the sale does not cover the debt).
    error InsufficientProfit(int256 profit, uint256 minProfit);
    /// @notice Exactly one of `seizedAssets` and `repaidShares` must be non-zero.
    error InconsistentInput(uint256 seizedAssets, uint256 repaidShares);
    /// @notice The route does not turn the collateral into the loan token (wrong vault, path ends, or encoding).
    error InvalidRoute();
    /// @notice `onMorphoLiquidate` called by someone else than Morpho, or outside this contract's own liquidation.
    error UnauthorizedCallback(address caller);
    error ZeroAddress();

    /// @notice Role allowed to call `liquidate`.
    function KEEPER_ROLE() external view returns (bytes32);

    /// @notice The Morpho Blue instance.
    function MORPHO() external view returns (address);

    /// @notice The Uniswap v3 SwapRouter used to sell collateral.
    function SWAP_ROUTER() external view returns (address);

    /// @notice Liquidates `borrower` on `marketParams`, sells the seized collateral through `route` and sends the
    /// profit to `profitRecipient`. Only KEEPER_ROLE. Exactly one of `seizedAssets` / `repaidShares` is non-zero,
    /// as in `IMorpho.liquidate` (seize-exact or repay-exact). Reverts `InsufficientProfit` unless
    /// `proceeds − repaidAssets ≥ minProfit`.
    /// @return seized Collateral seized. @return repaidAssets Loan token repaid. @return profit Loan token sent to
    /// `profitRecipient`.
    function liquidate(
        MarketParams calldata marketParams,
        address borrower,
        uint256 seizedAssets,
        uint256 repaidShares,
        SwapRoute calldata route,
        uint256 minProfit,
        address profitRecipient
    ) external returns (uint256 seized, uint256 repaidAssets, uint256 profit);

    /// @notice Sends `amount` of `token` held by the contract to `to` (tokens sent by mistake; the contract keeps
    /// nothing between liquidations). Only DEFAULT_ADMIN_ROLE.
    function recoverToken(address token, address to, uint256 amount) external;
}
