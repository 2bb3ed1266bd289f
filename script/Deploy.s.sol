// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Deployment code, not deployed: gas-style rules do not apply.
/* solhint-disable no-console, gas-small-strings, gas-strict-inequalities */

import {AidDeployer} from "./lib/AidDeployer.sol";
import {DeployConfigLib} from "./lib/DeployConfigLib.sol";
import {DeployConfig, Deployment} from "./lib/DeployTypes.sol";
import {DeploymentJson} from "./lib/DeploymentJson.sol";
import {Script, console} from "forge-std/Script.sol";

/// @title Deploy
/// @notice Deploys the whole AID Protocol to the chain behind `--rpc-url` and writes `deployments/<chainId>.json`
/// (or `DEPLOYMENT_FILE`, see `DeploymentJson.path`).
///
///     forge script script/Deploy.s.sol:Deploy --rpc-url http://127.0.0.1:8545 --broadcast
///
/// (or `npm run deploy:local`). Configuration comes from the environment, see `DeployConfigLib`. Without
/// `DEPLOYER_PRIVATE_KEY` the key is ANVIL'S PUBLIC TEST KEY #0 — devnet only; the script refuses it elsewhere.
contract Deploy is Script, AidDeployer {
    /// @notice Runs the deployment with the environment's configuration.
    function run() external returns (Deployment memory d) {
        DeployConfig memory cfg = DeployConfigLib.fromEnv();
        vm.startBroadcast(cfg.deployerKey);
        d = _deployAll(cfg);
        vm.stopBroadcast();

        string memory path = DeploymentJson.path(block.chainid);
        DeploymentJson.write(d, path);
        console.log("AID Protocol deployed on chain %s from block %s", d.chainId, d.startBlock);
        console.log("deployment file: %s", path);
    }
}
