// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../../contracts/access/RoleManaged.sol";
import {IFlashLiquidator} from "../../contracts/interfaces/IFlashLiquidator.sol";
import {FlashLiquidator} from "../../contracts/liquidation/FlashLiquidator.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {UniswapV3Deployer} from "../../script/lib/UniswapV3Deployer.sol";
import {FlashLiquidatorBase, InstantVault} from "./FlashLiquidatorBase.sol";
import {Id, Market, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {EventsLib} from "@morpho-blue/libraries/EventsLib.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";
import {OracleMock} from "@morpho-blue/mocks/OracleMock.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Flash liquidations through the real Morpho Blue and real Uniswap v3 pools: exact amounts against
/// Morpho's formulas (computed independently), profit at the recipient, bad debt, every revert path, access control.
// forge-lint: disable-start(unsafe-typecast)
contract FlashLiquidatorTest is FlashLiquidatorBase {
    using MarketParamsLib for MarketParams;

    /// @dev LIF at LLTV 86% (Morpho: 1 / (1 − 0.3·0.14), WAD, rounded down).
    uint256 internal constant LIF_86 = 1_043_841_336_116_910_229;

    // ================================================================ constructor and constants

    function test_constants() public view {
        assertEq(_lif(LLTV), LIF_86, "reference LIF at 86%");
        assertEq(liquidator.KEEPER_ROLE(), keccak256("KEEPER_ROLE"), "role id");
        assertEq(liquidator.MORPHO(), address(morpho), "Morpho");
        assertEq(liquidator.SWAP_ROUTER(), address(uni.router), "router");
        assertTrue(liquidator.hasRole(liquidator.DEFAULT_ADMIN_ROLE(), admin), "admin");
    }

    function test_constructor_revertsOnZeroMorpho() public {
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.ZeroAddress.selector));
        new FlashLiquidator(0, admin, address(0), address(uni.router));
    }

    function test_constructor_revertsOnZeroRouter() public {
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.ZeroAddress.selector));
        new FlashLiquidator(0, admin, address(morpho), address(0));
    }

    // ================================================================ happy paths

    function test_liquidate_seizeExact_singleHop() public {
        _makeUnhealthy(DROPPED_PRICE);
        assertFalse(_isHealthy(borrower), "position is unhealthy");
        Expected memory e = _expectSeize(id, 5000e18, DROPPED_PRICE, _singleHop().path);
        Position memory pBefore = _position(borrower);
        Market memory mBefore = _market();

        vm.expectEmit(true, true, true, true, address(morpho));
        emit EventsLib.Liquidate(id, address(liquidator), borrower, e.repaid, e.shares, e.seized, 0, 0);
        vm.expectEmit(true, true, true, true, address(liquidator));
        emit IFlashLiquidator.FlashLiquidation(
            id, borrower, keeper, e.seized, e.repaid, e.proceeds, e.proceeds - e.repaid, recipient
        );
        Result memory res = _liquidate(marketParams, e.seized, 0, _singleHop(), 0);

        assertEq(res.seized, e.seized, "seized as requested");
        assertEq(res.repaid, e.repaid, "repaid == ceil(ceil(seized * price) / LIF) in shares, rounded up");
        assertEq(res.profit, e.proceeds - e.repaid, "profit == pool proceeds - repayment");
        assertEq(loanToken.balanceOf(recipient), res.profit, "profit at the recipient");
        // 5,000 collateral at 1.00 bought for 5,000 / 1.0438: about 210 USDC after the 0.01% pool fee.
        assertApproxEqAbs(res.profit, 5000e6 - 5000e6 * WAD / LIF_86, 2e6, "economics: ~LIF - 1 of the value");
        Position memory pAfter = _position(borrower);
        Market memory mAfter = _market();
        assertEq(pAfter.collateral, pBefore.collateral - e.seized, "collateral seized");
        assertEq(pAfter.borrowShares, pBefore.borrowShares - e.shares, "shares repaid");
        assertEq(mAfter.totalBorrowAssets, mBefore.totalBorrowAssets - e.repaid, "total borrow reduced");
        assertEq(mAfter.totalBorrowShares, mBefore.totalBorrowShares - e.shares, "total shares reduced");
        assertEq(mAfter.totalSupplyAssets, mBefore.totalSupplyAssets, "no bad debt");
        _assertNothingLeft();
    }

    function test_liquidate_repayExact_singleHop() public {
        _makeUnhealthy(DROPPED_PRICE);
        uint256 shares = _position(borrower).borrowShares / 2;
        IFlashLiquidator.SwapRoute memory route = _singleHop();
        (uint256 seized, uint256 repaid) = _expectedForShares(id, shares, DROPPED_PRICE);
        uint256 proceeds = _quote(route.path, seized);
        uint256 collBefore = _position(borrower).collateral;

        vm.expectEmit(true, true, true, true, address(morpho));
        emit EventsLib.Liquidate(id, address(liquidator), borrower, repaid, shares, seized, 0, 0);
        vm.prank(keeper);
        (uint256 s, uint256 r, uint256 profit) =
            liquidator.liquidate(marketParams, borrower, 0, shares, route, 0, recipient);

        assertEq(s, seized, "seized == floor(floor(assets(shares)) * LIF / price)");
        assertEq(r, repaid, "repaid == assets(shares) rounded up");
        assertEq(profit, proceeds - repaid, "profit");
        assertEq(loanToken.balanceOf(recipient), profit, "profit at the recipient");
        assertEq(_position(borrower).collateral, collBefore - seized, "collateral seized");
        _assertNothingLeft();
    }

    function test_liquidate_multiHop() public {
        _makeUnhealthy(DROPPED_PRICE);
        uint256 seized = 3000e18;
        IFlashLiquidator.SwapRoute memory route = _multiHop();
        (, uint256 repaid) = _expectedForSeized(id, seized, DROPPED_PRICE);
        uint256 proceeds = _quote(route.path, seized);
        uint256 aidPoolBefore = aid.balanceOf(address(collAidPool));

        vm.prank(keeper);
        (, uint256 r, uint256 profit) = liquidator.liquidate(marketParams, borrower, seized, 0, route, 0, recipient);

        assertEq(r, repaid, "repaid");
        assertEq(profit, proceeds - repaid, "profit through collateral -> AID -> USDC");
        assertLt(aid.balanceOf(address(collAidPool)), aidPoolBefore, "the AID hop was used");
        assertEq(loanToken.balanceOf(recipient), profit, "profit at the recipient");
        _assertNothingLeft();
    }

    function test_liquidate_vaultRedeemThenSwap() public {
        // Borrower posts shares of an instant-exit vault over AID.
        aid.mint(borrower, COLLATERAL);
        vm.startPrank(borrower);
        aid.approve(address(vault), COLLATERAL);
        uint256 shares = vault.deposit(COLLATERAL, borrower);
        vault.approve(address(morpho), shares);
        morpho.supplyCollateral(vaultParams, shares, borrower, "");
        vm.stopPrank();
        _supplyTo(vaultParams, 1_000_000e6);
        vm.prank(borrower);
        morpho.borrow(vaultParams, shares * INITIAL_PRICE / ORACLE_SCALE * OPEN_LTV / WAD, 0, borrower, borrower);

        vm.warp(block.timestamp + 1 days);
        vaultOracle.setPrice(DROPPED_PRICE);
        morpho.accrueInterest(vaultParams);

        uint256 seized = 4000e18;
        IFlashLiquidator.SwapRoute memory route =
            IFlashLiquidator.SwapRoute(address(vault), UniswapV3Deployer.path(address(aid), 100, address(loanToken)));
        (, uint256 repaid) = _expectedForSeized(vaultId, seized, DROPPED_PRICE);
        uint256 proceeds = _quote(route.path, vault.previewRedeem(seized));

        vm.prank(keeper);
        (uint256 s, uint256 r, uint256 profit) =
            liquidator.liquidate(vaultParams, borrower, seized, 0, route, 0, recipient);

        assertEq(s, seized, "vault shares seized");
        assertEq(r, repaid, "repaid");
        assertEq(profit, proceeds - repaid, "profit: redeem shares to AID, sell AID");
        assertEq(vault.totalSupply(), shares - seized, "seized shares were redeemed (burned)");
        _assertNothingLeft();
    }

    function test_liquidate_vaultRedeemOnly_noSwap() public {
        // Collateral = vault over the loan token itself: redeeming is enough, the path is empty.
        InstantVault usdcVault = new InstantVault(IERC20(address(loanToken)), "vUSDC");
        OracleMock o = new OracleMock();
        o.setPrice(1e36); // 1 share unit (6 dec) = 1 USDC unit
        MarketParams memory mp = MarketParams(address(loanToken), address(usdcVault), address(o), address(irm), LLTV);
        morpho.createMarket(mp);
        _supplyTo(mp, 100_000e6);
        loanToken.mint(borrower, 10_000e6);
        vm.startPrank(borrower);
        loanToken.approve(address(usdcVault), 10_000e6);
        uint256 shares = usdcVault.deposit(10_000e6, borrower);
        usdcVault.approve(address(morpho), shares);
        morpho.supplyCollateral(mp, shares, borrower, "");
        morpho.borrow(mp, 8500e6, 0, borrower, borrower);
        vm.stopPrank();
        o.setPrice(0.95e36);

        (, uint256 repaid) = _expectedForSeized(mp.id(), 5000e6, 0.95e36);
        vm.prank(keeper);
        (, uint256 r, uint256 profit) = liquidator.liquidate(
            mp, borrower, 5000e6, 0, IFlashLiquidator.SwapRoute(address(usdcVault), ""), 0, recipient
        );
        assertEq(r, repaid, "repaid");
        assertEq(profit, 5000e6 - repaid, "profit == redeemed - repaid");
        assertEq(loanToken.balanceOf(address(liquidator)), 0, "nothing left");
        assertEq(usdcVault.balanceOf(address(liquidator)), 0, "no shares left");
    }

    function test_liquidate_badDebt_realisedByMorpho() public {
        // A crash to 0.90: LTV ≈ 99% > 1/LIF, so seizing all collateral cannot cover the debt.
        _makeUnhealthy(0.9e24);
        Position memory p = _position(borrower);
        Market memory m = _market();
        Expected memory e = _expectSeize(id, p.collateral, 0.9e24, _singleHop().path);
        // Morpho's bad-debt realisation, computed here step by step.
        uint256 tbaAfterRepay = m.totalBorrowAssets - e.repaid;
        uint256 tbsAfterRepay = m.totalBorrowShares - e.shares;
        uint256 badShares = p.borrowShares - e.shares;
        uint256 badAssets = _toAssetsUp(badShares, tbaAfterRepay, tbsAfterRepay);
        if (badAssets > tbaAfterRepay) badAssets = tbaAfterRepay;
        assertGt(badShares, 0, "bad debt exists");

        vm.expectEmit(true, true, true, true, address(morpho));
        emit EventsLib.Liquidate(id, address(liquidator), borrower, e.repaid, e.shares, e.seized, badAssets, badShares);
        Result memory res = _liquidate(marketParams, e.seized, 0, _singleHop(), 0);

        assertEq(res.repaid, e.repaid, "repaid");
        assertEq(res.profit, e.proceeds - e.repaid, "liquidator still profits");
        assertEq(_position(borrower).collateral, 0, "all collateral seized");
        assertEq(_position(borrower).borrowShares, 0, "remaining debt written off");
        assertEq(_market().totalBorrowAssets, tbaAfterRepay - badAssets, "borrow assets: repaid + bad debt removed");
        assertEq(_market().totalBorrowShares, tbsAfterRepay - badShares, "borrow shares: repaid + bad shares removed");
        assertEq(_market().totalSupplyAssets, m.totalSupplyAssets - badAssets, "suppliers absorb the bad debt");
        // ~8,925 + a day of interest owed, 9,000 / 1.0438 ≈ 8,622 repaid: ~300 USDC of bad debt.
        assertApproxEqAbs(badAssets, 303e6, 3e6, "bad debt size");
        _assertNothingLeft();
    }

    function test_liquidate_sweepsStrayLoanTokensAsProfit() public {
        _makeUnhealthy(DROPPED_PRICE);
        loanToken.mint(address(liquidator), 7e6);
        uint256 seized = 1000e18;
        IFlashLiquidator.SwapRoute memory route = _singleHop();
        (, uint256 repaid) = _expectedForSeized(id, seized, DROPPED_PRICE);
        uint256 proceeds = _quote(route.path, seized);
        vm.expectEmit(true, true, true, true, address(liquidator));
        emit IFlashLiquidator.FlashLiquidation(
            id, borrower, keeper, seized, repaid, proceeds, proceeds - repaid + 7e6, recipient
        );
        vm.prank(keeper);
        (,, uint256 profit) = liquidator.liquidate(marketParams, borrower, seized, 0, route, 0, recipient);
        assertEq(profit, proceeds - repaid + 7e6, "stray loan token swept with the profit");
        _assertNothingLeft();
    }

    function test_liquidate_partialFillHandsLeftoverToRecipient() public {
        // A thin pool (about 6,000 USDC in a ±2% range at 3.0): selling 5,000 collateral exhausts it.
        MockStablecoin thinColl = new MockStablecoin("Thin", "THIN", 18);
        _seedWithDepth(address(thinColl), address(loanToken), 10_000, 3e18, 400, 6000);
        OracleMock o = new OracleMock();
        o.setPrice(1.05e24);
        MarketParams memory mp = MarketParams(address(loanToken), address(thinColl), address(o), address(irm), LLTV);
        morpho.createMarket(mp);
        _supplyTo(mp, 100_000e6);
        thinColl.mint(borrower, COLLATERAL);
        vm.startPrank(borrower);
        thinColl.approve(address(morpho), COLLATERAL);
        morpho.supplyCollateral(mp, COLLATERAL, borrower, "");
        morpho.borrow(mp, 8925e6, 0, borrower, borrower);
        vm.stopPrank();
        o.setPrice(DROPPED_PRICE);

        IFlashLiquidator.SwapRoute memory route = IFlashLiquidator.SwapRoute(
            address(0), UniswapV3Deployer.path(address(thinColl), 10_000, address(loanToken))
        );
        (, uint256 repaid) = _expectedForSeized(mp.id(), 5000e18, DROPPED_PRICE);
        vm.prank(keeper);
        (, uint256 r, uint256 profit) = liquidator.liquidate(mp, borrower, 5000e18, 0, route, 0, recipient);
        assertEq(r, repaid, "repaid");
        assertGt(profit, 0, "the partial fill still covered the repayment");
        assertGt(thinColl.balanceOf(recipient), 0, "unsold collateral handed to the recipient");
        assertEq(thinColl.balanceOf(address(liquidator)), 0, "no collateral left");
        assertEq(thinColl.allowance(address(liquidator), address(uni.router)), 0, "no allowance left");
        assertEq(loanToken.balanceOf(address(liquidator)), 0, "no loan token left");
    }

    // ================================================================ profit guard

    function test_liquidate_revertsWhenProfitBelowMin() public {
        _makeUnhealthy(DROPPED_PRICE);
        uint256 seized = 5000e18;
        IFlashLiquidator.SwapRoute memory route = _singleHop();
        (, uint256 repaid) = _expectedForSeized(id, seized, DROPPED_PRICE);
        uint256 profit = _quote(route.path, seized) - repaid;
        vm.prank(keeper);
        vm.expectRevert(
            abi.encodeWithSelector(IFlashLiquidator.InsufficientProfit.selector, int256(profit), profit + 1)
        );
        liquidator.liquidate(marketParams, borrower, seized, 0, route, profit + 1, recipient);

        // Exactly minProfit passes.
        vm.prank(keeper);
        (,, uint256 got) = liquidator.liquidate(marketParams, borrower, seized, 0, route, profit, recipient);
        assertEq(got, profit, "minProfit is inclusive");
    }

    function test_liquidate_revertsWhenSaleDoesNotCoverRepayment() public {
        _makeUnhealthy(DROPPED_PRICE);
        uint256 seized = 5000e18;
        // The 0.3% pool prices the collateral at 0.50: proceeds ≈ 2,500 for a ≈ 4,790 repayment.
        IFlashLiquidator.SwapRoute memory route = IFlashLiquidator.SwapRoute(
            address(0), UniswapV3Deployer.path(address(collateralToken), 3000, address(loanToken))
        );
        (, uint256 repaid) = _expectedForSeized(id, seized, DROPPED_PRICE);
        int256 loss = int256(_quote(route.path, seized)) - int256(repaid);
        assertLt(loss, 0, "negative profit");
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.InsufficientProfit.selector, loss, 0));
        liquidator.liquidate(marketParams, borrower, seized, 0, route, 0, recipient);
    }

    // ================================================================ input validation

    function test_liquidate_revertsWhenBothAmountsZero() public {
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.InconsistentInput.selector, 0, 0));
        liquidator.liquidate(marketParams, borrower, 0, 0, _singleHop(), 0, recipient);
    }

    function test_liquidate_revertsWhenBothAmountsSet() public {
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.InconsistentInput.selector, 1, 2));
        liquidator.liquidate(marketParams, borrower, 1, 2, _singleHop(), 0, recipient);
    }

    function test_liquidate_revertsOnZeroRecipient() public {
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.ZeroAddress.selector));
        liquidator.liquidate(marketParams, borrower, 1, 0, _singleHop(), 0, address(0));
    }

    function test_liquidate_revertsOnVaultThatIsNotTheCollateral() public {
        _expectInvalidRoute(IFlashLiquidator.SwapRoute(address(vault), _singleHop().path));
    }

    function test_liquidate_revertsOnPathNotStartingWithCollateral() public {
        _expectInvalidRoute(
            IFlashLiquidator.SwapRoute(address(0), UniswapV3Deployer.path(address(aid), 100, address(loanToken)))
        );
    }

    function test_liquidate_revertsOnPathNotEndingWithLoanToken() public {
        _expectInvalidRoute(
            IFlashLiquidator.SwapRoute(address(0), UniswapV3Deployer.path(address(collateralToken), 500, address(aid)))
        );
    }

    function test_liquidate_revertsOnMalformedPath() public {
        bytes memory p = _singleHop().path;
        _expectInvalidRoute(IFlashLiquidator.SwapRoute(address(0), abi.encodePacked(p, uint8(1))));
        _expectInvalidRoute(IFlashLiquidator.SwapRoute(address(0), abi.encodePacked(address(collateralToken))));
    }

    function test_liquidate_revertsOnEmptyPathWhenCollateralIsNotLoanToken() public {
        _expectInvalidRoute(IFlashLiquidator.SwapRoute(address(0), ""));
    }

    function test_liquidate_bubblesMorphoHealthyRevert() public {
        vm.prank(keeper);
        vm.expectRevert(bytes("position is healthy"));
        liquidator.liquidate(marketParams, borrower, 1e18, 0, _singleHop(), 0, recipient);
    }

    // ================================================================ callback guard

    function testFuzz_onMorphoLiquidate_revertsForNonMorpho(address caller) public {
        vm.assume(caller != address(morpho));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.UnauthorizedCallback.selector, caller));
        liquidator.onMorphoLiquidate(1, "");
    }

    function test_onMorphoLiquidate_revertsForMorphoOutsideOwnLiquidation() public {
        collateralToken.mint(address(liquidator), 1e18);
        vm.prank(address(morpho));
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.UnauthorizedCallback.selector, address(morpho)));
        liquidator.onMorphoLiquidate(
            1, abi.encode(address(loanToken), address(collateralToken), address(collateralToken), _singleHop(), 0)
        );
    }

    // ================================================================ access control matrix

    function test_accessMatrix_liquidate() public {
        _makeUnhealthy(DROPPED_PRICE);
        address[4] memory callers = [admin, stranger, address(morpho), borrower];
        bytes32 role = liquidator.KEEPER_ROLE();
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], role)
            );
            liquidator.liquidate(marketParams, borrower, 1e18, 0, _singleHop(), 0, recipient);
        }
        vm.prank(keeper);
        (uint256 s,,) = liquidator.liquidate(marketParams, borrower, 1e18, 0, _singleHop(), 0, recipient);
        assertEq(s, 1e18, "keeper liquidates");
    }

    function testFuzz_liquidate_revertsForNonKeeper(address caller) public {
        vm.assume(caller != keeper);
        bytes32 role = liquidator.KEEPER_ROLE();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role));
        liquidator.liquidate(marketParams, borrower, 1e18, 0, _singleHop(), 0, recipient);
    }

    function test_accessMatrix_recoverToken() public {
        loanToken.mint(address(liquidator), 10e6);
        address[4] memory callers = [keeper, stranger, address(morpho), recipient];
        bytes32 role = liquidator.DEFAULT_ADMIN_ROLE();
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], role)
            );
            liquidator.recoverToken(address(loanToken), callers[i], 10e6);
        }
        vm.expectEmit(true, true, true, true, address(liquidator));
        emit IFlashLiquidator.TokenRecovered(address(loanToken), stranger, 10e6);
        vm.prank(admin);
        liquidator.recoverToken(address(loanToken), stranger, 10e6);
        assertEq(loanToken.balanceOf(stranger), 10e6, "admin recovers stray tokens");
        assertEq(loanToken.balanceOf(address(liquidator)), 0, "nothing left");
    }

    function test_recoverToken_revertsOnZeroRecipient() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.ZeroAddress.selector));
        liquidator.recoverToken(address(loanToken), address(0), 1);
    }

    function test_accessMatrix_keeperRoleAdministration() public {
        bytes32 role = liquidator.KEEPER_ROLE();
        bytes32 adminRole = liquidator.DEFAULT_ADMIN_ROLE();
        address[3] memory callers = [keeper, stranger, address(morpho)];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], adminRole)
            );
            liquidator.grantRole(role, callers[i]);
        }
        vm.prank(admin);
        liquidator.revokeRole(role, keeper);
        assertFalse(liquidator.hasRole(role, keeper), "admin revokes the keeper");
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, role));
        liquidator.liquidate(marketParams, borrower, 1e18, 0, _singleHop(), 0, recipient);
    }

    function test_keeperCannotRenounce() public {
        bytes32 role = liquidator.KEEPER_ROLE();
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(RoleManaged.RenounceDisabled.selector, role));
        liquidator.renounceRole(role, keeper);
    }

    // ================================================================ fuzz

    function testFuzz_liquidate_seizeExact(uint256 priceBps, uint256 seizeFraction) public {
        uint256 price = DROPPED_PRICE * bound(priceBps, 9400, 10_300) / 10_000; // unhealthy, no bad debt
        _makeUnhealthy(price);
        uint256 seized = _seizable(id, borrower, price) * bound(seizeFraction, 0.001e18, 1e18) / WAD;
        Expected memory e = _expectSeize(id, seized, price, _singleHop().path);
        uint256 sharesBefore = _position(borrower).borrowShares;

        Result memory res = _liquidate(marketParams, seized, 0, _singleHop(), 0);

        assertEq(res.seized, seized, "seized");
        assertEq(res.repaid, e.repaid, "repaid matches Morpho's formula");
        assertEq(_position(borrower).borrowShares, sharesBefore - e.shares, "shares repaid");
        assertEq(res.profit, e.proceeds - e.repaid, "profit == quote - repaid");
        assertEq(loanToken.balanceOf(recipient), res.profit, "profit at the recipient");
        _assertNothingLeft();
    }

    function testFuzz_liquidate_repayExact(uint256 priceBps, uint256 shareFraction) public {
        uint256 price = DROPPED_PRICE * bound(priceBps, 9400, 10_300) / 10_000;
        _makeUnhealthy(price);
        uint256 shares = _position(borrower).borrowShares * bound(shareFraction, 0.001e18, 0.999e18) / WAD;
        IFlashLiquidator.SwapRoute memory route = _multiHop();
        (uint256 seized, uint256 repaid) = _expectedForShares(id, shares, price);
        uint256 proceeds = _quote(route.path, seized);

        vm.prank(keeper);
        (uint256 s, uint256 r, uint256 profit) =
            liquidator.liquidate(marketParams, borrower, 0, shares, route, 0, recipient);

        assertEq(s, seized, "seized matches Morpho's formula");
        assertEq(r, repaid, "repaid");
        assertEq(profit, proceeds - repaid, "profit == quote - repaid");
        _assertNothingLeft();
    }

    // ================================================================ reentrancy

    function test_liquidate_cannotBeReentered() public {
        // A vault (holding KEEPER_ROLE) whose redeem re-enters the liquidator mid-liquidation.
        ReentrantVault evil = new ReentrantVault(IERC20(address(aid)), liquidator);
        bytes32 role = liquidator.KEEPER_ROLE();
        vm.prank(admin);
        liquidator.grantRole(role, address(evil));
        OracleMock o = new OracleMock();
        o.setPrice(INITIAL_PRICE);
        MarketParams memory mp = MarketParams(address(loanToken), address(evil), address(o), address(irm), LLTV);
        morpho.createMarket(mp);
        _supplyTo(mp, 100_000e6);
        aid.mint(borrower, COLLATERAL);
        vm.startPrank(borrower);
        aid.approve(address(evil), COLLATERAL);
        uint256 shares = evil.deposit(COLLATERAL, borrower);
        evil.approve(address(morpho), shares);
        morpho.supplyCollateral(mp, shares, borrower, "");
        morpho.borrow(mp, 8925e6, 0, borrower, borrower);
        vm.stopPrank();
        o.setPrice(DROPPED_PRICE);
        evil.arm(mp, borrower);

        IFlashLiquidator.SwapRoute memory route =
            IFlashLiquidator.SwapRoute(address(evil), UniswapV3Deployer.path(address(aid), 100, address(loanToken)));
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        liquidator.liquidate(mp, borrower, 1000e18, 0, route, 0, recipient);
    }

    // ================================================================ recoverToken fuzz

    function testFuzz_recoverToken_movesExactAmount(uint256 held, uint256 amount) public {
        held = bound(held, 1, 1e30);
        amount = bound(amount, 1, held);
        collateralToken.mint(address(liquidator), held);
        vm.prank(admin);
        liquidator.recoverToken(address(collateralToken), stranger, amount);
        assertEq(collateralToken.balanceOf(stranger), amount, "recovered amount");
        assertEq(collateralToken.balanceOf(address(liquidator)), held - amount, "rest stays");
    }

    // ================================================================ helpers

    struct Expected {
        uint256 seized;
        uint256 shares;
        uint256 repaid;
        uint256 proceeds;
    }

    struct Result {
        uint256 seized;
        uint256 repaid;
        uint256 profit;
    }

    function _expectSeize(Id mid, uint256 seized, uint256 price, bytes memory path)
        internal
        returns (Expected memory e)
    {
        e.seized = seized;
        (e.shares, e.repaid) = _expectedForSeized(mid, seized, price);
        e.proceeds = _quote(path, seized);
    }

    function _liquidate(
        MarketParams memory mp,
        uint256 seized,
        uint256 shares,
        IFlashLiquidator.SwapRoute memory route,
        uint256 minProfit
    ) internal returns (Result memory res) {
        vm.prank(keeper);
        (res.seized, res.repaid, res.profit) =
            liquidator.liquidate(mp, borrower, seized, shares, route, minProfit, recipient);
    }

    function _expectInvalidRoute(IFlashLiquidator.SwapRoute memory route) internal {
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IFlashLiquidator.InvalidRoute.selector));
        liquidator.liquidate(marketParams, borrower, 1e18, 0, route, 0, recipient);
    }

    function _supplyTo(MarketParams memory mp, uint256 assets) internal {
        loanToken.mint(supplier, assets);
        vm.startPrank(supplier);
        loanToken.approve(address(morpho), assets);
        morpho.supply(mp, assets, 0, supplier, "");
        vm.stopPrank();
    }
}

// forge-lint: disable-end(unsafe-typecast)

/// @notice ERC-4626 vault whose `redeem` re-enters the liquidator (to prove the reentrancy guard holds).
contract ReentrantVault is InstantVault {
    FlashLiquidator internal immutable target;
    MarketParams internal params;
    address internal victim;
    bool internal armed;

    constructor(IERC20 asset_, FlashLiquidator target_) InstantVault(asset_, "evil") {
        target = target_;
    }

    function arm(MarketParams memory params_, address victim_) external {
        params = params_;
        victim = victim_;
        armed = true;
    }

    function redeem(uint256 shares, address receiver, address owner) public override returns (uint256) {
        if (armed) {
            armed = false;
            target.liquidate(params, victim, 1e18, 0, IFlashLiquidator.SwapRoute(address(this), ""), 0, receiver);
        }
        return super.redeem(shares, receiver, owner);
    }
}
