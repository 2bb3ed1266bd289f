// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AdaptiveCurveIrm} from "../../contracts/irm/AdaptiveCurveIrm.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {IMorpho, Id, Market, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";
import {OracleMock} from "@morpho-blue/mocks/OracleMock.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared fixture: the real Morpho Blue (compiled from npm), our AdaptiveCurveIrm, a 6-decimal loan token
/// ("USDC"), an 18-decimal collateral token and a settable OracleMock, with one market at LLTV 86%.
/// Reference maths used by assertions is written out here, independently of Morpho's libraries.
abstract contract MorphoTestBase is Test {
    using MarketParamsLib for MarketParams;

    uint256 internal constant WAD = 1e18;
    uint256 internal constant ORACLE_SCALE = 1e36;
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    uint256 internal constant VIRTUAL_ASSETS = 1;
    uint256 internal constant LLTV = 0.86e18;
    /// @dev 1.05 loan units (6 dec) per collateral unit (18 dec), scaled 1e36: 1.05e(36 + 6 − 18).
    uint256 internal constant INITIAL_PRICE = 1.05e24;

    address internal morphoOwner = makeAddr("morphoOwner");
    address internal supplier = makeAddr("supplier");
    address internal borrower = makeAddr("borrower");

    IMorpho internal morpho;
    AdaptiveCurveIrm internal irm;
    MockStablecoin internal loanToken;
    MockStablecoin internal collateralToken;
    OracleMock internal oracle;
    MarketParams internal marketParams;
    Id internal id;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        morpho = IMorpho(deployCode("Morpho.sol:Morpho", abi.encode(morphoOwner)));
        irm = new AdaptiveCurveIrm(address(morpho));
        loanToken = new MockStablecoin("USD Coin", "USDC", 6);
        collateralToken = new MockStablecoin("Staked AID", "sAID", 18);
        oracle = new OracleMock();
        oracle.setPrice(INITIAL_PRICE);

        vm.startPrank(morphoOwner);
        morpho.enableIrm(address(irm));
        morpho.enableLltv(LLTV);
        vm.stopPrank();

        marketParams = MarketParams({
            loanToken: address(loanToken),
            collateralToken: address(collateralToken),
            oracle: address(oracle),
            irm: address(irm),
            lltv: LLTV
        });
        id = marketParams.id();
        morpho.createMarket(marketParams);
        vm.label(address(morpho), "Morpho");
        vm.label(address(irm), "AdaptiveCurveIrm");
    }

    // ---------------------------------------------------------------- actions

    function _supply(address who, uint256 assets) internal {
        loanToken.mint(who, assets);
        vm.startPrank(who);
        loanToken.approve(address(morpho), assets);
        morpho.supply(marketParams, assets, 0, who, "");
        vm.stopPrank();
    }

    function _supplyCollateral(address who, uint256 assets) internal {
        collateralToken.mint(who, assets);
        vm.startPrank(who);
        collateralToken.approve(address(morpho), assets);
        morpho.supplyCollateral(marketParams, assets, who, "");
        vm.stopPrank();
    }

    function _borrow(address who, uint256 assets) internal {
        vm.prank(who);
        morpho.borrow(marketParams, assets, 0, who, who);
    }

    /// @dev Opens a position with `collateral` and borrows `ltv` of its value at the current price (WAD ltv).
    function _openPosition(address who, uint256 collateral, uint256 ltv) internal returns (uint256 borrowed) {
        _supplyCollateral(who, collateral);
        borrowed = collateral * oracle.price() / ORACLE_SCALE * ltv / WAD;
        _borrow(who, borrowed);
    }

    // ---------------------------------------------------------------- views

    function _market() internal view returns (Market memory) {
        return morpho.market(id);
    }

    function _position(address who) internal view returns (Position memory) {
        return morpho.position(id, who);
    }

    // ---------------------------------------------------------------- reference maths (independent of Morpho libs)

    function _toSharesUp(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return _ceilDiv(assets * (totalShares + VIRTUAL_SHARES), totalAssets + VIRTUAL_ASSETS);
    }

    function _toAssetsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return _ceilDiv(shares * (totalAssets + VIRTUAL_ASSETS), totalShares + VIRTUAL_SHARES);
    }

    function _toAssetsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return shares * (totalAssets + VIRTUAL_ASSETS) / (totalShares + VIRTUAL_SHARES);
    }

    function _ceilDiv(uint256 x, uint256 d) internal pure returns (uint256) {
        return x == 0 ? 0 : (x - 1) / d + 1;
    }

    /// @dev Liquidation incentive factor: min(1.15, 1 / (1 − 0.3·(1 − lltv))), each WAD step rounded down.
    function _lif(uint256 lltv) internal pure returns (uint256) {
        uint256 denominator = WAD - 0.3e18 * (WAD - lltv) / WAD;
        uint256 lif = WAD * WAD / denominator;
        return lif < 1.15e18 ? lif : 1.15e18;
    }

    /// @dev e^(rate·elapsed) − 1 by a third-order Taylor expansion, each term rounded down (Morpho's compounding).
    function _compoundedGrowth(uint256 rate, uint256 elapsed) internal pure returns (uint256) {
        uint256 first = rate * elapsed;
        uint256 second = first * first / (2 * WAD);
        uint256 third = second * first / (3 * WAD);
        return first + second + third;
    }

    /// @dev Whether the borrower is healthy at the current price, from Morpho's stored (accrued) state.
    function _isHealthy(address who) internal view returns (bool) {
        Position memory p = _position(who);
        Market memory m = _market();
        uint256 debt = _toAssetsUp(p.borrowShares, m.totalBorrowAssets, m.totalBorrowShares);
        uint256 maxBorrow = uint256(p.collateral) * oracle.price() / ORACLE_SCALE * LLTV / WAD;
        return maxBorrow >= debt;
    }
}
