// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Deployment code, not deployed: gas-style rules do not apply.
/* solhint-disable gas-small-strings, gas-strict-inequalities */

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IAggregatorV3} from "../../contracts/interfaces/IAggregatorV3.sol";
import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {AdaptiveCurveIrm} from "../../contracts/irm/AdaptiveCurveIrm.sol";
import {FlashLiquidator} from "../../contracts/liquidation/FlashLiquidator.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {InsuranceFund} from "../../contracts/reserve/InsuranceFund.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {YieldDistributor} from "../../contracts/reserve/YieldDistributor.sol";
import {AID} from "../../contracts/tokens/AID.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {DeployConfig, Deployment, MarketInfo} from "./DeployTypes.sol";
import {FeedReports} from "./FeedReports.sol";
import {INonfungiblePositionManagerMinimal, IUniswapV3Pool, UniswapV3Deployer} from "./UniswapV3Deployer.sol";
import {IMorpho, Id, MarketParams} from "@morpho-blue/interfaces/IMorpho.sol";
import {MarketParamsLib} from "@morpho-blue/libraries/MarketParamsLib.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheatsSafe} from "forge-std/StdCheats.sol";

/// @title AidDeployer
/// @notice The whole AID Protocol deployment as small internal steps, one per subsystem. `script/Deploy.s.sol`
/// runs it under `vm.startBroadcast`, and the forge tests (`test/deploy/DeployBase.sol`) run the very same code
/// in-process, so the script and the tests cannot drift.
/// @dev Every step takes the config and the `Deployment` being filled (memory, by reference). Steps never start or
/// stop a broadcast: the caller does. Calls are made by the broadcaster, so `cfg.deployer` must hold the admin role
/// during the deployment (it is `cfg.admin` here).
abstract contract AidDeployer is CommonBase, StdCheatsSafe {
    using FeedReports for IPushFeed;
    using MarketParamsLib for MarketParams;

    uint8 internal constant STABLE_DECIMALS = 6;
    uint8 internal constant USD_FEED_DECIMALS = 8;
    uint8 internal constant RATE_FEED_DECIMALS = 18;
    int256 internal constant ONE_USD = 1e8;
    /// @dev PROTOCOL.md §6: sAID/USDC at 86%, AID/USDC and USDC/AID at 91.5%.
    uint256 internal constant LLTV_SAID_USDC = 0.86e18;
    uint256 internal constant LLTV_AID_USDC = 0.915e18;
    /// @dev PROTOCOL.md §7 fee tiers (hundredths of a bip).
    uint24 internal constant FEE_AID_USDC = 100;
    uint24 internal constant FEE_SAID_AID = 500;
    uint24 internal constant FEE_SAID_USDC = 100;
    /// @dev Growth cap of the sAID rate in the sAID/USDC oracle: twice the vault's default max APR (5000 bps), so a
    /// legitimate vesting schedule never hits it while a donation or an oversized step still cannot lift the price.
    uint32 internal constant ORACLE_MAX_APR_BPS = 10_000;
    /// @dev Deadline of the position mints, after the simulation's timestamp (the broadcast lands later).
    uint256 internal constant MINT_DEADLINE = 1 hours;
    /// @dev Admin-transfer delay of the flash liquidator (the other contracts fix theirs at 1 day).
    uint48 internal constant LIQUIDATOR_ADMIN_DELAY = 1 days;

    error InvalidConfig(string reason);

    /// @notice Deploys and wires everything; returns every address.
    function _deployAll(DeployConfig memory cfg) internal returns (Deployment memory d) {
        if (cfg.deployer != cfg.admin) revert InvalidConfig("deployer must be the admin while deploying");
        d.chainId = block.chainid;
        d.startBlock = block.number;
        _deployStables(cfg, d);
        _deployFeeds(cfg, d);
        _deployCore(cfg, d);
        _wireCore(cfg, d);
        _seedVault(cfg, d);
        _deployLending(cfg, d);
        _deployDex(cfg, d);
        _deployLiquidator(cfg, d);
    }

    // ------------------------------------------------------------------------------------------------- stables

    /// @notice Uses the configured USDC/USDT, or deploys 6-decimal mocks where none is configured.
    function _deployStables(DeployConfig memory cfg, Deployment memory d) internal {
        d.usdc = cfg.usdc != address(0) ? cfg.usdc : address(new MockStablecoin("USD Coin", "USDC", STABLE_DECIMALS));
        d.usdt = cfg.usdt != address(0) ? cfg.usdt : address(new MockStablecoin("Tether USD", "USDT", STABLE_DECIMALS));
    }

    // --------------------------------------------------------------------------------------------------- feeds

    /// @notice The five push feeds, 1-of-1 with `cfg.oracleSigner`, each with an initial round.
    function _deployFeeds(DeployConfig memory cfg, Deployment memory d) internal {
        d.feedUsdcUsd = _deployFeed(cfg, USD_FEED_DECIMALS, "USDC / USD", 0.5e8, 2e8, ONE_USD);
        d.feedUsdtUsd = _deployFeed(cfg, USD_FEED_DECIMALS, "USDT / USD", 0.5e8, 2e8, ONE_USD);
        d.feedAidUsd = _deployFeed(cfg, USD_FEED_DECIMALS, "AID / USD", 0.5e8, 2e8, ONE_USD);
        d.feedGpuNav = _deployFeed(cfg, USD_FEED_DECIMALS, "GPU-NAV / USD", 100e8, 1_000_000e8, cfg.gpuNavAnswer);
        // sAID's exchange rate is exactly 1 AID right after the dead-share seed (no yield has accrued yet).
        d.feedSAidAid = _deployFeed(cfg, RATE_FEED_DECIMALS, "sAID / AID", 0.5e18, 100e18, 1e18);
    }

    function _deployFeed(
        DeployConfig memory cfg,
        uint8 decimals,
        string memory description,
        int256 minAnswer,
        int256 maxAnswer,
        int256 initialAnswer
    ) internal returns (address feed) {
        address[] memory signers = new address[](1);
        signers[0] = cfg.oracleSigner;
        feed = address(new PushFeed(cfg.admin, decimals, description, minAnswer, maxAnswer, signers, 1));
        IPushFeed(feed).push(cfg.oracleSignerKey, initialAnswer);
    }

    // ---------------------------------------------------------------------------------------------------- core

    /// @notice AID, Reserve, DealBook, StakedAID, InsuranceFund, YieldDistributor.
    function _deployCore(DeployConfig memory cfg, Deployment memory d) internal {
        d.aid = address(new AID(cfg.admin));
        d.reserve = address(
            new Reserve(
                cfg.admin, d.aid, cfg.treasury, cfg.maxMintPerBlock, cfg.maxMintPerDay, cfg.maxInstantRedeemPerDay
            )
        );
        d.dealBook = address(new DealBook(cfg.admin, IAggregatorV3(d.feedGpuNav), cfg.maxFeedAge));
        // Decimals offset 0: sAID has AID's 18 decimals; the dead shares defeat the inflation attack.
        d.sAid = address(new StakedAID(IERC20(d.aid), "Staked AID", "sAID", cfg.admin, 0));
        d.insuranceFund = address(new InsuranceFund(cfg.admin, IERC20(d.aid)));
        d.yieldDistributor = address(new YieldDistributor(cfg.admin, IERC20(d.aid), IStakedAID(d.sAid)));
    }

    /// @notice Every role and module link between the core contracts.
    function _wireCore(DeployConfig memory cfg, Deployment memory d) internal {
        AID aid = AID(d.aid);
        Reserve reserve = Reserve(d.reserve);
        DealBook book = DealBook(d.dealBook);
        StakedAID vault = StakedAID(d.sAid);

        aid.grantRole(aid.MINTER_ROLE(), d.reserve);
        vault.grantRole(vault.YIELD_ROLE(), d.yieldDistributor);
        vault.grantRole(vault.LOSS_REPORTER_ROLE(), d.reserve);
        book.grantRole(book.RESERVE_ROLE(), d.reserve);
        InsuranceFund(d.insuranceFund).grantRole(InsuranceFund(d.insuranceFund).RESERVE_ROLE(), d.reserve);

        reserve.setDealBook(d.dealBook);
        reserve.setInsurance(d.insuranceFund, cfg.insuranceCutBps);
        reserve.setYieldDistributor(d.yieldDistributor);
        reserve.setStakedAid(d.sAid);
        reserve.configureStable(d.usdc, true, d.feedUsdcUsd, cfg.maxFeedAge);
        reserve.configureStable(d.usdt, true, d.feedUsdtUsd, cfg.maxFeedAge);

        // Operational roles (one operator on a devnet).
        book.grantRole(book.ORIGINATOR_ROLE(), cfg.operator);
        book.grantRole(book.NAV_REPORTER_ROLE(), cfg.operator);
        book.grantRole(book.SERVICER_ROLE(), cfg.operator);
        reserve.grantRole(reserve.ALLOCATOR_ROLE(), cfg.operator);
        reserve.grantRole(reserve.SERVICER_ROLE(), cfg.operator);
        reserve.grantRole(reserve.GUARDIAN_ROLE(), cfg.operator);
        YieldDistributor(d.yieldDistributor).grantRole(YieldDistributor(d.yieldDistributor).KEEPER_ROLE(), cfg.operator);
    }

    /// @notice Mints the dead-share AID through the Reserve (USDC in) and seeds sAID with it.
    function _seedVault(DeployConfig memory cfg, Deployment memory d) internal {
        _mintAid(cfg, d, cfg.deadShareAssets);
        IERC20(d.aid).approve(d.sAid, cfg.deadShareAssets);
        StakedAID(d.sAid).seed(cfg.deadShareAssets);
    }

    // ------------------------------------------------------------------------------------------------- lending

    /// @notice Morpho Blue (the real bytecode, owner = admin), the adaptive-curve IRM, the oracle adapters and the
    /// three markets.
    function _deployLending(DeployConfig memory cfg, Deployment memory d) internal {
        d.morpho = deployCode("Morpho.sol:Morpho", abi.encode(cfg.admin));
        d.irm = address(new AdaptiveCurveIrm(d.morpho));
        _deployMorphoOracles(cfg, d);

        IMorpho morpho = IMorpho(d.morpho);
        morpho.enableIrm(d.irm);
        morpho.enableLltv(LLTV_SAID_USDC);
        morpho.enableLltv(LLTV_AID_USDC);
        d.marketSAidUsdc = _createMarket(morpho, d.usdc, d.sAid, d.oracleSAidUsdc, d.irm, LLTV_SAID_USDC);
        d.marketAidUsdc = _createMarket(morpho, d.usdc, d.aid, d.oracleAidUsdc, d.irm, LLTV_AID_USDC);
        d.marketUsdcAid = _createMarket(morpho, d.aid, d.usdc, d.oracleUsdcAid, d.irm, LLTV_AID_USDC);
    }

    /// @notice Morpho `IOracle` adapters over the push feeds (collateral priced in loan token, 1e36-scaled), in
    /// MARKET mode (AID/USD from its push feed), guardian = operator.
    function _deployMorphoOracles(DeployConfig memory cfg, Deployment memory d) internal {
        IMorphoOracleAdapter.Params memory p = IMorphoOracleAdapter.Params({
            admin: cfg.admin,
            guardian: cfg.operator,
            collateralToken: d.sAid,
            loanToken: d.usdc,
            vault: d.sAid,
            inverse: false,
            aidUsdFeed: d.feedAidUsd,
            stableUsdFeed: d.feedUsdcUsd,
            reserve: d.reserve,
            aidUsdMaxAge: cfg.maxFeedAge,
            stableUsdMaxAge: cfg.maxFeedAge,
            maxAprBps: ORACLE_MAX_APR_BPS,
            mode: IMorphoOracleAdapter.Mode.MARKET
        });
        d.oracleSAidUsdc = address(new MorphoOracleAdapter(p));
        p.collateralToken = d.aid;
        p.vault = address(0);
        d.oracleAidUsdc = address(new MorphoOracleAdapter(p));
        p.collateralToken = d.usdc;
        p.loanToken = d.aid;
        p.inverse = true;
        d.oracleUsdcAid = address(new MorphoOracleAdapter(p));
    }

    function _createMarket(IMorpho morpho, address loan, address collateral, address oracle, address irm, uint256 lltv)
        internal
        returns (MarketInfo memory m)
    {
        MarketParams memory params =
            MarketParams({loanToken: loan, collateralToken: collateral, oracle: oracle, irm: irm, lltv: lltv});
        morpho.createMarket(params);
        m = MarketInfo({
            id: Id.unwrap(params.id()),
            loanToken: loan,
            collateralToken: collateral,
            oracle: oracle,
            irm: irm,
            lltv: lltv
        });
    }

    // ----------------------------------------------------------------------------------------------------- DEX

    /// @notice Uniswap v3 from the official artifacts, and the three pools seeded around the fair price with the
    /// deployer's liquidity (AID minted through the Reserve, sAID staked from it). Position NFTs go to the treasury.
    function _deployDex(DeployConfig memory cfg, Deployment memory d) internal {
        UniswapV3Deployer.UniswapV3 memory uni = UniswapV3Deployer.deploy(address(0));
        d.uniswapV3Factory = address(uni.factory);
        d.swapRouter = address(uni.router);
        d.quoterV2 = address(uni.quoter);
        d.positionManager = address(uni.positionManager);
        d.weth9 = uni.weth9;

        uint256 depth = cfg.poolDepthUsd;
        // AID: 2·depth for AID/USDC, depth for sAID/AID, 2·depth staked into sAID for the two sAID pools.
        _mintAid(cfg, d, 5 * depth);
        IERC20(d.aid).approve(d.sAid, 2 * depth);
        uint256 sAidShares = StakedAID(d.sAid).deposit(2 * depth, cfg.deployer);
        uint256 rate = StakedAID(d.sAid).convertToAssets(1e18);
        _fundStable(cfg, d.usdc, 3 * depth / 1e12);

        d.poolAidUsdc = _seedPool(uni, _spec(d.aid, d.usdc, FEE_AID_USDC, 1e18, 2 * depth, 2 * depth / 1e12, 50), cfg);
        d.poolSAidAid = _seedPool(uni, _spec(d.sAid, d.aid, FEE_SAID_AID, rate, sAidShares / 2, depth, 200), cfg);
        d.poolSAidUsdc =
            _seedPool(uni, _spec(d.sAid, d.usdc, FEE_SAID_USDC, rate, sAidShares / 2, depth / 1e12, 100), cfg);
    }

    /// @dev A pool of `base`/`quote` at `priceWad` whole quote per whole base, ±`halfWidthTicks` around it.
    function _spec(
        address base,
        address quote,
        uint24 fee,
        uint256 priceWad,
        uint256 amountBase,
        uint256 amountQuote,
        int24 halfWidthTicks
    ) internal pure returns (UniswapV3Deployer.PoolSpec memory spec) {
        spec.base = base;
        spec.quote = quote;
        spec.fee = fee;
        spec.priceWad = priceWad;
        spec.amountBase = amountBase;
        spec.amountQuote = amountQuote;
        spec.halfWidthTicks = halfWidthTicks;
    }

    /// @dev Creates the pool at the fair price and mints the position (NFT to the treasury).
    /// `UniswapV3Deployer.addLiquidity` is not used: its deadline is `block.timestamp`, which a broadcast transaction
    /// mined after the script's simulation always misses ("Transaction too old").
    function _seedPool(
        UniswapV3Deployer.UniswapV3 memory uni,
        UniswapV3Deployer.PoolSpec memory spec,
        DeployConfig memory cfg
    ) internal returns (address) {
        IUniswapV3Pool pool = UniswapV3Deployer.createPool(uni, spec.base, spec.quote, spec.fee, spec.priceWad);
        INonfungiblePositionManagerMinimal.MintParams memory params;
        params.token0 = pool.token0();
        params.token1 = pool.token1();
        params.fee = spec.fee;
        (params.tickLower, params.tickUpper) = UniswapV3Deployer.rangeAround(pool, spec.halfWidthTicks);
        (params.amount0Desired, params.amount1Desired) =
            params.token0 == spec.base ? (spec.amountBase, spec.amountQuote) : (spec.amountQuote, spec.amountBase);
        params.recipient = cfg.treasury;
        params.deadline = block.timestamp + MINT_DEADLINE;
        IERC20(params.token0).approve(address(uni.positionManager), params.amount0Desired);
        IERC20(params.token1).approve(address(uni.positionManager), params.amount1Desired);
        uni.positionManager.mint(params);
        // The tick-aligned range uses less than desired of one side: leave no allowance behind.
        IERC20(params.token0).approve(address(uni.positionManager), 0);
        IERC20(params.token1).approve(address(uni.positionManager), 0);
        return address(pool);
    }

    // --------------------------------------------------------------------------------------------- liquidation

    /// @notice The flash liquidator over Morpho and the SwapRouter; KEEPER = operator.
    function _deployLiquidator(DeployConfig memory cfg, Deployment memory d) internal {
        FlashLiquidator liquidator = new FlashLiquidator(LIQUIDATOR_ADMIN_DELAY, cfg.admin, d.morpho, d.swapRouter);
        liquidator.grantRole(liquidator.KEEPER_ROLE(), cfg.operator);
        d.flashLiquidator = address(liquidator);
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /// @notice Mints `aidAmount` AID (18 decimals, a multiple of 1e12) to the deployer through the Reserve, paying
    /// USDC. On a chain with mock stablecoins the USDC is minted first; otherwise the deployer must hold it.
    function _mintAid(DeployConfig memory cfg, Deployment memory d, uint256 aidAmount) internal {
        uint256 usdcAmount = aidAmount / 1e12;
        _fundStable(cfg, d.usdc, usdcAmount);
        IERC20(d.usdc).approve(d.reserve, usdcAmount);
        Reserve(d.reserve).mint(d.usdc, usdcAmount, aidAmount, cfg.deployer);
    }

    /// @notice Makes sure the deployer holds `amount` of `stable`: mints the shortfall when `stable` is one of our
    /// mocks (it is whenever no address was configured).
    function _fundStable(DeployConfig memory cfg, address stable, uint256 amount) internal {
        uint256 balance = IERC20(stable).balanceOf(cfg.deployer);
        if (balance >= amount) return;
        // A configured (real) stablecoin cannot be minted: the deployer must bring it.
        if (stable == cfg.usdc || stable == cfg.usdt) revert InvalidConfig("deployer lacks the configured stable");
        MockStablecoin(stable).mint(cfg.deployer, amount - balance);
    }
}
