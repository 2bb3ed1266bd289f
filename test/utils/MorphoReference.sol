// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Market} from "@morpho-blue/interfaces/IMorpho.sol";

/// @notice Morpho Blue's share and liquidation maths written out independently of Morpho's libraries, so tests can
/// assert exact amounts against it. One copy for every test base that needs it (markets unit tests, e2e).
abstract contract MorphoReference {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant ORACLE_SCALE = 1e36;
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    uint256 internal constant VIRTUAL_ASSETS = 1;

    function _ceilDiv(uint256 x, uint256 d) internal pure returns (uint256) {
        return x == 0 ? 0 : (x - 1) / d + 1;
    }

    function _toSharesUp(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return _ceilDiv(assets * (totalShares + VIRTUAL_SHARES), totalAssets + VIRTUAL_ASSETS);
    }

    function _toAssetsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return _ceilDiv(shares * (totalAssets + VIRTUAL_ASSETS), totalShares + VIRTUAL_SHARES);
    }

    function _toAssetsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return shares * (totalAssets + VIRTUAL_ASSETS) / (totalShares + VIRTUAL_SHARES);
    }

    /// @dev e^(rate·elapsed) − 1 by a third-order Taylor expansion, each term rounded down (Morpho's compounding).
    function _compoundedGrowth(uint256 rate, uint256 elapsed) internal pure returns (uint256) {
        uint256 first = rate * elapsed;
        uint256 second = first * first / (2 * WAD);
        uint256 third = second * first / (3 * WAD);
        return first + second + third;
    }

    /// @dev Liquidation incentive factor: min(1.15, 1 / (1 − 0.3·(1 − lltv))), each WAD step rounded down as in Morpho.
    function _lif(uint256 lltv) internal pure returns (uint256) {
        uint256 denominator = WAD - 0.3e18 * (WAD - lltv) / WAD;
        uint256 lif = WAD * WAD / denominator;
        return lif < 1.15e18 ? lif : 1.15e18;
    }

    /// @dev Seize-exact liquidation: repaid shares = toSharesUp(wDivUp(mulDivUp(seized, price, 1e36), LIF)); repaid
    /// assets = toAssetsUp(shares), from the market's stored (accrued) totals.
    function _repaidForSeized(Market memory m, uint256 seized, uint256 price, uint256 lltv)
        internal
        pure
        returns (uint256 repaidShares, uint256 repaidAssets)
    {
        uint256 valueUp = _ceilDiv(seized * price, ORACLE_SCALE);
        uint256 repaidUp = _ceilDiv(valueUp * WAD, _lif(lltv));
        repaidShares = _toSharesUp(repaidUp, m.totalBorrowAssets, m.totalBorrowShares);
        repaidAssets = _toAssetsUp(repaidShares, m.totalBorrowAssets, m.totalBorrowShares);
    }

    /// @dev Repay-exact liquidation: seized = mulDivDown(wMulDown(toAssetsDown(shares), LIF), 1e36, price); repaid
    /// assets = toAssetsUp(shares).
    function _seizedForShares(Market memory m, uint256 shares, uint256 price, uint256 lltv)
        internal
        pure
        returns (uint256 seized, uint256 repaidAssets)
    {
        uint256 assetsDown = _toAssetsDown(shares, m.totalBorrowAssets, m.totalBorrowShares);
        seized = assetsDown * _lif(lltv) / WAD * ORACLE_SCALE / price;
        repaidAssets = _toAssetsUp(shares, m.totalBorrowAssets, m.totalBorrowShares);
    }

    /// @dev Morpho's health check: collateral · price / 1e36 · lltv ≥ debt rounded up.
    function _healthy(uint256 collateral, uint256 borrowShares, Market memory m, uint256 price, uint256 lltv)
        internal
        pure
        returns (bool)
    {
        uint256 debt = _toAssetsUp(borrowShares, m.totalBorrowAssets, m.totalBorrowShares);
        return collateral * price / ORACLE_SCALE * lltv / WAD >= debt;
    }
}
