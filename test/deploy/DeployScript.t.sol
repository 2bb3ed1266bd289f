// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {FlashLiquidator} from "../../contracts/liquidation/FlashLiquidator.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {InsuranceFund} from "../../contracts/reserve/InsuranceFund.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {YieldDistributor} from "../../contracts/reserve/YieldDistributor.sol";
import {AID} from "../../contracts/tokens/AID.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {Seed} from "../../script/Seed.s.sol";
import {AidSeeder} from "../../script/lib/AidSeeder.sol";
import {DeployConfigLib} from "../../script/lib/DeployConfigLib.sol";
import {DeployConfig, Deployment, MarketInfo} from "../../script/lib/DeployTypes.sol";
import {DeploymentJson} from "../../script/lib/DeploymentJson.sol";
import {IUniswapV3Factory, IUniswapV3Pool, UniswapV3Deployer} from "../../script/lib/UniswapV3Deployer.sol";
import {DeployBase} from "./DeployBase.sol";
import {IMorpho, Id, MarketParams, Position} from "@morpho-blue/interfaces/IMorpho.sol";
import {IOracle} from "@morpho-blue/interfaces/IOracle.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @notice Runs the deployment library in-process (the code `script/Deploy.s.sol` broadcasts) and checks the wiring:
/// roles, module links, parameters, markets, pools, the deployment file round trip, and the demo seed.
contract DeployScriptTest is DeployBase, AidSeeder {
    bytes32 internal constant ADMIN = 0x00;

    // ------------------------------------------------------------------------------------------------ tokens

    function test_stables_areSixDecimalMocks() public view {
        assertEq(IERC20Metadata(d.usdc).symbol(), "USDC", "USDC symbol");
        assertEq(IERC20Metadata(d.usdc).decimals(), 6, "USDC decimals");
        assertEq(IERC20Metadata(d.usdt).symbol(), "USDT", "USDT symbol");
        assertEq(IERC20Metadata(d.usdt).decimals(), 6, "USDT decimals");
    }

    function test_stables_configuredAddressesAreReused() public {
        address usdc = makeAddr("usdc");
        address usdt = makeAddr("usdt");
        cfg.usdc = usdc;
        cfg.usdt = usdt;
        Deployment memory fresh;
        vm.startBroadcast(cfg.deployerKey);
        _deployStables(cfg, fresh);
        vm.stopBroadcast();
        assertEq(fresh.usdc, usdc, "configured USDC reused");
        assertEq(fresh.usdt, usdt, "configured USDT reused");
    }

    function test_aidAndSAid_metadata() public view {
        assertEq(IERC20Metadata(d.aid).symbol(), "AID", "AID symbol");
        assertEq(IERC20Metadata(d.aid).decimals(), 18, "AID decimals");
        assertEq(IERC20Metadata(d.sAid).symbol(), "sAID", "sAID symbol");
        assertEq(IERC20Metadata(d.sAid).decimals(), 18, "sAID decimals");
        assertEq(StakedAID(d.sAid).asset(), d.aid, "sAID asset is AID");
    }

    // ------------------------------------------------------------------------------------------------- roles

    function test_admin_isTheConfiguredAdminEverywhere() public view {
        address[8] memory managed =
            [d.aid, d.reserve, d.dealBook, d.sAid, d.insuranceFund, d.yieldDistributor, d.feedUsdcUsd, d.feedGpuNav];
        for (uint256 i; i < managed.length; ++i) {
            assertTrue(IAccessControl(managed[i]).hasRole(ADMIN, cfg.admin), "admin holds DEFAULT_ADMIN_ROLE");
        }
        assertEq(IMorpho(d.morpho).owner(), cfg.admin, "Morpho owner");
    }

    function test_roles_moduleRoles() public view {
        assertTrue(AID(d.aid).hasRole(AID(d.aid).MINTER_ROLE(), d.reserve), "Reserve mints AID");
        assertTrue(StakedAID(d.sAid).hasRole(StakedAID(d.sAid).YIELD_ROLE(), d.yieldDistributor), "distributor YIELD");
        assertTrue(StakedAID(d.sAid).hasRole(StakedAID(d.sAid).LOSS_REPORTER_ROLE(), d.reserve), "Reserve LOSS");
        assertTrue(DealBook(d.dealBook).hasRole(DealBook(d.dealBook).RESERVE_ROLE(), d.reserve), "book RESERVE");
        assertTrue(
            InsuranceFund(d.insuranceFund).hasRole(InsuranceFund(d.insuranceFund).RESERVE_ROLE(), d.reserve),
            "insurance RESERVE"
        );
    }

    function test_roles_nobodyElseHoldsModuleRoles() public view {
        assertFalse(AID(d.aid).hasRole(AID(d.aid).MINTER_ROLE(), cfg.deployer), "deployer cannot mint AID");
        assertFalse(StakedAID(d.sAid).hasRole(StakedAID(d.sAid).YIELD_ROLE(), cfg.deployer), "deployer not YIELD");
        assertFalse(
            StakedAID(d.sAid).hasRole(StakedAID(d.sAid).LOSS_REPORTER_ROLE(), cfg.deployer), "deployer not LOSS"
        );
        assertFalse(DealBook(d.dealBook).hasRole(DealBook(d.dealBook).RESERVE_ROLE(), cfg.deployer), "not RESERVE");
    }

    function test_roles_operatorRoles() public view {
        DealBook book = DealBook(d.dealBook);
        Reserve reserve = Reserve(d.reserve);
        assertTrue(book.hasRole(book.ORIGINATOR_ROLE(), cfg.operator), "ORIGINATOR");
        assertTrue(book.hasRole(book.NAV_REPORTER_ROLE(), cfg.operator), "NAV_REPORTER");
        assertTrue(book.hasRole(book.SERVICER_ROLE(), cfg.operator), "book SERVICER");
        assertTrue(reserve.hasRole(reserve.ALLOCATOR_ROLE(), cfg.operator), "ALLOCATOR");
        assertTrue(reserve.hasRole(reserve.SERVICER_ROLE(), cfg.operator), "reserve SERVICER");
        assertTrue(reserve.hasRole(reserve.GUARDIAN_ROLE(), cfg.operator), "GUARDIAN");
        YieldDistributor distributor = YieldDistributor(d.yieldDistributor);
        assertTrue(distributor.hasRole(distributor.KEEPER_ROLE(), cfg.operator), "KEEPER");
    }

    // ------------------------------------------------------------------------------------------------ wiring

    function test_reserve_modules() public view {
        Reserve reserve = Reserve(d.reserve);
        assertEq(reserve.aid(), d.aid, "aid");
        assertEq(reserve.dealBook(), d.dealBook, "deal book");
        assertEq(reserve.insuranceFund(), d.insuranceFund, "insurance fund");
        assertEq(reserve.insuranceCutBps(), cfg.insuranceCutBps, "insurance cut");
        assertEq(reserve.yieldDistributor(), d.yieldDistributor, "yield distributor");
        assertEq(reserve.stakedAid(), d.sAid, "sAID");
        assertEq(reserve.treasury(), cfg.treasury, "treasury");
    }

    function test_reserve_stables() public view {
        IReserve.StableConfig memory usdc = Reserve(d.reserve).getStableConfig(d.usdc);
        assertTrue(usdc.enabled, "USDC enabled");
        assertEq(usdc.feed, d.feedUsdcUsd, "USDC feed");
        assertEq(usdc.decimals, 6, "USDC decimals cached");
        assertEq(usdc.maxFeedAge, cfg.maxFeedAge, "USDC max feed age");
        IReserve.StableConfig memory usdt = Reserve(d.reserve).getStableConfig(d.usdt);
        assertTrue(usdt.enabled, "USDT enabled");
        assertEq(usdt.feed, d.feedUsdtUsd, "USDT feed");
    }

    function test_reserve_caps() public view {
        Reserve reserve = Reserve(d.reserve);
        assertEq(reserve.maxMintPerBlock(), cfg.maxMintPerBlock, "max mint per block");
        assertEq(reserve.maxMintPerDay(), cfg.maxMintPerDay, "max mint per day");
        assertEq(reserve.maxInstantRedeemPerDay(), cfg.maxInstantRedeemPerDay, "max instant redeem per day");
    }

    function test_reserve_backsEveryAid() public view {
        assertEq(Reserve(d.reserve).backing(), IERC20Metadata(d.aid).totalSupply(), "backing == AID supply");
    }

    function test_dealBook_navFeed() public view {
        assertEq(address(DealBook(d.dealBook).navFeed()), d.feedGpuNav, "NAV feed is GPU_NAV");
        assertEq(DealBook(d.dealBook).navMaxAge(), cfg.maxFeedAge, "NAV max age");
    }

    function test_yieldDistributor_vault() public view {
        assertEq(address(YieldDistributor(d.yieldDistributor).vault()), d.sAid, "distributor vault");
        assertEq(address(YieldDistributor(d.yieldDistributor).aid()), d.aid, "distributor AID");
    }

    function test_vault_seededWithDeadShares() public view {
        StakedAID vault = StakedAID(d.sAid);
        assertTrue(vault.seeded(), "seeded");
        assertEq(vault.balanceOf(vault.DEAD_ADDRESS()), cfg.deadShareAssets, "dead shares at 1:1");
        assertEq(vault.convertToAssets(1e18), 1e18, "rate is 1 after the seed");
    }

    // ------------------------------------------------------------------------------------------------- feeds

    function test_feeds_oneOfOneWithInitialRound() public view {
        address[5] memory feeds = [d.feedUsdcUsd, d.feedUsdtUsd, d.feedAidUsd, d.feedGpuNav, d.feedSAidAid];
        for (uint256 i; i < feeds.length; ++i) {
            IPushFeed feed = IPushFeed(feeds[i]);
            assertTrue(feed.isSigner(cfg.oracleSigner), "oracle signer registered");
            assertEq(feed.signerCount(), 1, "one signer");
            assertEq(feed.threshold(), 1, "threshold 1");
            assertEq(feed.latestRound(), 1, "initial round transmitted");
            assertEq(feed.latestTimestamp(), block.timestamp, "observed at deployment");
        }
    }

    function test_feeds_answers() public view {
        assertEq(IPushFeed(d.feedUsdcUsd).latestAnswer(), 1e8, "USDC/USD");
        assertEq(IPushFeed(d.feedUsdtUsd).latestAnswer(), 1e8, "USDT/USD");
        assertEq(IPushFeed(d.feedAidUsd).latestAnswer(), 1e8, "AID/USD");
        assertEq(IPushFeed(d.feedGpuNav).latestAnswer(), cfg.gpuNavAnswer, "GPU-NAV");
        assertEq(IPushFeed(d.feedSAidAid).latestAnswer(), 1e18, "sAID/AID");
        assertEq(IPushFeed(d.feedSAidAid).decimals(), 18, "sAID/AID decimals");
        assertEq(IPushFeed(d.feedUsdcUsd).description(), "USDC / USD", "description");
    }

    // ----------------------------------------------------------------------------------------------- lending

    function test_morpho_marketsCreatedWithParams() public view {
        _assertMarket(d.marketSAidUsdc, d.usdc, d.sAid, 0.86e18);
        _assertMarket(d.marketAidUsdc, d.usdc, d.aid, 0.915e18);
        _assertMarket(d.marketUsdcAid, d.aid, d.usdc, 0.915e18);
    }

    function test_morpho_irmAndLltvsEnabled() public view {
        IMorpho morpho = IMorpho(d.morpho);
        assertTrue(morpho.isIrmEnabled(d.irm), "IRM enabled");
        assertTrue(morpho.isLltvEnabled(0.86e18), "86% enabled");
        assertTrue(morpho.isLltvEnabled(0.915e18), "91.5% enabled");
    }

    function test_oracles_prices() public view {
        // 1 sAID (1e18 raw) = 1 USDC (1e6 raw) → 1e36 × 1e6 / 1e18 = 1e24 at rate 1 and every feed at 1.
        assertEq(IOracle(d.oracleSAidUsdc).price(), 1e24, "sAID/USDC price");
        assertEq(IOracle(d.oracleAidUsdc).price(), 1e24, "AID/USDC price");
        // 1 USDC (1e6 raw) = 1 AID (1e18 raw) → 1e36 × 1e18 / 1e6 = 1e48.
        assertEq(IOracle(d.oracleUsdcAid).price(), 1e48, "USDC/AID price");
    }

    function test_oracles_params() public view {
        IMorphoOracleAdapter sAidUsdc = IMorphoOracleAdapter(d.oracleSAidUsdc);
        assertEq(uint256(sAidUsdc.mode()), uint256(IMorphoOracleAdapter.Mode.MARKET), "MARKET mode");
        assertEq(sAidUsdc.maxAprBps(), ORACLE_MAX_APR_BPS, "growth cap");
        assertEq(address(MorphoOracleAdapter(d.oracleSAidUsdc).VAULT()), d.sAid, "sAID adapter reads the vault");
        assertTrue(MorphoOracleAdapter(d.oracleUsdcAid).INVERSE(), "USDC/AID adapter is inverse");
        assertFalse(MorphoOracleAdapter(d.oracleAidUsdc).INVERSE(), "AID/USDC adapter is direct");
        MorphoOracleAdapter adapter = MorphoOracleAdapter(d.oracleAidUsdc);
        assertTrue(adapter.hasRole(adapter.GUARDIAN_ROLE(), cfg.operator), "guardian");
        assertTrue(adapter.hasRole(ADMIN, cfg.admin), "adapter admin");
    }

    // --------------------------------------------------------------------------------------------------- DEX

    function test_pools_tokensAndFees() public view {
        _assertPool(d.poolAidUsdc, d.aid, d.usdc, 100);
        _assertPool(d.poolSAidAid, d.sAid, d.aid, 500);
        _assertPool(d.poolSAidUsdc, d.sAid, d.usdc, 100);
        assertEq(IUniswapV3Factory(d.uniswapV3Factory).getPool(d.aid, d.usdc, 100), d.poolAidUsdc, "factory AID/USDC");
        assertEq(IUniswapV3Factory(d.uniswapV3Factory).feeAmountTickSpacing(100), 1, "0.01% tier enabled");
    }

    function test_pools_pricedAtPar() public view {
        _assertPrice(d.poolAidUsdc, d.aid, 1e18);
        _assertPrice(d.poolSAidAid, d.sAid, StakedAID(d.sAid).convertToAssets(1e18));
        _assertPrice(d.poolSAidUsdc, d.sAid, StakedAID(d.sAid).convertToAssets(1e18));
    }

    function test_pools_depth() public view {
        // Concentrated liquidity: the deposited depth sits in the pools (the tick-aligned range uses one side fully and
        // the other within a few percent).
        assertApproxEqRel(IERC20Metadata(d.aid).balanceOf(d.poolAidUsdc), 2 * cfg.poolDepthUsd, 0.03e18, "AID depth");
        assertApproxEqRel(
            IERC20Metadata(d.usdc).balanceOf(d.poolAidUsdc), 2 * cfg.poolDepthUsd / 1e12, 0.03e18, "USDC depth"
        );
        assertApproxEqRel(IERC20Metadata(d.sAid).balanceOf(d.poolSAidAid), cfg.poolDepthUsd, 0.03e18, "sAID depth");
        assertApproxEqRel(
            IERC20Metadata(d.usdc).balanceOf(d.poolSAidUsdc), cfg.poolDepthUsd / 1e12, 0.03e18, "sAID/USDC depth"
        );
    }

    // ------------------------------------------------------------------------------------------- liquidation

    function test_liquidator_wiring() public view {
        FlashLiquidator liquidator = FlashLiquidator(d.flashLiquidator);
        assertEq(liquidator.MORPHO(), d.morpho, "Morpho");
        assertEq(liquidator.SWAP_ROUTER(), d.swapRouter, "router");
        assertTrue(liquidator.hasRole(liquidator.KEEPER_ROLE(), cfg.operator), "keeper");
        assertTrue(liquidator.hasRole(ADMIN, cfg.admin), "liquidator admin");
    }

    // ------------------------------------------------------------------------------------------- file format

    function test_json_roundTrip() public {
        string memory path = string.concat(vm.projectRoot(), "/deployments/.forge-test-roundtrip.json");
        DeploymentJson.write(d, path);
        Deployment memory back = DeploymentJson.read(path);
        vm.removeFile(path);
        assertEq(keccak256(abi.encode(back)), keccak256(abi.encode(d)), "every field survives the JSON round trip");
    }

    function test_json_shape() public {
        string memory path = string.concat(vm.projectRoot(), "/deployments/.forge-test-shape.json");
        DeploymentJson.write(d, path);
        string memory json = vm.readFile(path);
        vm.removeFile(path);
        assertEq(vm.parseJsonUint(json, ".chainId"), block.chainid, "chainId is a number");
        assertEq(vm.parseJsonUint(json, ".startBlock"), d.startBlock, "startBlock");
        assertEq(vm.parseJsonString(json, ".markets.SAID_USDC.lltv"), "860000000000000000", "lltv decimal string");
        string[] memory top = vm.parseJsonKeys(json, "$");
        assertEq(top.length, 7, "chainId, startBlock, contracts, tokens, feeds, markets, pools");
        assertEq(vm.parseJsonKeys(json, ".tokens").length, 4, "4 tokens");
        assertEq(vm.parseJsonKeys(json, ".feeds").length, 5, "5 feeds");
        assertEq(vm.parseJsonKeys(json, ".markets").length, 3, "3 markets");
        assertEq(vm.parseJsonKeys(json, ".markets.AID_USDC").length, 6, "6 market fields");
        assertEq(vm.parseJsonKeys(json, ".pools").length, 3, "3 pools");
        assertEq(vm.parseJsonKeys(json, ".contracts").length, 24, "24 named contracts");
    }

    // -------------------------------------------------------------------------------------------- the scripts

    function test_deployScript_runWritesTheFileItReturns() public {
        string memory file = "deployments/.forge-test-run.json";
        vm.setEnv("DEPLOYMENT_FILE", file);
        Deploy script = new Deploy();
        Deployment memory out = script.run();
        vm.setEnv("DEPLOYMENT_FILE", "");
        string memory path = string.concat(vm.projectRoot(), "/", file);
        Deployment memory back = DeploymentJson.read(path);
        vm.removeFile(path);
        assertEq(keccak256(abi.encode(back)), keccak256(abi.encode(out)), "file == returned deployment");
        assertEq(AID(out.aid).hasRole(AID(out.aid).MINTER_ROLE(), out.reserve), true, "script wired the Reserve");
        assertEq(IMorpho(out.morpho).owner(), vm.addr(DeployConfigLib.ANVIL_DEPLOYER_KEY), "default deployer owns");
    }

    function test_config_refusesPublicKeysOnALiveChain() public {
        vm.setEnv("DEPLOYER_PRIVATE_KEY", vm.toString(bytes32(DeployConfigLib.ANVIL_DEPLOYER_KEY)));
        vm.chainId(1);
        vm.expectRevert(abi.encodeWithSelector(DeployConfigLib.PublicTestKeyOnLiveChain.selector, 1));
        this.configFromEnv();
    }

    function test_config_acceptsPublicKeysOnTheDevnet() public {
        vm.setEnv("DEPLOYER_PRIVATE_KEY", vm.toString(bytes32(DeployConfigLib.ANVIL_DEPLOYER_KEY)));
        DeployConfig memory c = this.configFromEnv();
        assertEq(c.deployer, 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, "anvil account #0");
        assertEq(c.admin, c.deployer, "deployer is the admin");
    }

    function test_seedScript_refusesALiveChain() public {
        Seed script = new Seed();
        vm.chainId(1);
        vm.expectRevert(abi.encodeWithSelector(Seed.DevnetOnly.selector, 1));
        script.run();
    }

    function test_deployAll_revertsWhenTheDeployerIsNotTheAdmin() public {
        DeployConfig memory c = cfg;
        c.admin = makeAddr("someoneElse");
        vm.expectRevert(abi.encodeWithSelector(InvalidConfig.selector, "deployer must be the admin while deploying"));
        this.deployAllExternal(c);
    }

    function test_fundStable_revertsForAConfiguredStableTheDeployerLacks() public {
        DeployConfig memory c = cfg;
        c.usdc = d.usdc; // pretend USDC was configured (a real token): it cannot be minted by the script
        address poor = makeAddr("poor");
        c.deployer = poor;
        vm.expectRevert(abi.encodeWithSelector(InvalidConfig.selector, "deployer lacks the configured stable"));
        this.fundStableExternal(c, d.usdc, 1);
    }

    /// @dev External entry points so `vm.expectRevert` sees the library/internal reverts one call deeper.
    function configFromEnv() external view returns (DeployConfig memory) {
        return DeployConfigLib.fromEnv();
    }

    function deployAllExternal(DeployConfig memory c) external returns (Deployment memory) {
        return _deployAll(c);
    }

    function fundStableExternal(DeployConfig memory c, address stable, uint256 amount) external {
        _fundStable(c, stable, amount);
    }

    // -------------------------------------------------------------------------------------------------- seed

    function test_seed_demoState() public {
        _seedDemo(_anvilActors(), d);
        Actors memory a = _anvilActors();
        StakedAID vault = StakedAID(d.sAid);
        assertGt(vault.totalSupply(), vault.balanceOf(vault.DEAD_ADDRESS()), "stakers beyond the dead shares");
        assertGt(vault.unvestedYield(), 0, "yield is vesting");
        assertEq(DealBook(d.dealBook).dealCount(), 3, "three deals");
        assertGt(DealBook(d.dealBook).totalOutstandingPrincipal(), 0, "funded principal outstanding");
        assertGt(Reserve(d.reserve).collateralRatio(), 1e18 - 1, "fully backed after the seed");

        IMorpho morpho = IMorpho(d.morpho);
        Position memory p = morpho.position(Id.wrap(d.marketSAidUsdc.id), vm.addr(a.stakerKey));
        assertEq(p.collateral, 100_000e18, "staker posted sAID collateral");
        assertGt(p.borrowShares, 0, "staker borrowed USDC");
        p = morpho.position(Id.wrap(d.marketSAidUsdc.id), vm.addr(a.lenderKey));
        assertGt(p.supplyShares, 0, "lender supplied USDC");
        p = morpho.position(Id.wrap(d.marketAidUsdc.id), vm.addr(a.aidBorrowerKey));
        assertEq(p.collateral, 100_000e18, "AID collateral posted");
        assertGt(p.borrowShares, 0, "USDC borrowed against AID");
        p = morpho.position(Id.wrap(d.marketUsdcAid.id), vm.addr(a.usdcCollateralKey));
        assertEq(p.collateral, 100_000e6, "USDC collateral posted");
        assertGt(p.borrowShares, 0, "AID borrowed against USDC");
    }

    // ----------------------------------------------------------------------------------------------- helpers

    function _assertPool(address pool, address a, address b, uint24 fee) internal view {
        (address token0, address token1) = a < b ? (a, b) : (b, a);
        assertEq(IUniswapV3Pool(pool).token0(), token0, "token0");
        assertEq(IUniswapV3Pool(pool).token1(), token1, "token1");
        assertEq(IUniswapV3Pool(pool).fee(), fee, "fee");
        assertGt(IUniswapV3Pool(pool).liquidity(), 0, "in-range liquidity");
    }

    function _assertPrice(address pool, address base, uint256 expectedWad) internal view {
        uint256 priceWad = UniswapV3Deployer.poolPriceWad(IUniswapV3Pool(pool), base);
        assertApproxEqRel(priceWad, expectedWad, 1e12, "pool price at the fair price (1e-6 relative)");
    }

    function _assertMarket(MarketInfo memory m, address loan, address collateral, uint256 lltv) internal view {
        MarketParams memory params = IMorpho(d.morpho).idToMarketParams(Id.wrap(m.id));
        assertEq(params.loanToken, loan, "loan token");
        assertEq(params.collateralToken, collateral, "collateral token");
        assertEq(params.oracle, m.oracle, "oracle");
        assertTrue(m.oracle != address(0), "oracle set");
        assertEq(params.irm, d.irm, "irm");
        assertEq(params.lltv, lltv, "lltv");
        assertEq(m.lltv, lltv, "recorded lltv");
        assertEq(m.loanToken, loan, "recorded loan token");
        assertEq(m.collateralToken, collateral, "recorded collateral token");
        assertGt(IMorpho(d.morpho).market(Id.wrap(m.id)).lastUpdate, 0, "market created");
    }
}
