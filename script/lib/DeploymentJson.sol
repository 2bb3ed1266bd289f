// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Deployment, MarketInfo} from "./DeployTypes.sol";
import {Vm} from "forge-std/Vm.sol";

/// @title DeploymentJson
/// @notice Writes and reads `deployments/<chainId>.json`:
/// `{ chainId, startBlock, contracts: {...}, tokens: {USDC, USDT, AID, sAID},
///    feeds: {USDC_USD, USDT_USD, AID_USD, GPU_NAV, SAID_AID},
///    markets: {SAID_USDC: {id, loanToken, collateralToken, oracle, irm, lltv}, AID_USDC: {...}, USDC_AID: {...}},
///    pools: {AID_USDC, SAID_AID, SAID_USDC} }`.
/// `chainId` and `startBlock` are JSON numbers; `lltv` is a decimal string (a uint256 scaled by 1e18 does not fit a
/// JSON/JavaScript number safely: read it with `BigInt`). `startBlock` is the chain head when the deployment
/// started: every deployment transaction is in a later block, so an indexer can start there.
library DeploymentJson {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice `deployments/<chainId>.json`.
    function defaultPath(uint256 chainId) internal view returns (string memory) {
        return string.concat(vm.projectRoot(), "/deployments/", vm.toString(chainId), ".json");
    }

    /// @notice Serialises `d` and writes it to `path` (overwrites).
    function write(Deployment memory d, string memory path) internal {
        string memory root = "deployment";
        vm.serializeUint(root, "chainId", d.chainId);
        vm.serializeUint(root, "startBlock", d.startBlock);
        vm.serializeString(root, "contracts", _contracts(d));
        vm.serializeString(root, "tokens", _tokens(d));
        vm.serializeString(root, "feeds", _feeds(d));
        vm.serializeString(root, "markets", _markets(d));
        string memory json = vm.serializeString(root, "pools", _pools(d));
        vm.writeJson(json, path);
    }

    /// @notice Reads the deployment file at `path`.
    function read(string memory path) internal view returns (Deployment memory d) {
        string memory json = vm.readFile(path);
        d.chainId = vm.parseJsonUint(json, ".chainId");
        d.startBlock = vm.parseJsonUint(json, ".startBlock");
        d.usdc = vm.parseJsonAddress(json, ".tokens.USDC");
        d.usdt = vm.parseJsonAddress(json, ".tokens.USDT");
        d.aid = vm.parseJsonAddress(json, ".tokens.AID");
        d.sAid = vm.parseJsonAddress(json, ".tokens.sAID");
        d.reserve = vm.parseJsonAddress(json, ".contracts.Reserve");
        d.dealBook = vm.parseJsonAddress(json, ".contracts.DealBook");
        d.insuranceFund = vm.parseJsonAddress(json, ".contracts.InsuranceFund");
        d.yieldDistributor = vm.parseJsonAddress(json, ".contracts.YieldDistributor");
        d.feedUsdcUsd = vm.parseJsonAddress(json, ".feeds.USDC_USD");
        d.feedUsdtUsd = vm.parseJsonAddress(json, ".feeds.USDT_USD");
        d.feedAidUsd = vm.parseJsonAddress(json, ".feeds.AID_USD");
        d.feedGpuNav = vm.parseJsonAddress(json, ".feeds.GPU_NAV");
        d.feedSAidAid = vm.parseJsonAddress(json, ".feeds.SAID_AID");
        d.oracleSAidUsdc = vm.parseJsonAddress(json, ".contracts.MorphoOracleSAidUsdc");
        d.oracleAidUsdc = vm.parseJsonAddress(json, ".contracts.MorphoOracleAidUsdc");
        d.oracleUsdcAid = vm.parseJsonAddress(json, ".contracts.MorphoOracleUsdcAid");
        d.morpho = vm.parseJsonAddress(json, ".contracts.Morpho");
        d.irm = vm.parseJsonAddress(json, ".contracts.AdaptiveCurveIrm");
        d.marketSAidUsdc = _readMarket(json, ".markets.SAID_USDC");
        d.marketAidUsdc = _readMarket(json, ".markets.AID_USDC");
        d.marketUsdcAid = _readMarket(json, ".markets.USDC_AID");
        d.uniswapV3Factory = vm.parseJsonAddress(json, ".contracts.UniswapV3Factory");
        d.swapRouter = vm.parseJsonAddress(json, ".contracts.SwapRouter");
        d.quoterV2 = vm.parseJsonAddress(json, ".contracts.QuoterV2");
        d.positionManager = vm.parseJsonAddress(json, ".contracts.NonfungiblePositionManager");
        d.poolAidUsdc = vm.parseJsonAddress(json, ".pools.AID_USDC");
        d.poolSAidAid = vm.parseJsonAddress(json, ".pools.SAID_AID");
        d.poolSAidUsdc = vm.parseJsonAddress(json, ".pools.SAID_USDC");
        d.flashLiquidator = vm.parseJsonAddress(json, ".contracts.FlashLiquidator");
    }

    function _contracts(Deployment memory d) private returns (string memory) {
        string memory o = "contracts";
        vm.serializeAddress(o, "USDC", d.usdc);
        vm.serializeAddress(o, "USDT", d.usdt);
        vm.serializeAddress(o, "AID", d.aid);
        vm.serializeAddress(o, "StakedAID", d.sAid);
        vm.serializeAddress(o, "Reserve", d.reserve);
        vm.serializeAddress(o, "DealBook", d.dealBook);
        vm.serializeAddress(o, "InsuranceFund", d.insuranceFund);
        vm.serializeAddress(o, "YieldDistributor", d.yieldDistributor);
        vm.serializeAddress(o, "PushFeedUsdcUsd", d.feedUsdcUsd);
        vm.serializeAddress(o, "PushFeedUsdtUsd", d.feedUsdtUsd);
        vm.serializeAddress(o, "PushFeedAidUsd", d.feedAidUsd);
        vm.serializeAddress(o, "PushFeedGpuNav", d.feedGpuNav);
        vm.serializeAddress(o, "PushFeedSAidAid", d.feedSAidAid);
        vm.serializeAddress(o, "MorphoOracleSAidUsdc", d.oracleSAidUsdc);
        vm.serializeAddress(o, "MorphoOracleAidUsdc", d.oracleAidUsdc);
        vm.serializeAddress(o, "MorphoOracleUsdcAid", d.oracleUsdcAid);
        vm.serializeAddress(o, "Morpho", d.morpho);
        vm.serializeAddress(o, "AdaptiveCurveIrm", d.irm);
        vm.serializeAddress(o, "UniswapV3Factory", d.uniswapV3Factory);
        vm.serializeAddress(o, "SwapRouter", d.swapRouter);
        vm.serializeAddress(o, "QuoterV2", d.quoterV2);
        vm.serializeAddress(o, "NonfungiblePositionManager", d.positionManager);
        return vm.serializeAddress(o, "FlashLiquidator", d.flashLiquidator);
    }

    function _tokens(Deployment memory d) private returns (string memory) {
        string memory o = "tokens";
        vm.serializeAddress(o, "USDC", d.usdc);
        vm.serializeAddress(o, "USDT", d.usdt);
        vm.serializeAddress(o, "AID", d.aid);
        return vm.serializeAddress(o, "sAID", d.sAid);
    }

    function _feeds(Deployment memory d) private returns (string memory) {
        string memory o = "feeds";
        vm.serializeAddress(o, "USDC_USD", d.feedUsdcUsd);
        vm.serializeAddress(o, "USDT_USD", d.feedUsdtUsd);
        vm.serializeAddress(o, "AID_USD", d.feedAidUsd);
        vm.serializeAddress(o, "GPU_NAV", d.feedGpuNav);
        return vm.serializeAddress(o, "SAID_AID", d.feedSAidAid);
    }

    function _markets(Deployment memory d) private returns (string memory) {
        string memory o = "markets";
        vm.serializeString(o, "SAID_USDC", _market("market.SAID_USDC", d.marketSAidUsdc));
        vm.serializeString(o, "AID_USDC", _market("market.AID_USDC", d.marketAidUsdc));
        return vm.serializeString(o, "USDC_AID", _market("market.USDC_AID", d.marketUsdcAid));
    }

    function _market(string memory o, MarketInfo memory m) private returns (string memory) {
        vm.serializeBytes32(o, "id", m.id);
        vm.serializeAddress(o, "loanToken", m.loanToken);
        vm.serializeAddress(o, "collateralToken", m.collateralToken);
        vm.serializeAddress(o, "oracle", m.oracle);
        vm.serializeAddress(o, "irm", m.irm);
        return vm.serializeString(o, "lltv", vm.toString(m.lltv));
    }

    function _pools(Deployment memory d) private returns (string memory) {
        string memory o = "pools";
        vm.serializeAddress(o, "AID_USDC", d.poolAidUsdc);
        vm.serializeAddress(o, "SAID_AID", d.poolSAidAid);
        return vm.serializeAddress(o, "SAID_USDC", d.poolSAidUsdc);
    }

    function _readMarket(string memory json, string memory key) private pure returns (MarketInfo memory m) {
        m.id = vm.parseJsonBytes32(json, string.concat(key, ".id"));
        m.loanToken = vm.parseJsonAddress(json, string.concat(key, ".loanToken"));
        m.collateralToken = vm.parseJsonAddress(json, string.concat(key, ".collateralToken"));
        m.oracle = vm.parseJsonAddress(json, string.concat(key, ".oracle"));
        m.irm = vm.parseJsonAddress(json, string.concat(key, ".irm"));
        m.lltv = vm.parseUint(vm.parseJsonString(json, string.concat(key, ".lltv")));
    }
}
