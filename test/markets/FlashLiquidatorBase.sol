// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFlashLiquidator} from "../../contracts/interfaces/IFlashLiquidator.sol";
import {FlashLiquidator} from "../../contracts/liquidation/FlashLiquidator.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {IUniswapV3Pool, UniswapV3Deployer} from "../../script/lib/UniswapV3Deployer.sol";
import {MorphoTestBase} from "./MorphoTestBase.sol";
import {Id, Market, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";
import {OracleMock} from "@morpho-blue/mocks/OracleMock.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @notice ERC-4626 vault with instant exit (stand-in for a vault whose shares are Morpho collateral).
contract InstantVault is ERC4626 {
    constructor(IERC20 asset_, string memory name_) ERC20(name_, name_) ERC4626(asset_) {}
}

/// @notice Fixture for flash liquidations: the Morpho market of MorphoTestBase (USDC loan, 18-dec collateral,
/// LLTV 86%), real Uniswap v3 pools (collateral/USDC 0.01%, collateral/AID 0.05%, AID/USDC 0.01%, and a bad
/// collateral/USDC 0.3% pool at half price), a second market whose collateral is an ERC-4626 vault over AID, and the
/// FlashLiquidator with a keeper.
abstract contract FlashLiquidatorBase is MorphoTestBase {
    using MarketParamsLib for MarketParams;

    uint256 internal constant POOL_DEPTH = 5_000_000;
    uint256 internal constant COLLATERAL = 10_000e18;
    /// @dev The position borrows 85% of its collateral value at the initial 1.05 price, then the oracle drops.
    uint256 internal constant OPEN_LTV = 0.85e18;
    uint256 internal constant DROPPED_PRICE = 1e24; // 1.00 USDC per collateral

    address internal admin = makeAddr("admin");
    address internal keeper = makeAddr("keeper");
    address internal recipient = makeAddr("profitRecipient");
    address internal stranger = makeAddr("stranger");

    UniswapV3Deployer.UniswapV3 internal uni;
    FlashLiquidator internal liquidator;
    MockStablecoin internal aid;
    IUniswapV3Pool internal collUsdcPool;
    IUniswapV3Pool internal collAidPool;
    IUniswapV3Pool internal aidUsdcPool;
    IUniswapV3Pool internal badPool;

    InstantVault internal vault;
    OracleMock internal vaultOracle;
    MarketParams internal vaultParams;
    Id internal vaultId;

    function setUp() public virtual override {
        super.setUp();
        uni = UniswapV3Deployer.deploy(address(0));
        aid = new MockStablecoin("AI Dollar", "AID", 18);

        collUsdcPool = _seed(address(collateralToken), address(loanToken), 100, 1e18, 50);
        collAidPool = _seed(address(collateralToken), address(aid), 500, 1e18, 100);
        aidUsdcPool = _seed(address(aid), address(loanToken), 100, 1e18, 50);
        badPool = _seed(address(collateralToken), address(loanToken), 3000, 0.5e18, 600);

        liquidator = new FlashLiquidator(0, admin, address(morpho), address(uni.router));
        bytes32 keeperRole = liquidator.KEEPER_ROLE();
        vm.prank(admin);
        liquidator.grantRole(keeperRole, keeper);

        // Vault market: collateral = shares of an instant-exit vault over AID, priced 1.05 USDC per share.
        vault = new InstantVault(IERC20(address(aid)), "vAID");
        vaultOracle = new OracleMock();
        vaultOracle.setPrice(INITIAL_PRICE);
        vaultParams = MarketParams(address(loanToken), address(vault), address(vaultOracle), address(irm), LLTV);
        vaultId = vaultParams.id();
        morpho.createMarket(vaultParams);

        _supply(supplier, 1_000_000e6);
        _openPosition(borrower, COLLATERAL, OPEN_LTV);
        vm.label(address(liquidator), "FlashLiquidator");
    }

    // ---------------------------------------------------------------- fixture helpers

    function _seed(address base, address quote, uint24 fee, uint256 priceWad, int24 halfWidth)
        internal
        returns (IUniswapV3Pool pool)
    {
        return _seedWithDepth(base, quote, fee, priceWad, halfWidth, POOL_DEPTH);
    }

    /// @dev Pool with about `depth` whole quote tokens (and their worth of base) in a ±`halfWidth`-tick range.
    function _seedWithDepth(address base, address quote, uint24 fee, uint256 priceWad, int24 halfWidth, uint256 depth)
        internal
        returns (IUniswapV3Pool pool)
    {
        uint256 baseAmount = depth * 10 ** MockStablecoin(base).decimals() * 1e18 / priceWad;
        uint256 quoteAmount = depth * 10 ** MockStablecoin(quote).decimals();
        MockStablecoin(base).mint(address(this), baseAmount);
        MockStablecoin(quote).mint(address(this), quoteAmount);
        (pool,) = UniswapV3Deployer.createAndSeedPool(
            uni,
            UniswapV3Deployer.PoolSpec({
                base: base,
                quote: quote,
                fee: fee,
                priceWad: priceWad,
                amountBase: baseAmount,
                amountQuote: quoteAmount,
                halfWidthTicks: halfWidth,
                recipient: address(this)
            })
        );
    }

    /// @dev Lets a day of interest accrue, drops the oracle price and accrues, so liquidation math can be
    /// predicted from Morpho's stored state (the liquidation itself then accrues nothing: same block).
    function _makeUnhealthy(uint256 newPrice) internal {
        vm.warp(block.timestamp + 1 days);
        oracle.setPrice(newPrice);
        morpho.accrueInterest(marketParams);
    }

    function _singleHop() internal view returns (IFlashLiquidator.SwapRoute memory) {
        return IFlashLiquidator.SwapRoute(
            address(0), UniswapV3Deployer.path(address(collateralToken), 100, address(loanToken))
        );
    }

    function _multiHop() internal view returns (IFlashLiquidator.SwapRoute memory) {
        return IFlashLiquidator.SwapRoute(
            address(0), UniswapV3Deployer.path(address(collateralToken), 500, address(aid), 100, address(loanToken))
        );
    }

    // ---------------------------------------------------------------- expected amounts (independent maths)

    /// @dev Morpho's repay-side amounts for a seize-exact liquidation, from the current stored state.
    function _expectedForSeized(Id mid, uint256 seized, uint256 price)
        internal
        view
        returns (uint256 repaidShares, uint256 repaidAssets)
    {
        return _repaidForSeized(morpho.market(mid), seized, price, LLTV);
    }

    /// @dev Morpho's seized collateral and repaid assets for a repay-exact (shares) liquidation.
    function _expectedForShares(Id mid, uint256 shares, uint256 price)
        internal
        view
        returns (uint256 seized, uint256 repaidAssets)
    {
        return _seizedForShares(morpho.market(mid), shares, price, LLTV);
    }

    /// @dev Largest seize that Morpho accepts for `who` (floor sizing: repaid shares never exceed the debt).
    function _seizable(Id mid, address who, uint256 price) internal view returns (uint256) {
        Market memory m = morpho.market(mid);
        Position memory p = morpho.position(mid, who);
        uint256 debtDown = _toAssetsDown(p.borrowShares, m.totalBorrowAssets, m.totalBorrowShares);
        uint256 s = debtDown * _lif(LLTV) / WAD * ORACLE_SCALE / price;
        return s < p.collateral ? s : p.collateral;
    }

    function _quote(bytes memory path, uint256 amountIn) internal returns (uint256 out) {
        (out,,,) = uni.quoter.quoteExactInput(path, amountIn);
    }

    /// @dev The liquidator holds no token and no allowance after any call.
    function _assertNothingLeft() internal view {
        address l = address(liquidator);
        assertEq(loanToken.balanceOf(l), 0, "no loan token left in the liquidator");
        assertEq(collateralToken.balanceOf(l), 0, "no collateral left in the liquidator");
        assertEq(aid.balanceOf(l), 0, "no intermediate token left in the liquidator");
        assertEq(vault.balanceOf(l), 0, "no vault shares left in the liquidator");
        assertEq(loanToken.allowance(l, address(morpho)), 0, "no loan allowance to Morpho left");
        assertEq(collateralToken.allowance(l, address(uni.router)), 0, "no collateral allowance to the router left");
        assertEq(aid.allowance(l, address(uni.router)), 0, "no AID allowance to the router left");
    }
}
