// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IFlashLiquidator} from "../../contracts/interfaces/IFlashLiquidator.sol";
import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {FlashLiquidator} from "../../contracts/liquidation/FlashLiquidator.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {MarketInfo} from "../../script/lib/DeployTypes.sol";
import {FeedReports} from "../../script/lib/FeedReports.sol";
import {IQuoterV2} from "../../script/lib/UniswapV3Deployer.sol";
import {DeployBase} from "../deploy/DeployBase.sol";
import {MorphoReference} from "../utils/MorphoReference.sol";
import {IMorpho, Id, Market, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {IOracle} from "@morpho-blue/interfaces/IOracle.sol";
import {ErrorsLib} from "@morpho-blue/libraries/ErrorsLib.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice End-to-end fixture on ONE chain deployed exactly like `script/Deploy.s.sol` (DeployBase): a lender
/// supplies USDC to the sAID/USDC and AID/USDC Morpho markets; a user mints AID with USDC through the Reserve,
/// stakes it to sAID, posts the sAID as collateral and borrows USDC near the 86% limit. Helpers move the signed push
/// feeds, compute Morpho's liquidation maths independently (no Morpho library) and check health.
abstract contract E2EBase is DeployBase, MorphoReference {
    using FeedReports for IPushFeed;

    uint24 internal constant FEE_100 = 100;
    uint24 internal constant FEE_500 = 500;

    /// @dev The user's position: 100,000 USDC → 100,000 AID → sAID collateral, borrowing 85% of its value.
    uint256 internal constant USER_USDC = 100_000e6;
    uint256 internal constant OPEN_LTV = 0.85e18;
    uint256 internal constant LENDER_USDC = 1_000_000e6;

    address internal user = makeAddr("user");
    address internal lender = makeAddr("lender");
    address internal recipient = makeAddr("profitRecipient");
    address internal keeper;

    IMorpho internal morpho;
    FlashLiquidator internal liquidator;
    MockStablecoin internal usdc;
    IERC20 internal aid;
    StakedAID internal sAid;
    IReserve internal reserve;
    IQuoterV2 internal quoter;
    MarketParams internal sMarket;
    MarketParams internal aMarket;

    /// @dev Collateral and debt opened by `setUp` on the sAID/USDC market.
    uint256 internal userShares;
    uint256 internal userBorrowed;

    function setUp() public virtual override {
        super.setUp();
        keeper = cfg.operator;
        morpho = IMorpho(d.morpho);
        liquidator = FlashLiquidator(d.flashLiquidator);
        usdc = MockStablecoin(d.usdc);
        aid = IERC20(d.aid);
        sAid = StakedAID(d.sAid);
        reserve = IReserve(d.reserve);
        quoter = IQuoterV2(d.quoterV2);
        sMarket = _params(d.marketSAidUsdc);
        aMarket = _params(d.marketAidUsdc);
        vm.label(address(liquidator), "FlashLiquidator");
        vm.label(d.morpho, "Morpho");

        _supplyUsdc(sMarket, LENDER_USDC);
        _supplyUsdc(aMarket, LENDER_USDC);

        // The user: USDC → AID (Reserve) → sAID (vault) → Morpho collateral → USDC loan near the limit.
        uint256 aidOut = _mintAid(user, USER_USDC);
        assertEq(aidOut, USER_USDC * 1e12, "Reserve mints 1 AID per USDC (no mint fee)");
        vm.startPrank(user);
        aid.approve(address(sAid), aidOut);
        userShares = sAid.deposit(aidOut, user);
        IERC20(address(sAid)).approve(address(morpho), userShares);
        morpho.supplyCollateral(sMarket, userShares, user, "");
        vm.stopPrank();
        assertGt(userShares, 0, "user staked");

        uint256 value = userShares * IOracle(sMarket.oracle).price() / ORACLE_SCALE;
        userBorrowed = value * OPEN_LTV / WAD;
        vm.prank(user);
        morpho.borrow(sMarket, userBorrowed, 0, user, user);
        assertEq(usdc.balanceOf(user), userBorrowed, "user received the loan");
        assertTrue(_isHealthy(sMarket, user), "opened healthy");
    }

    // ---------------------------------------------------------------- actors

    function _params(MarketInfo memory m) internal pure returns (MarketParams memory) {
        return MarketParams({
            loanToken: m.loanToken, collateralToken: m.collateralToken, oracle: m.oracle, irm: m.irm, lltv: m.lltv
        });
    }

    function _id(MarketParams memory p) internal pure returns (Id) {
        return Id.wrap(keccak256(abi.encode(p)));
    }

    function _supplyUsdc(MarketParams memory p, uint256 amount) internal {
        usdc.mint(lender, amount);
        vm.startPrank(lender);
        usdc.approve(address(morpho), amount);
        morpho.supply(p, amount, 0, lender, "");
        vm.stopPrank();
    }

    function _mintAid(address who, uint256 usdcIn) internal returns (uint256 aidOut) {
        usdc.mint(who, usdcIn);
        vm.startPrank(who);
        usdc.approve(address(reserve), usdcIn);
        aidOut = reserve.mint(address(usdc), usdcIn, usdcIn * 1e12, who);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- feeds (signed reports)

    function _answer(address feed) internal view returns (int256) {
        return IPushFeed(feed).latestAnswer();
    }

    /// @dev Moves the clock and re-signs every feed at its current answer (the adapters and the Reserve reject
    /// stale rounds).
    function _warp(uint256 dt) internal {
        vm.warp(block.timestamp + dt);
        vm.roll(block.number + 1);
        address[5] memory feeds = [d.feedUsdcUsd, d.feedUsdtUsd, d.feedAidUsd, d.feedGpuNav, d.feedSAidAid];
        for (uint256 i; i < feeds.length; ++i) {
            IPushFeed(feeds[i]).refresh(cfg.oracleSignerKey, _answer(feeds[i]));
        }
    }

    /// @dev A properly signed AID/USD round observed now (the feed needs a strictly newer observation).
    function _pushAidUsd(int256 answer) internal {
        IPushFeed(d.feedAidUsd).push(cfg.oracleSignerKey, answer);
        assertEq(_answer(d.feedAidUsd), answer, "AID/USD round accepted");
    }

    /// @dev Smallest AID/USD answer at which `who` is still healthy (binary search over signed rounds, each tried in
    /// a snapshot at the current timestamp). `lo` must be unhealthy, `hi` healthy.
    function _healthThreshold(MarketParams memory p, address who, int256 lo, int256 hi) internal returns (int256) {
        while (hi - lo > 1) {
            int256 mid = (lo + hi) / 2;
            uint256 snap = vm.snapshotState();
            IPushFeed(d.feedAidUsd).push(cfg.oracleSignerKey, mid);
            bool healthy = _isHealthy(p, who);
            vm.revertToState(snap);
            if (healthy) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    // ---------------------------------------------------------------- Morpho maths, independent of Morpho's libs

    function _market(MarketParams memory p) internal view returns (Market memory) {
        return morpho.market(_id(p));
    }

    function _position(MarketParams memory p, address who) internal view returns (Position memory) {
        return morpho.position(_id(p), who);
    }

    /// @dev Morpho's health check from its stored state (call after `accrueInterest` in the same block).
    function _isHealthy(MarketParams memory p, address who) internal view returns (bool) {
        Position memory pos = _position(p, who);
        if (pos.borrowShares == 0) return true;
        return _healthy(pos.collateral, pos.borrowShares, _market(p), IOracle(p.oracle).price(), p.lltv);
    }

    /// @dev Seize-exact: repaid shares = toSharesUp(wDivUp(mulDivUp(seized, price, 1e36), LIF)); repaid assets =
    /// toAssetsUp(shares).
    function _expectedForSeized(MarketParams memory p, uint256 seized)
        internal
        view
        returns (uint256 repaidShares, uint256 repaidAssets)
    {
        return _repaidForSeized(_market(p), seized, IOracle(p.oracle).price(), p.lltv);
    }

    /// @dev Repay-exact: seized = mulDivDown(wMulDown(toAssetsDown(shares), LIF), 1e36, price); repaid assets =
    /// toAssetsUp(shares).
    function _expectedForShares(MarketParams memory p, uint256 shares)
        internal
        view
        returns (uint256 seized, uint256 repaidAssets)
    {
        return _seizedForShares(_market(p), shares, IOracle(p.oracle).price(), p.lltv);
    }

    // ---------------------------------------------------------------- keeper

    function _quote(bytes memory path, uint256 amountIn) internal returns (uint256 out) {
        (out,,,) = quoter.quoteExactInput(path, amountIn);
    }

    function _route(bytes memory path) internal pure returns (IFlashLiquidator.SwapRoute memory) {
        return IFlashLiquidator.SwapRoute({vault: address(0), path: path});
    }

    function _keeperLiquidate(
        MarketParams memory p,
        address borrower,
        uint256 seized,
        uint256 shares,
        IFlashLiquidator.SwapRoute memory route
    ) internal returns (uint256 s, uint256 r, uint256 profit) {
        vm.prank(keeper);
        (s, r, profit) = liquidator.liquidate(p, borrower, seized, shares, route, 0, recipient);
    }

    /// @dev Morpho refuses a healthy position (the liquidator bubbles Morpho's own error string).
    function _expectHealthyRevert(MarketParams memory p, address borrower, IFlashLiquidator.SwapRoute memory route)
        internal
    {
        vm.expectRevert(bytes(ErrorsLib.HEALTHY_POSITION));
        vm.prank(keeper);
        liquidator.liquidate(p, borrower, 1e18, 0, route, 0, recipient);
    }

    /// @dev The liquidator holds no token and leaves no allowance behind.
    function _assertLiquidatorEmpty() internal view {
        address l = address(liquidator);
        assertEq(usdc.balanceOf(l), 0, "no USDC left in the liquidator");
        assertEq(aid.balanceOf(l), 0, "no AID left in the liquidator");
        assertEq(IERC20(address(sAid)).balanceOf(l), 0, "no sAID left in the liquidator");
        assertEq(usdc.allowance(l, address(morpho)), 0, "no USDC allowance to Morpho left");
        assertEq(IERC20(address(sAid)).allowance(l, d.swapRouter), 0, "no sAID allowance to the router left");
        assertEq(aid.allowance(l, d.swapRouter), 0, "no AID allowance to the router left");
    }
}
