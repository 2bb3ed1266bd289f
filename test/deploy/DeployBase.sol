// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AidDeployer} from "../../script/lib/AidDeployer.sol";
import {DeployConfigLib} from "../../script/lib/DeployConfigLib.sol";
import {DeployConfig, Deployment} from "../../script/lib/DeployTypes.sol";
import {Test} from "forge-std/Test.sol";

/// @title DeployBase
/// @notice Test base that deploys the whole protocol with the same `AidDeployer` steps as `script/Deploy.s.sol`,
/// in-process and under a broadcast from the deployer (so `msg.sender` is the deployer exactly as on a chain).
/// Integration tests extend it and get `cfg` and `d` (every address) ready.
abstract contract DeployBase is Test, AidDeployer {
    DeployConfig internal cfg;
    Deployment internal d;

    function setUp() public virtual {
        // A realistic clock: feeds and fee accrual read `block.timestamp`.
        vm.warp(1_760_000_000);
        vm.roll(1000);
        cfg = DeployConfigLib.devnet(DeployConfigLib.ANVIL_DEPLOYER_KEY, DeployConfigLib.ANVIL_ORACLE_KEY);
        vm.startBroadcast(cfg.deployerKey);
        d = _deployAll(cfg);
        vm.stopBroadcast();
    }
}
