// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Deployment code, not deployed: gas-style rules do not apply.
/* solhint-disable gas-small-strings, gas-strict-inequalities */

import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {IYieldDistributor} from "../../contracts/interfaces/IYieldDistributor.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {Deployment, MarketInfo} from "./DeployTypes.sol";
import {FeedReports} from "./FeedReports.sol";
import {IMorpho, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";

/// @title AidSeeder
/// @notice Puts a fresh deployment into a "live protocol" demo state. Used by `script/Seed.s.sol` and by the forge
/// tests, so both exercise the same steps.
///
/// Actors are ANVIL'S PUBLIC TEST ACCOUNTS (mnemonic "test test test test test test test test test test test junk"),
/// devnet only:
/// - #0 `0xf39F…2266` deployer: admin, originator, NAV reporter, servicer, allocator, keeper (the operator);
/// - #1 `0x7099…79C8` oracle signer of every push feed;
/// - #2 `0x3C44…93BC` lender: supplies USDC to the sAID/USDC and AID/USDC markets;
/// - #3 `0x90F7…b906` staker: mints AID, stakes it into sAID, posts sAID collateral and borrows USDC;
/// - #4 `0x15d3…6A65` AID borrower: mints AID, posts it as collateral and borrows USDC;
/// - #5 `0x9965…A4dc` AID lender: mints AID with USDC and USDT and supplies it to the USDC/AID market;
/// - #6 `0x976E…0aa9` AID borrower on USDC: posts USDC collateral and borrows AID;
/// - #7 `0x14dC…9955` payout wallet of the deals' borrowers (receives the funded principal).
///
/// What it leaves: three deals (two funded and marked at NAV, one proposed), a repayment with income recorded and
/// the net yield distributed into sAID (vesting), open positions on the three Morpho markets, fresh feed rounds.
abstract contract AidSeeder is CommonBase {
    using FeedReports for IPushFeed;

    struct Actors {
        uint256 operatorKey;
        uint256 oracleKey;
        uint256 lenderKey;
        uint256 stakerKey;
        uint256 aidBorrowerKey;
        uint256 aidLenderKey;
        uint256 usdcCollateralKey;
        address payoutWallet;
    }

    /// @notice anvil's public test accounts in the roles listed above.
    function _anvilActors() internal pure returns (Actors memory a) {
        a.operatorKey = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;
        a.oracleKey = 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d;
        a.lenderKey = 0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a;
        a.stakerKey = 0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6;
        a.aidBorrowerKey = 0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a;
        a.aidLenderKey = 0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba;
        a.usdcCollateralKey = 0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e;
        a.payoutWallet = 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955;
    }

    /// @notice Runs every seeding step. The stablecoins must be the deployment's mocks (anyone can mint them).
    function _seedDemo(Actors memory a, Deployment memory d) internal {
        _refreshFeeds(a, d);
        _seedUsers(a, d);
        uint256 gpuDeal = _seedDeals(a, d);
        _seedRepayment(a, d, gpuDeal);
        _seedMarkets(a, d);
    }

    /// @notice A fresh round on every feed (the Reserve and the Morpho adapters reject stale prices).
    function _refreshFeeds(Actors memory a, Deployment memory d) internal {
        vm.startBroadcast(a.oracleKey);
        IPushFeed(d.feedUsdcUsd).refresh(a.oracleKey, 1e8);
        IPushFeed(d.feedUsdtUsd).refresh(a.oracleKey, 1e8);
        IPushFeed(d.feedAidUsd).refresh(a.oracleKey, 1e8);
        IPushFeed(d.feedGpuNav).refresh(a.oracleKey, IPushFeed(d.feedGpuNav).latestAnswer());
        // forge-lint: disable-next-line(unsafe-typecast)
        IPushFeed(d.feedSAidAid).refresh(a.oracleKey, int256(IStakedAID(d.sAid).convertToAssets(1e18)));
        vm.stopBroadcast();
    }

    /// @notice Users mint AID through the Reserve (USDC and USDT) and the staker stakes into sAID.
    function _seedUsers(Actors memory a, Deployment memory d) internal {
        _mintAid(a.stakerKey, d, d.usdc, 200_000e6);
        _mintAid(a.aidBorrowerKey, d, d.usdc, 100_000e6);
        _mintAid(a.aidLenderKey, d, d.usdc, 50_000e6);
        _mintAid(a.aidLenderKey, d, d.usdt, 50_000e6);

        vm.startBroadcast(a.stakerKey);
        IERC20(d.aid).approve(d.sAid, 150_000e18);
        IStakedAID(d.sAid).deposit(150_000e18, vm.addr(a.stakerKey));
        vm.stopBroadcast();
    }

    /// @notice Three deals: a GPU cluster and a robotics fleet funded and marked at NAV, a second GPU deal proposed.
    /// Returns the id of the funded GPU deal.
    function _seedDeals(Actors memory a, Deployment memory d) internal returns (uint256 gpuDeal) {
        IDealBook book = IDealBook(d.dealBook);
        IReserve reserve = IReserve(d.reserve);
        vm.startBroadcast(a.operatorKey);
        // 32 H100-equivalents marked from the GPU-NAV feed; 70% advance, 12% fixed APR, 1 year.
        IDealBook.DealTerms memory terms = _terms("gpu-cloud-1", IDealBook.AssetClass.GPU, "H100-SXM5", a.payoutWallet);
        terms.hardwareCount = 32;
        terms.navUnits = 32e18;
        terms.collateralValue = 800_000e18;
        gpuDeal = book.propose(terms);
        // 120 warehouse robots, 60% advance, 20% revenue share, 2 years, marked by the NAV reporter.
        terms = _terms("robotics-fleet-1", IDealBook.AssetClass.ROBOTICS, "AMR-600", a.payoutWallet);
        terms.hardwareCount = 120;
        terms.collateralValue = 400_000e18;
        terms.advanceRateBps = 6000;
        terms.maxLtvBps = 7500;
        terms.structure = IDealBook.Structure.REVENUE_SHARE;
        terms.rateBps = 2000;
        terms.tenor = 730 days;
        uint256 roboticsDeal = book.propose(terms);
        // 64 B200 (96 H100-equivalents), proposed, waiting for funding.
        terms = _terms("neocloud-2", IDealBook.AssetClass.GPU, "B200", a.payoutWallet);
        terms.hardwareCount = 64;
        terms.navUnits = 96e18;
        terms.collateralValue = 2_400_000e18;
        terms.rateBps = 1100;
        terms.tenor = 3 * 365 days;
        book.propose(terms);
        reserve.fundDeal(gpuDeal, d.usdc, 250_000e6);
        reserve.fundDeal(roboticsDeal, d.usdc, 80_000e6);
        book.markNavFromFeed(gpuDeal);
        book.markNav(roboticsDeal, 380_000e18);
        vm.stopBroadcast();
    }

    /// @notice The GPU deal repays 50,000 USDC of principal plus 10,000 USDC of income; the net income is
    /// distributed into sAID (it starts vesting).
    function _seedRepayment(Actors memory a, Deployment memory d, uint256 dealId) internal {
        address operator = vm.addr(a.operatorKey);
        vm.startBroadcast(a.operatorKey);
        MockStablecoin(d.usdc).mint(operator, 60_000e6);
        IERC20(d.usdc).approve(d.reserve, 60_000e6);
        IReserve(d.reserve).recordRepayment(dealId, d.usdc, 50_000e6, 10_000e6);
        IYieldDistributor(d.yieldDistributor).distribute();
        vm.stopBroadcast();
    }

    /// @notice Liquidity and borrows on the three Morpho markets.
    function _seedMarkets(Actors memory a, Deployment memory d) internal {
        IMorpho morpho = IMorpho(d.morpho);
        MarketParams memory sAidUsdc = _params(d.marketSAidUsdc);
        MarketParams memory aidUsdc = _params(d.marketAidUsdc);
        MarketParams memory usdcAid = _params(d.marketUsdcAid);

        // Lender: 1.5M USDC of liquidity.
        address lender = vm.addr(a.lenderKey);
        vm.startBroadcast(a.lenderKey);
        MockStablecoin(d.usdc).mint(lender, 1_500_000e6);
        IERC20(d.usdc).approve(d.morpho, 1_500_000e6);
        morpho.supply(sAidUsdc, 1_000_000e6, 0, lender, "");
        morpho.supply(aidUsdc, 500_000e6, 0, lender, "");
        vm.stopBroadcast();

        // Staker: 100k sAID collateral, 60k USDC borrowed (LTV ≈ 60% < 86%).
        _supplyCollateralAndBorrow(a.stakerKey, morpho, sAidUsdc, d.sAid, 100_000e18, 60_000e6);
        // AID borrower: 100k AID collateral, 50k USDC borrowed.
        _supplyCollateralAndBorrow(a.aidBorrowerKey, morpho, aidUsdc, d.aid, 100_000e18, 50_000e6);

        // AID lender: 100k AID of liquidity on USDC/AID.
        address aidLender = vm.addr(a.aidLenderKey);
        vm.startBroadcast(a.aidLenderKey);
        IERC20(d.aid).approve(d.morpho, 100_000e18);
        morpho.supply(usdcAid, 100_000e18, 0, aidLender, "");
        vm.stopBroadcast();

        // USDC-collateral borrower: 100k USDC collateral, 50k AID borrowed.
        address usdcHolder = vm.addr(a.usdcCollateralKey);
        vm.startBroadcast(a.usdcCollateralKey);
        MockStablecoin(d.usdc).mint(usdcHolder, 100_000e6);
        vm.stopBroadcast();
        _supplyCollateralAndBorrow(a.usdcCollateralKey, morpho, usdcAid, d.usdc, 100_000e6, 50_000e18);
    }

    // ----------------------------------------------------------------------------------------------- helpers

    function _mintAid(uint256 key, Deployment memory d, address stable, uint256 amount) internal {
        address user = vm.addr(key);
        vm.startBroadcast(key);
        MockStablecoin(stable).mint(user, amount);
        IERC20(stable).approve(d.reserve, amount);
        IReserve(d.reserve).mint(stable, amount, 0, user);
        vm.stopBroadcast();
    }

    function _supplyCollateralAndBorrow(
        uint256 key,
        IMorpho morpho,
        MarketParams memory params,
        address collateral,
        uint256 collateralAmount,
        uint256 borrowAmount
    ) internal {
        address user = vm.addr(key);
        vm.startBroadcast(key);
        IERC20(collateral).approve(address(morpho), collateralAmount);
        morpho.supplyCollateral(params, collateralAmount, user, "");
        morpho.borrow(params, borrowAmount, 0, user, user);
        vm.stopBroadcast();
    }

    function _params(MarketInfo memory m) internal pure returns (MarketParams memory) {
        return MarketParams({
            loanToken: m.loanToken, collateralToken: m.collateralToken, oracle: m.oracle, irm: m.irm, lltv: m.lltv
        });
    }

    /// @dev Defaults: 70% advance, 85% max LTV, 12% fixed APR, 1 year; the caller adjusts the rest.
    function _terms(bytes32 borrowerId, IDealBook.AssetClass assetClass, bytes32 model, address payoutWallet)
        internal
        pure
        returns (IDealBook.DealTerms memory t)
    {
        t.borrowerId = borrowerId;
        t.assetClass = assetClass;
        t.hardwareModel = model;
        t.locationHash = keccak256(abi.encodePacked(borrowerId, "datacenter"));
        t.advanceRateBps = 7000;
        t.maxLtvBps = 8500;
        t.structure = IDealBook.Structure.FIXED_RATE;
        t.rateBps = 1200;
        t.tenor = 365 days;
        t.payoutWallet = payoutWallet;
    }
}
