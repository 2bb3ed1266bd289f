// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AdaptiveCurveIrm} from "../../contracts/irm/AdaptiveCurveIrm.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoReference} from "../utils/MorphoReference.sol";
import {IMorpho, Id, Market, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";
import {OracleMock} from "@morpho-blue/mocks/OracleMock.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared fixture: the real Morpho Blue (compiled from npm), our AdaptiveCurveIrm, a 6-decimal loan token
/// ("USDC"), an 18-decimal collateral token and a settable OracleMock, with one market at LLTV 86%.
/// Reference maths used by assertions comes from `MorphoReference` (independent of Morpho's libraries).
abstract contract MorphoTestBase is Test, MorphoReference {
    using MarketParamsLib for MarketParams;

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

    /// @dev Whether the borrower is healthy at the current price, from Morpho's stored (accrued) state.
    function _isHealthy(address who) internal view returns (bool) {
        Position memory p = _position(who);
        return _healthy(p.collateral, p.borrowShares, _market(), oracle.price(), LLTV);
    }
}
