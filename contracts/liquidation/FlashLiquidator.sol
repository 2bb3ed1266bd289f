// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IFlashLiquidator} from "../interfaces/IFlashLiquidator.sol";
import {IUniswapV3SwapRouter} from "./interfaces/IUniswapV3SwapRouter.sol";
import {IMorpho, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {IMorphoLiquidateCallback} from "@morpho-blue/interfaces/IMorphoCallbacks.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title FlashLiquidator
/// @notice Inventory-free Morpho Blue liquidations that sell the seized collateral on Uniswap v3 inside Morpho's
/// liquidation callback (see `IFlashLiquidator`).
/// @dev Flow: `liquidate` (keeper) → `Morpho.liquidate` → Morpho sends the collateral here → `onMorphoLiquidate`
/// (optional ERC-4626 redeem, `exactInput` swap, profit check, approve exactly `repaidAssets`) → Morpho pulls the
/// repayment → `liquidate` sends every remaining loan token to the profit recipient. The callback only runs while
/// this contract's own `liquidate` is on the stack (transient flag) and only for Morpho.
contract FlashLiquidator is IFlashLiquidator, RoleManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using MarketParamsLib for MarketParams;

    /// @dev Length of an address (20 bytes) and of a v3 path hop (fee 3 bytes + address 20 bytes).
    uint256 private constant ADDR_SIZE = 20;
    uint256 private constant HOP_SIZE = 23;

    /// @inheritdoc IFlashLiquidator
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");

    /// @inheritdoc IFlashLiquidator
    address public immutable MORPHO;

    /// @inheritdoc IFlashLiquidator
    address public immutable SWAP_ROUTER;

    /// @dev Set by `liquidate` just before calling Morpho, consumed by the single callback it expects.
    bool private transient _expectingCallback;
    /// @dev Loan token obtained in the callback, reported by `liquidate`'s event.
    uint256 private transient _proceeds;
    /// @dev Token sold in the callback (collateral, or the vault's asset), swept by `liquidate` if any is left.
    address private transient _tokenIn;

    /// @param initialDelay Admin transfer delay (RoleManaged). @param admin DEFAULT_ADMIN_ROLE holder.
    /// @param morpho Morpho Blue. @param swapRouter Uniswap v3 SwapRouter.
    constructor(uint48 initialDelay, address admin, address morpho, address swapRouter)
        RoleManaged(initialDelay, admin)
    {
        if (morpho == address(0) || swapRouter == address(0)) revert ZeroAddress();
        MORPHO = morpho;
        SWAP_ROUTER = swapRouter;
    }

    /// @inheritdoc IFlashLiquidator
    function liquidate(
        MarketParams calldata marketParams,
        address borrower,
        uint256 seizedAssets,
        uint256 repaidShares,
        SwapRoute calldata route,
        uint256 minProfit,
        address profitRecipient
    ) external onlyRole(KEEPER_ROLE) nonReentrant returns (uint256 seized, uint256 repaidAssets, uint256 profit) {
        // Checks (the route is validated while encoding the callback data).
        if ((seizedAssets == 0) == (repaidShares == 0)) revert InconsistentInput(seizedAssets, repaidShares);
        if (profitRecipient == address(0)) revert ZeroAddress();
        bytes memory data = _callbackData(marketParams, route, minProfit);

        // Interaction with Morpho; the callback does the swap and approves the repayment. Morpho always calls back
        // when `data` is non-empty, and the callback clears the flag.
        _expectingCallback = true;
        (seized, repaidAssets) = IMorpho(MORPHO).liquidate(marketParams, borrower, seizedAssets, repaidShares, data);

        profit = _payOut(marketParams, borrower, seized, repaidAssets, profitRecipient);
    }

    /// @inheritdoc IMorphoLiquidateCallback
    function onMorphoLiquidate(uint256 repaidAssets, bytes calldata data) external {
        if (msg.sender != MORPHO || !_expectingCallback) revert UnauthorizedCallback(msg.sender);
        _expectingCallback = false;
        (address loanToken, address collateralToken, address tokenIn, SwapRoute memory route, uint256 minProfit) =
            abi.decode(data, (address, address, address, SwapRoute, uint256));

        // Everything collateral-side held here is sold: the seized amount (the contract holds nothing otherwise).
        uint256 amount = IERC20(collateralToken).balanceOf(address(this));
        if (route.vault != address(0)) amount = IERC4626(route.vault).redeem(amount, address(this), address(this));

        uint256 proceeds = amount;
        if (route.path.length != 0) {
            IERC20(tokenIn).forceApprove(SWAP_ROUTER, amount);
            // No amountOutMinimum: the profit check below is stricter (it covers the repayment plus `minProfit`).
            proceeds = IUniswapV3SwapRouter(SWAP_ROUTER)
                .exactInput(
                    IUniswapV3SwapRouter.ExactInputParams({
                    path: route.path,
                    recipient: address(this),
                    deadline: block.timestamp,
                    amountIn: amount,
                    amountOutMinimum: 0
                })
                );
        }

        int256 profit = SafeCast.toInt256(proceeds) - SafeCast.toInt256(repaidAssets);
        if (profit < SafeCast.toInt256(minProfit)) revert InsufficientProfit(profit, minProfit);
        _proceeds = proceeds;
        // Exactly the repayment: Morpho pulls it right after this callback returns.
        IERC20(loanToken).forceApprove(MORPHO, repaidAssets);
    }

    /// @inheritdoc IFlashLiquidator
    function recoverToken(address token, address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (to == address(0)) revert ZeroAddress();
        emit TokenRecovered(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @dev Emits the liquidation and sends every remaining loan token (and any unsold input) to the recipient.
    function _payOut(
        MarketParams calldata marketParams,
        address borrower,
        uint256 seized,
        uint256 repaidAssets,
        address profitRecipient
    ) private returns (uint256 profit) {
        address tokenIn = _tokenIn;
        IERC20 loanToken = IERC20(marketParams.loanToken);
        profit = loanToken.balanceOf(address(this));
        emit FlashLiquidation(
            marketParams.id(), borrower, msg.sender, seized, repaidAssets, _proceeds, profit, profitRecipient
        );
        _proceeds = 0;
        _tokenIn = address(0);
        if (profit != 0) loanToken.safeTransfer(profitRecipient, profit);
        // A swap that stopped at the pool's price limit leaves input (and as much router allowance) behind: clear
        // the allowance and hand the input over too, so nothing stays here.
        uint256 leftover = IERC20(tokenIn).balanceOf(address(this));
        if (leftover != 0) {
            IERC20(tokenIn).forceApprove(SWAP_ROUTER, 0);
            IERC20(tokenIn).safeTransfer(profitRecipient, leftover);
        }
    }

    /// @dev Validates the route and encodes what the callback needs; remembers the token sold for `_payOut`.
    function _callbackData(MarketParams calldata marketParams, SwapRoute calldata route, uint256 minProfit)
        private
        returns (bytes memory)
    {
        address tokenIn = _checkRoute(marketParams, route);
        _tokenIn = tokenIn;
        return abi.encode(marketParams.loanToken, marketParams.collateralToken, tokenIn, route, minProfit);
    }

    /// @dev Validates that `route` turns the market's collateral into its loan token; returns the token swapped.
    function _checkRoute(MarketParams calldata marketParams, SwapRoute calldata route)
        private
        view
        returns (address tokenIn)
    {
        tokenIn = marketParams.collateralToken;
        if (route.vault != address(0)) {
            if (route.vault != tokenIn) revert InvalidRoute();
            tokenIn = IERC4626(route.vault).asset();
        }
        bytes calldata p = route.path;
        if (p.length == 0) {
            if (tokenIn != marketParams.loanToken) revert InvalidRoute();
            return tokenIn;
        }
        if (p.length < ADDR_SIZE + HOP_SIZE || (p.length - ADDR_SIZE) % HOP_SIZE != 0) revert InvalidRoute();
        if (address(bytes20(p[:ADDR_SIZE])) != tokenIn) revert InvalidRoute();
        if (address(bytes20(p[p.length - ADDR_SIZE:])) != marketParams.loanToken) revert InvalidRoute();
    }
}
