// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {PushFeedBase} from "./PushFeedBase.sol";
import {MockCollateralRatio} from "./mocks/OracleMocks.sol";
import {IMorpho, IMorphoBase, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice The adapter against the real StakedAID and the real Morpho Blue bytecode, fed by real PushFeeds:
/// donation and yield-step manipulation of sAID, a borrow limit that matches one unit of collateral's true value in
/// all three markets (no PAXG-style mispricing), staleness and pause halting Morpho, depeg and loss moving prices.
contract MorphoOracleIntegrationTest is PushFeedBase {
    uint256 internal constant LLTV_SAID = 0.86e18;
    uint256 internal constant LLTV_AID = 0.915e18;

    address internal morphoOwner = makeAddr("morphoOwner");
    address internal guardian = makeAddr("guardian");
    address internal yieldBot = makeAddr("yieldBot");
    address internal supplier = makeAddr("supplier");
    address internal borrower = makeAddr("borrower");
    address internal attacker = makeAddr("attacker");

    IMorpho internal morpho;
    MockStablecoin internal aid;
    MockStablecoin internal usdc;
    StakedAID internal sAid;
    PushFeed internal aidFeed;
    PushFeed internal usdcFeed;
    MockCollateralRatio internal reserve;
    uint256[] internal keys;

    MorphoOracleAdapter internal sAidUsdc;
    MorphoOracleAdapter internal aidUsdc;
    MorphoOracleAdapter internal usdcAid;

    function setUp() public {
        vm.warp(START);
        keys = _keys(1);
        aid = new MockStablecoin("AI Dollar", "AID", 18);
        usdc = new MockStablecoin("USD Coin", "USDC", 6);
        aidFeed = new PushFeed(admin, 8, "AID / USD", 0.5e8, 2e8, _addrs(keys), 1);
        usdcFeed = new PushFeed(admin, 8, "USDC / USD", 0.5e8, 2e8, _addrs(keys), 1);
        _pushBoth(1e8, 1e8);
        reserve = new MockCollateralRatio();

        sAid = new StakedAID(IERC20(address(aid)), "Staked AID", "sAID", admin, 0);
        aid.mint(admin, 1000e18);
        vm.startPrank(admin);
        aid.approve(address(sAid), 1000e18);
        sAid.seed(1000e18);
        sAid.grantRole(sAid.YIELD_ROLE(), yieldBot);
        vm.stopPrank();
        _deposit(borrower, 100_000e18);

        sAidUsdc = _adapter(address(sAid), address(usdc), address(sAid), false);
        aidUsdc = _adapter(address(aid), address(usdc), address(0), false);
        usdcAid = _adapter(address(usdc), address(aid), address(0), true);

        morpho = IMorpho(deployCode("Morpho.sol:Morpho", abi.encode(morphoOwner)));
        vm.startPrank(morphoOwner);
        morpho.enableIrm(address(0));
        morpho.enableLltv(LLTV_SAID);
        morpho.enableLltv(LLTV_AID);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    function _adapter(address collateral, address loan, address vault, bool inverse)
        internal
        returns (MorphoOracleAdapter)
    {
        return new MorphoOracleAdapter(
            IMorphoOracleAdapter.Params({
                admin: admin,
                guardian: guardian,
                collateralToken: collateral,
                loanToken: loan,
                vault: vault,
                inverse: inverse,
                aidUsdFeed: address(aidFeed),
                stableUsdFeed: address(usdcFeed),
                reserve: address(reserve),
                aidUsdMaxAge: 1 hours,
                stableUsdMaxAge: 25 hours,
                maxAprBps: 5000,
                mode: IMorphoOracleAdapter.Mode.MARKET
            })
        );
    }

    function _pushBoth(int256 aid8, int256 usdc8) internal {
        _push(aidFeed, aid8, keys);
        _push(usdcFeed, usdc8, keys);
    }

    function _deposit(address who, uint256 assets) internal returns (uint256 shares) {
        aid.mint(who, assets);
        vm.startPrank(who);
        aid.approve(address(sAid), assets);
        shares = sAid.deposit(assets, who);
        vm.stopPrank();
    }

    function _market(address collateral, address loan, MorphoOracleAdapter oracle, uint256 lltv)
        internal
        returns (MarketParams memory mp)
    {
        mp = MarketParams({
            loanToken: loan, collateralToken: collateral, oracle: address(oracle), irm: address(0), lltv: lltv
        });
        morpho.createMarket(mp);
        MockStablecoin(loan).mint(supplier, 10_000_000 * 10 ** MockStablecoin(loan).decimals());
        vm.startPrank(supplier);
        IERC20(loan).approve(address(morpho), type(uint256).max);
        morpho.supply(mp, 10_000_000 * 10 ** MockStablecoin(loan).decimals(), 0, supplier, "");
        vm.stopPrank();
    }

    function _supplyCollateral(MarketParams memory mp, uint256 amount) internal {
        if (mp.collateralToken != address(sAid)) MockStablecoin(mp.collateralToken).mint(borrower, amount);
        vm.startPrank(borrower);
        IERC20(mp.collateralToken).approve(address(morpho), amount);
        morpho.supplyCollateral(mp, amount, borrower, "");
        vm.stopPrank();
    }

    /// @dev Morpho's own limit: collateral × price / 1e36 × lltv, floored.
    function _maxBorrow(MarketParams memory mp, uint256 collateral) internal view returns (uint256) {
        return collateral * MorphoOracleAdapter(mp.oracle).price() / 1e36 * mp.lltv / 1e18;
    }

    function _borrow(MarketParams memory mp, uint256 assets) internal returns (bool ok, bytes memory ret) {
        vm.prank(borrower);
        (ok, ret) = address(morpho).call(abi.encodeCall(IMorphoBase.borrow, (mp, assets, 0, borrower, borrower)));
    }

    function _assertBorrowLimit(MarketParams memory mp, uint256 expectedMax, string memory label) internal {
        uint256 snap = vm.snapshotState();
        (bool ok, bytes memory ret) = _borrow(mp, expectedMax + 1);
        assertFalse(ok, string.concat(label, ": one unit above the limit is refused"));
        assertEq(
            ret,
            abi.encodeWithSignature("Error(string)", "insufficient collateral"),
            string.concat(label, ": refused for insufficient collateral")
        );
        (ok,) = _borrow(mp, expectedMax);
        assertTrue(ok, string.concat(label, ": the limit itself is allowed"));
        vm.revertToState(snap);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One unit of collateral, real Morpho: the PAXG check end to end
    // ---------------------------------------------------------------------------------------------------------------

    function test_morpho_oneAidBorrowsItsValue() public {
        MarketParams memory mp = _market(address(aid), address(usdc), aidUsdc, LLTV_AID);
        _supplyCollateral(mp, 1e18);
        // 1 AID = 1 USD = 1 USDC → 0.915 USDC = 915_000 units
        _assertBorrowLimit(mp, 915_000, "AID/USDC");
    }

    function test_morpho_oneSAidBorrowsItsValue() public {
        MarketParams memory mp = _market(address(sAid), address(usdc), sAidUsdc, LLTV_SAID);
        _supplyCollateral(mp, 1e18);
        uint256 rate = sAid.convertToAssets(1e18); // ≈ 1 AID per share
        assertEq(_maxBorrow(mp, 1e18), rate * 1e6 / 1e18 * 0.86e18 / 1e18, "limit = rate x 0.86 USDC");
        _assertBorrowLimit(mp, rate * 1e6 / 1e18 * 0.86e18 / 1e18, "sAID/USDC");
    }

    function test_morpho_oneUsdcBorrowsItsValueInAid() public {
        MarketParams memory mp = _market(address(usdc), address(aid), usdcAid, LLTV_AID);
        _supplyCollateral(mp, 1e6);
        _assertBorrowLimit(mp, 0.915e18, "USDC/AID");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sAID rate manipulation
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev Attack: donate AID to the vault to inflate sAID collateral. StakedAID's internal accounting ignores it
    /// and the adapter's cap would clamp it anyway: the borrow limit does not move.
    function test_attack_donationDoesNotMovePrice() public {
        MarketParams memory mp = _market(address(sAid), address(usdc), sAidUsdc, LLTV_SAID);
        _supplyCollateral(mp, 10_000e18);
        uint256 priceBefore = sAidUsdc.price();
        uint256 limitBefore = _maxBorrow(mp, 10_000e18);
        aid.mint(attacker, 1_000_000e18);
        vm.prank(attacker);
        aid.transfer(address(sAid), 1_000_000e18);
        sAidUsdc.poke();
        assertEq(sAidUsdc.price(), priceBefore, "donation ignored");
        _assertBorrowLimit(mp, limitBefore, "after donation");
    }

    /// @dev Attack: a compromised vault admin and yield role push the vault to its extremes (200% APR, 1 h vesting)
    /// and distribute the maximum every hour for a day. The vault's rate outruns the adapter's 50%/year cap; the
    /// price follows the cap, hour by hour.
    function test_attack_yieldStepsClampedByCap() public {
        vm.startPrank(admin);
        sAid.setMaxApr(20_000);
        sAid.setVestingPeriod(1 hours);
        vm.stopPrank();
        aid.mint(yieldBot, 1_000_000e18);
        vm.prank(yieldBot);
        aid.approve(address(sAid), type(uint256).max);

        uint256 expectedCap = sAidUsdc.lastRate();
        for (uint256 h; h < 24; ++h) {
            uint256 amount = sAid.maxYield();
            vm.prank(yieldBot);
            sAid.distributeYield(amount);
            vm.warp(block.timestamp + 1 hours);
            _pushBoth(1e8, 1e8);
            sAidUsdc.poke();
            expectedCap += expectedCap * 5000 * 1 hours / (10_000 * 365 days);
            assertEq(sAidUsdc.lastRate(), expectedCap, "recorded rate = cap, compounding hourly");
        }
        uint256 actual = sAid.convertToAssets(1e18);
        assertGt(actual, expectedCap, "the vault rate outran the cap");
        assertEq(sAidUsdc.price(), expectedCap * 1e6, "price uses the capped rate");
        // ~200%/365 vs ~50%/365 for one day
        assertApproxEqRel(actual - 1e18, (expectedCap - 1e18) * 4, 0.01e18, "cap ~ a quarter of the vault's growth");
    }

    /// @dev An over-sized distribution is refused by the vault itself (defence in depth below the cap).
    function test_attack_oversizedYieldRefusedByVault() public {
        uint256 maxYield = sAid.maxYield();
        aid.mint(yieldBot, maxYield + 1);
        vm.startPrank(yieldBot);
        aid.approve(address(sAid), maxYield + 1);
        vm.expectRevert(abi.encodeWithSelector(IStakedAID.YieldTooHigh.selector, maxYield + 1, maxYield));
        sAid.distributeYield(maxYield + 1);
        vm.stopPrank();
    }

    /// @dev A reported loss lowers the price at once (no cap on the way down), so Morpho can liquidate.
    function test_lossPassesThroughAndEnablesLiquidation() public {
        MarketParams memory mp = _market(address(sAid), address(usdc), sAidUsdc, LLTV_SAID);
        _supplyCollateral(mp, 10_000e18);
        uint256 limit = _maxBorrow(mp, 10_000e18);
        (bool ok,) = _borrow(mp, limit);
        assertTrue(ok, "borrow at the limit");

        address reporter = makeAddr("reporter");
        vm.startPrank(admin);
        sAid.grantRole(sAid.LOSS_REPORTER_ROLE(), reporter);
        vm.stopPrank();
        uint256 assets = sAid.totalAssets();
        vm.prank(reporter);
        sAid.reportLoss(assets / 10);
        assertApproxEqRel(sAidUsdc.price(), 0.9e24, 1e15, "price down ~10% at once");

        address liquidator = makeAddr("liquidator");
        usdc.mint(liquidator, 1_000_000e6);
        vm.startPrank(liquidator);
        usdc.approve(address(morpho), type(uint256).max);
        (uint256 seized,) = morpho.liquidate(mp, borrower, 1000e18, 0, "");
        vm.stopPrank();
        assertEq(seized, 1000e18, "liquidation went through on the lower price");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Halts: staleness and pause
    // ---------------------------------------------------------------------------------------------------------------

    function test_staleFeedHaltsMorpho() public {
        MarketParams memory mp = _market(address(aid), address(usdc), aidUsdc, LLTV_AID);
        _supplyCollateral(mp, 1000e18);
        uint256 t = block.timestamp;
        vm.warp(t + 1 hours + 1);
        (bool ok, bytes memory ret) = _borrow(mp, 1e6);
        assertFalse(ok, "borrow halted");
        assertEq(
            ret,
            abi.encodeWithSelector(IMorphoOracleAdapter.StalePrice.selector, address(aidFeed), t, 1 hours),
            "with the adapter's StalePrice"
        );
        _pushBoth(1e8, 1e8);
        (ok,) = _borrow(mp, 1e6);
        assertTrue(ok, "fresh push resumes the market");
    }

    function test_pauseHaltsMorpho() public {
        MarketParams memory mp = _market(address(aid), address(usdc), aidUsdc, LLTV_AID);
        _supplyCollateral(mp, 1000e18);
        vm.prank(guardian);
        aidUsdc.setPaused(true);
        (bool ok, bytes memory ret) = _borrow(mp, 1e6);
        assertFalse(ok, "borrow halted");
        assertEq(ret, abi.encodeWithSelector(IMorphoOracleAdapter.OraclePaused.selector), "with OraclePaused");
        vm.prank(guardian);
        aidUsdc.setPaused(false);
        (ok,) = _borrow(mp, 1e6);
        assertTrue(ok, "unpaused");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Depeg and modes
    // ---------------------------------------------------------------------------------------------------------------

    /// @dev USDC at 0.95: 1 AID borrows more USDC (1/0.95) and 1 USDC borrows less AID (0.95).
    function test_usdcDepegMovesLimits() public {
        vm.warp(block.timestamp + 1);
        _pushBoth(1e8, 0.95e8);
        MarketParams memory aidMarket = _market(address(aid), address(usdc), aidUsdc, LLTV_AID);
        _supplyCollateral(aidMarket, 1e18);
        _assertBorrowLimit(aidMarket, uint256(1e6) * 1e8 / 0.95e8 * 0.915e18 / 1e18, "AID/USDC depeg");
        MarketParams memory usdcMarket = _market(address(usdc), address(aid), usdcAid, LLTV_AID);
        _supplyCollateral(usdcMarket, 1e6);
        _assertBorrowLimit(usdcMarket, 0.95e18 * 0.915e18 / 1e18, "USDC/AID depeg");
    }

    function test_fundamentalModeIgnoresMarketDip() public {
        vm.warp(block.timestamp + 1);
        _pushBoth(0.8e8, 1e8); // AID trades at 0.80 on the market
        MarketParams memory mp = _market(address(aid), address(usdc), aidUsdc, LLTV_AID);
        _supplyCollateral(mp, 1e18);
        _assertBorrowLimit(mp, 0.8e6 * 0.915e18 / 1e18, "MARKET mode");
        vm.prank(admin);
        aidUsdc.setMode(IMorphoOracleAdapter.Mode.FUNDAMENTAL);
        _assertBorrowLimit(mp, 915_000, "FUNDAMENTAL mode, fully backed");
        reserve.set(0.9e18);
        _assertBorrowLimit(mp, 0.9e6 * 0.915e18 / 1e18, "FUNDAMENTAL mode, 90% backed");
    }

    function test_constructorSampleForRealVault() public view {
        assertEq(sAidUsdc.VAULT_SAMPLE(), 1e18, "sample = 1 sAID");
        assertEq(sAidUsdc.lastRate(), sAid.convertToAssets(1e18), "checkpoint = vault rate at deployment");
        assertEq(address(sAidUsdc.VAULT()), address(sAid), "vault");
    }
}
