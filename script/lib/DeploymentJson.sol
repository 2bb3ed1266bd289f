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
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice `deployments/<chainId>.json`.
    function defaultPath(uint256 chainId) internal view returns (string memory) {
        return string.concat(VM.projectRoot(), "/deployments/", VM.toString(chainId), ".json");
    }

    /// @notice The file to use: `DEPLOYMENT_FILE` from the environment (relative to the project root; it must be under
    /// `deployments/`, the only folder scripts may write), else `deployments/<chainId>.json`. Tests point it at a
    /// scratch file so they never overwrite a developer's devnet file.
    function path(uint256 chainId) internal view returns (string memory) {
        string memory file = VM.envOr("DEPLOYMENT_FILE", string(""));
        if (bytes(file).length == 0) return defaultPath(chainId);
        return string.concat(VM.projectRoot(), "/", file);
    }

    /// @notice Serialises `d` and writes it to `path` (overwrites).
    function write(Deployment memory d, string memory path) internal {
        string memory root = "deployment";
        VM.serializeUint(root, "chainId", d.chainId);
        VM.serializeUint(root, "startBlock", d.startBlock);
        VM.serializeString(root, "contracts", _contracts(d));
        VM.serializeString(root, "tokens", _tokens(d));
        VM.serializeString(root, "feeds", _feeds(d));
        VM.serializeString(root, "markets", _markets(d));
        string memory json = VM.serializeString(root, "pools", _pools(d));
        VM.writeJson(json, path);
    }

    /// @notice Reads the deployment file at `path`.
    function read(string memory path) internal view returns (Deployment memory d) {
        string memory json = VM.readFile(path);
        d.chainId = VM.parseJsonUint(json, ".chainId");
        d.startBlock = VM.parseJsonUint(json, ".startBlock");
        d.usdc = VM.parseJsonAddress(json, ".tokens.USDC");
        d.usdt = VM.parseJsonAddress(json, ".tokens.USDT");
        d.aid = VM.parseJsonAddress(json, ".tokens.AID");
        d.sAid = VM.parseJsonAddress(json, ".tokens.sAID");
        d.reserve = VM.parseJsonAddress(json, ".contracts.Reserve");
        d.dealBook = VM.parseJsonAddress(json, ".contracts.DealBook");
        d.insuranceFund = VM.parseJsonAddress(json, ".contracts.InsuranceFund");
        d.yieldDistributor = VM.parseJsonAddress(json, ".contracts.YieldDistributor");
        d.feedUsdcUsd = VM.parseJsonAddress(json, ".feeds.USDC_USD");
        d.feedUsdtUsd = VM.parseJsonAddress(json, ".feeds.USDT_USD");
        d.feedAidUsd = VM.parseJsonAddress(json, ".feeds.AID_USD");
        d.feedGpuNav = VM.parseJsonAddress(json, ".feeds.GPU_NAV");
        d.feedSAidAid = VM.parseJsonAddress(json, ".feeds.SAID_AID");
        d.oracleSAidUsdc = VM.parseJsonAddress(json, ".contracts.MorphoOracleSAidUsdc");
        d.oracleAidUsdc = VM.parseJsonAddress(json, ".contracts.MorphoOracleAidUsdc");
        d.oracleUsdcAid = VM.parseJsonAddress(json, ".contracts.MorphoOracleUsdcAid");
        d.morpho = VM.parseJsonAddress(json, ".contracts.Morpho");
        d.irm = VM.parseJsonAddress(json, ".contracts.AdaptiveCurveIrm");
        d.marketSAidUsdc = _readMarket(json, ".markets.SAID_USDC");
        d.marketAidUsdc = _readMarket(json, ".markets.AID_USDC");
        d.marketUsdcAid = _readMarket(json, ".markets.USDC_AID");
        d.uniswapV3Factory = VM.parseJsonAddress(json, ".contracts.UniswapV3Factory");
        d.swapRouter = VM.parseJsonAddress(json, ".contracts.SwapRouter");
        d.quoterV2 = VM.parseJsonAddress(json, ".contracts.QuoterV2");
        // solhint-disable-next-line gas-small-strings
        d.positionManager = VM.parseJsonAddress(json, ".contracts.NonfungiblePositionManager");
        d.weth9 = VM.parseJsonAddress(json, ".contracts.WETH9");
        d.poolAidUsdc = VM.parseJsonAddress(json, ".pools.AID_USDC");
        d.poolSAidAid = VM.parseJsonAddress(json, ".pools.SAID_AID");
        d.poolSAidUsdc = VM.parseJsonAddress(json, ".pools.SAID_USDC");
        d.flashLiquidator = VM.parseJsonAddress(json, ".contracts.FlashLiquidator");
    }

    function _contracts(Deployment memory d) private returns (string memory) {
        string memory o = "contracts";
        VM.serializeAddress(o, "USDC", d.usdc);
        VM.serializeAddress(o, "USDT", d.usdt);
        VM.serializeAddress(o, "AID", d.aid);
        VM.serializeAddress(o, "StakedAID", d.sAid);
        VM.serializeAddress(o, "Reserve", d.reserve);
        VM.serializeAddress(o, "DealBook", d.dealBook);
        VM.serializeAddress(o, "InsuranceFund", d.insuranceFund);
        VM.serializeAddress(o, "YieldDistributor", d.yieldDistributor);
        VM.serializeAddress(o, "PushFeedUsdcUsd", d.feedUsdcUsd);
        VM.serializeAddress(o, "PushFeedUsdtUsd", d.feedUsdtUsd);
        VM.serializeAddress(o, "PushFeedAidUsd", d.feedAidUsd);
        VM.serializeAddress(o, "PushFeedGpuNav", d.feedGpuNav);
        VM.serializeAddress(o, "PushFeedSAidAid", d.feedSAidAid);
        VM.serializeAddress(o, "MorphoOracleSAidUsdc", d.oracleSAidUsdc);
        VM.serializeAddress(o, "MorphoOracleAidUsdc", d.oracleAidUsdc);
        VM.serializeAddress(o, "MorphoOracleUsdcAid", d.oracleUsdcAid);
        VM.serializeAddress(o, "Morpho", d.morpho);
        VM.serializeAddress(o, "AdaptiveCurveIrm", d.irm);
        VM.serializeAddress(o, "UniswapV3Factory", d.uniswapV3Factory);
        VM.serializeAddress(o, "SwapRouter", d.swapRouter);
        VM.serializeAddress(o, "QuoterV2", d.quoterV2);
        // solhint-disable-next-line gas-small-strings
        VM.serializeAddress(o, "NonfungiblePositionManager", d.positionManager);
        VM.serializeAddress(o, "WETH9", d.weth9);
        return VM.serializeAddress(o, "FlashLiquidator", d.flashLiquidator);
    }

    function _tokens(Deployment memory d) private returns (string memory) {
        string memory o = "tokens";
        VM.serializeAddress(o, "USDC", d.usdc);
        VM.serializeAddress(o, "USDT", d.usdt);
        VM.serializeAddress(o, "AID", d.aid);
        return VM.serializeAddress(o, "sAID", d.sAid);
    }

    function _feeds(Deployment memory d) private returns (string memory) {
        string memory o = "feeds";
        VM.serializeAddress(o, "USDC_USD", d.feedUsdcUsd);
        VM.serializeAddress(o, "USDT_USD", d.feedUsdtUsd);
        VM.serializeAddress(o, "AID_USD", d.feedAidUsd);
        VM.serializeAddress(o, "GPU_NAV", d.feedGpuNav);
        return VM.serializeAddress(o, "SAID_AID", d.feedSAidAid);
    }

    function _markets(Deployment memory d) private returns (string memory) {
        string memory o = "markets";
        VM.serializeString(o, "SAID_USDC", _market("market.SAID_USDC", d.marketSAidUsdc));
        VM.serializeString(o, "AID_USDC", _market("market.AID_USDC", d.marketAidUsdc));
        return VM.serializeString(o, "USDC_AID", _market("market.USDC_AID", d.marketUsdcAid));
    }

    function _market(string memory o, MarketInfo memory m) private returns (string memory) {
        VM.serializeBytes32(o, "id", m.id);
        VM.serializeAddress(o, "loanToken", m.loanToken);
        VM.serializeAddress(o, "collateralToken", m.collateralToken);
        VM.serializeAddress(o, "oracle", m.oracle);
        VM.serializeAddress(o, "irm", m.irm);
        return VM.serializeString(o, "lltv", VM.toString(m.lltv));
    }

    function _pools(Deployment memory d) private returns (string memory) {
        string memory o = "pools";
        VM.serializeAddress(o, "AID_USDC", d.poolAidUsdc);
        VM.serializeAddress(o, "SAID_AID", d.poolSAidAid);
        return VM.serializeAddress(o, "SAID_USDC", d.poolSAidUsdc);
    }

    function _readMarket(string memory json, string memory key) private pure returns (MarketInfo memory m) {
        m.id = VM.parseJsonBytes32(json, string.concat(key, ".id"));
        m.loanToken = VM.parseJsonAddress(json, string.concat(key, ".loanToken"));
        m.collateralToken = VM.parseJsonAddress(json, string.concat(key, ".collateralToken"));
        m.oracle = VM.parseJsonAddress(json, string.concat(key, ".oracle"));
        m.irm = VM.parseJsonAddress(json, string.concat(key, ".irm"));
        m.lltv = VM.parseUint(VM.parseJsonString(json, string.concat(key, ".lltv")));
    }
}
