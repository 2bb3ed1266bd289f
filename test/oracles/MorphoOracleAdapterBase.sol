// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {MockCollateralRatio, MockRateVault} from "./mocks/OracleMocks.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Fixture: AID (18), USDC (6), a settable sAID-like vault (18 over AID), 8-decimal AID/USD and USDC/USD
/// feeds, a settable collateral ratio, and the three adapters sAID/USDC, AID/USDC and USDC/AID.
abstract contract MorphoOracleAdapterBase is Test {
    uint256 internal constant START = 1_800_000_000;
    uint32 internal constant AID_MAX_AGE = 1 hours;
    uint32 internal constant USDC_MAX_AGE = 25 hours;
    uint32 internal constant MAX_APR = 5000;

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal stranger = makeAddr("stranger");

    MockStablecoin internal aid;
    MockStablecoin internal usdc;
    MockRateVault internal vault;
    MockFeed internal aidFeed;
    MockFeed internal usdcFeed;
    MockCollateralRatio internal reserve;

    MorphoOracleAdapter internal sAidUsdc;
    MorphoOracleAdapter internal aidUsdc;
    MorphoOracleAdapter internal usdcAid;

    function setUp() public virtual {
        vm.warp(START);
        aid = new MockStablecoin("AI Dollar", "AID", 18);
        usdc = new MockStablecoin("USD Coin", "USDC", 6);
        vault = new MockRateVault(address(aid), 18, 18, 1.05e18);
        aidFeed = new MockFeed(8, 1e8);
        usdcFeed = new MockFeed(8, 1e8);
        reserve = new MockCollateralRatio();
        sAidUsdc = new MorphoOracleAdapter(_params(address(vault), address(usdc), address(vault), false));
        aidUsdc = new MorphoOracleAdapter(_params(address(aid), address(usdc), address(0), false));
        usdcAid = new MorphoOracleAdapter(_params(address(usdc), address(aid), address(0), true));
    }

    function _params(address collateral, address loan, address vault_, bool inverse)
        internal
        view
        returns (IMorphoOracleAdapter.Params memory)
    {
        return _paramsWith(collateral, loan, vault_, inverse, address(aidFeed), address(usdcFeed));
    }

    function _paramsWith(
        address collateral,
        address loan,
        address vault_,
        bool inverse,
        address aidFeed_,
        address usdcFeed_
    ) internal view returns (IMorphoOracleAdapter.Params memory) {
        return IMorphoOracleAdapter.Params({
            admin: admin,
            guardian: guardian,
            collateralToken: collateral,
            loanToken: loan,
            vault: vault_,
            inverse: inverse,
            aidUsdFeed: aidFeed_,
            stableUsdFeed: usdcFeed_,
            reserve: address(reserve),
            aidUsdMaxAge: AID_MAX_AGE,
            stableUsdMaxAge: USDC_MAX_AGE,
            maxAprBps: MAX_APR,
            mode: IMorphoOracleAdapter.Mode.MARKET
        });
    }

    /// @dev Refreshes both feeds at the current time.
    function _setPrices(int256 aid8, int256 usdc8) internal {
        aidFeed.set(aid8, block.timestamp);
        usdcFeed.set(usdc8, block.timestamp);
    }
}
