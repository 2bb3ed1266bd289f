// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Deployment code, not deployed: gas-style rules do not apply.
/* solhint-disable no-console, gas-small-strings, gas-strict-inequalities */

import {AidSeeder} from "./lib/AidSeeder.sol";
import {DeployConfigLib} from "./lib/DeployConfigLib.sol";
import {Deployment} from "./lib/DeployTypes.sol";
import {DeploymentJson} from "./lib/DeploymentJson.sol";
import {Script, console} from "forge-std/Script.sol";

/// @title Seed
/// @notice Reads `deployments/<chainId>.json` and puts the deployment into a demo state (deals, stakers, Morpho
/// positions, a repayment with yield distributed) — see `AidSeeder` for the steps and the accounts.
///
///     forge script script/Seed.s.sol:Seed --rpc-url http://127.0.0.1:8545 --broadcast
///
/// (or `npm run seed:local`). Devnet only: it signs with ANVIL'S PUBLIC TEST KEYS and mints the mock stablecoins,
/// so it refuses to run on any chain but 31337. Run it once, on a fresh deployment.
contract Seed is Script, AidSeeder {
    error DevnetOnly(uint256 chainId);

    /// @notice Seeds the deployment of the current chain.
    function run() external {
        if (block.chainid != DeployConfigLib.DEVNET_CHAIN_ID) revert DevnetOnly(block.chainid);
        Deployment memory d = DeploymentJson.read(DeploymentJson.path(block.chainid));
        _seedDemo(_anvilActors(), d);
        console.log("seeded the AID Protocol deployment on chain %s", block.chainid);
    }
}
