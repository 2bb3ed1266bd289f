// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AdaptiveCurveIrm} from "../../contracts/irm/AdaptiveCurveIrm.sol";
import {AdaptiveCurveLib as L} from "../../contracts/irm/libraries/AdaptiveCurveLib.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoTestBase} from "./MorphoTestBase.sol";
import {IMorpho, Id, Market, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

/// @notice Drives a real Morpho market through random supply / withdraw / borrow / repay / time jumps. Before every
/// action it predicts the accrual from the pure model and counts any divergence from what Morpho + the IRM did.
contract IrmHandler is CommonBase, StdCheats, StdUtils {
    IMorpho internal immutable morpho;
    AdaptiveCurveIrm internal immutable irm;
    MarketParams internal params;
    Id internal immutable id;
    MockStablecoin internal immutable loan;

    address internal constant USER = address(0xA11CE);

    uint256 public ghostAccruals;
    uint256 public ghostMismatches;
    uint256 public ghostMaxBorrowRate;

    constructor(IMorpho morpho_, AdaptiveCurveIrm irm_, MarketParams memory params_, Id id_) {
        morpho = morpho_;
        irm = irm_;
        params = params_;
        id = id_;
        loan = MockStablecoin(params_.loanToken);
        vm.startPrank(USER);
        loan.approve(address(morpho_), type(uint256).max);
        MockStablecoin(params_.collateralToken).approve(address(morpho_), type(uint256).max);
        vm.stopPrank();
        MockStablecoin(params_.collateralToken).mint(USER, 1e36);
        vm.prank(USER);
        morpho_.supplyCollateral(params_, 1e36, USER, "");
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 60 days));
        _accrueAndCheck();
    }

    function supply(uint256 assets) external {
        _accrueAndCheck();
        assets = bound(assets, 1, 1e12 * 1e6);
        loan.mint(USER, assets);
        vm.prank(USER);
        morpho.supply(params, assets, 0, USER, "");
    }

    function withdraw(uint256 assets) external {
        _accrueAndCheck();
        Market memory m = morpho.market(id);
        uint256 liquidity = m.totalSupplyAssets - m.totalBorrowAssets;
        uint256 owned = morpho.position(id, USER).supplyShares * (m.totalSupplyAssets + 1) / (m.totalSupplyShares + 1e6);
        uint256 max = liquidity < owned ? liquidity : owned;
        if (max == 0) return;
        vm.prank(USER);
        morpho.withdraw(params, bound(assets, 1, max), 0, USER, USER);
    }

    function borrow(uint256 assets) external {
        _accrueAndCheck();
        Market memory m = morpho.market(id);
        uint256 liquidity = m.totalSupplyAssets - m.totalBorrowAssets;
        if (liquidity == 0) return;
        vm.prank(USER);
        morpho.borrow(params, bound(assets, 1, liquidity), 0, USER, USER);
    }

    function repay(uint256 shareFraction) external {
        _accrueAndCheck();
        uint256 shares = morpho.position(id, USER).borrowShares;
        if (shares == 0) return;
        shares = shares * bound(shareFraction, 1, 1e18) / 1e18;
        if (shares == 0) return;
        loan.mint(USER, 1e30);
        vm.prank(USER);
        morpho.repay(params, 0, shares, USER, "");
    }

    /// @dev Predicts the accrual from the model, lets Morpho accrue, and records any difference.
    function _accrueAndCheck() internal {
        Market memory m = morpho.market(id);
        uint256 elapsed = block.timestamp - m.lastUpdate;
        if (elapsed == 0) return;
        uint256 util = m.totalSupplyAssets == 0 ? 0 : uint256(m.totalBorrowAssets) * 1e18 / m.totalSupplyAssets;
        (uint256 avg,, int256 endRat) = L.borrowRates(util, irm.rateAtTarget(id), elapsed);
        uint256 first = avg * elapsed;
        uint256 second = first * first / 2e18;
        uint256 growth = first + second + second * first / 3e18;
        uint256 interest = uint256(m.totalBorrowAssets) * growth / 1e18;
        morpho.accrueInterest(params);
        Market memory n = morpho.market(id);
        ++ghostAccruals;
        if (avg > ghostMaxBorrowRate) ghostMaxBorrowRate = avg;
        if (
            n.totalBorrowAssets != m.totalBorrowAssets + interest
                || n.totalSupplyAssets != m.totalSupplyAssets + interest || irm.rateAtTarget(id) != endRat
        ) ++ghostMismatches;
    }
}

contract AdaptiveCurveIrmInvariantTest is MorphoTestBase {
    IrmHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new IrmHandler(morpho, irm, marketParams, id);
        targetContract(address(handler));
    }

    /// @dev Guards against a vacuous run: the handler must actually have accrued.
    function afterInvariant() public view {
        assertGt(handler.ghostAccruals(), 0, "the run accrued interest at least once");
    }

    function invariant_accrualEqualsModel() public view {
        assertEq(handler.ghostMismatches(), 0, "every accrual equals the pure model to the wei");
    }

    function invariant_rateAtTargetWithinBounds() public view {
        int256 rat = irm.rateAtTarget(id);
        assertGe(rat, L.MIN_RATE_AT_TARGET, "rate at target >= 0.1%/yr");
        assertLe(rat, L.MAX_RATE_AT_TARGET, "rate at target <= 200%/yr");
    }

    function invariant_borrowRateWithinCurveBounds() public view {
        assertLe(handler.ghostMaxBorrowRate(), uint256(L.MAX_RATE_AT_TARGET) * 4, "borrow rate <= 4 x max");
        assertGe(
            irm.borrowRateView(marketParams, _market()), uint256(L.MIN_RATE_AT_TARGET) / 4, "borrow rate >= min / 4"
        );
    }

    function invariant_borrowsNeverExceedSupply() public view {
        Market memory m = _market();
        assertLe(m.totalBorrowAssets, m.totalSupplyAssets, "utilisation <= 100%");
    }
}
