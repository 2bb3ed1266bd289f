// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DeployConfig} from "./DeployTypes.sol";
import {Vm} from "forge-std/Vm.sol";

/// @title DeployConfigLib
/// @notice Builds a `DeployConfig` from the environment, with devnet defaults.
///
/// Environment (all optional):
/// - `DEPLOYER_PRIVATE_KEY`      broadcasting key; also admin and operator of every contract.
/// - `ORACLE_SIGNER_PRIVATE_KEY` key of the 1-of-1 signer of every push feed.
/// - `TREASURY`                  fee recipient (default: the deployer).
/// - `OPERATOR`                  holder of the operational roles (default: the deployer).
/// - `USDC`, `USDT`              existing stablecoins; unset or zero deploys a 6-decimal `MockStablecoin`.
/// - `MAX_FEED_AGE`              seconds (default 1 day).
/// - `POOL_DEPTH_USD`            whole USD per side of the sAID pools (default 250,000; AID/USDC gets twice that).
///
/// @dev DEFAULTS ARE ANVIL'S PUBLIC TEST KEYS (mnemonic "test test … junk"): everyone knows them. `fromEnv` refuses
/// to use them on any chain other than the local devnet (31337).
library DeployConfigLib {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev PUBLIC anvil account #0 (0xf39F…2266). Devnet only.
    uint256 internal constant ANVIL_DEPLOYER_KEY = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;
    /// @dev PUBLIC anvil account #1 (0x7099…79C8). Devnet only.
    uint256 internal constant ANVIL_ORACLE_KEY = 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d;
    uint256 internal constant DEVNET_CHAIN_ID = 31_337;

    error PublicTestKeyOnLiveChain(uint256 chainId);

    /// @notice The configuration for the current chain from the environment.
    function fromEnv() internal view returns (DeployConfig memory cfg) {
        uint256 deployerKey = VM.envOr("DEPLOYER_PRIVATE_KEY", ANVIL_DEPLOYER_KEY);
        uint256 oracleKey = VM.envOr("ORACLE_SIGNER_PRIVATE_KEY", ANVIL_ORACLE_KEY);
        if (block.chainid != DEVNET_CHAIN_ID && (deployerKey == ANVIL_DEPLOYER_KEY || oracleKey == ANVIL_ORACLE_KEY)) {
            revert PublicTestKeyOnLiveChain(block.chainid);
        }
        cfg = devnet(deployerKey, oracleKey);
        cfg.treasury = VM.envOr("TREASURY", cfg.deployer);
        cfg.operator = VM.envOr("OPERATOR", cfg.deployer);
        cfg.usdc = VM.envOr("USDC", address(0));
        cfg.usdt = VM.envOr("USDT", address(0));
        cfg.maxFeedAge = uint32(VM.envOr("MAX_FEED_AGE", uint256(cfg.maxFeedAge)));
        cfg.poolDepthUsd = VM.envOr("POOL_DEPTH_USD", cfg.poolDepthUsd / 1e18) * 1e18;
    }

    /// @notice Devnet defaults for the given keys (used by `fromEnv` and by the forge tests).
    function devnet(uint256 deployerKey, uint256 oracleKey) internal pure returns (DeployConfig memory cfg) {
        cfg.deployerKey = deployerKey;
        cfg.deployer = VM.addr(deployerKey);
        cfg.admin = cfg.deployer;
        cfg.operator = cfg.deployer;
        cfg.treasury = cfg.deployer;
        cfg.oracleSignerKey = oracleKey;
        cfg.oracleSigner = VM.addr(oracleKey);
        cfg.maxMintPerBlock = 5_000_000e18;
        cfg.maxMintPerDay = 50_000_000e18;
        cfg.maxInstantRedeemPerDay = 1_000_000e18;
        cfg.maxFeedAge = 1 days;
        cfg.insuranceCutBps = 2000;
        cfg.deadShareAssets = 1000e18;
        cfg.poolDepthUsd = 250_000e18;
        cfg.gpuNavAnswer = 25_000e8;
    }
}
