// SPDX-License-Identifier: GPL-2.0-or-later
pragma solidity 0.8.19;

// Pulls the real Morpho Blue (npm @morpho-org/morpho-blue 1.0.0) into the build so tests and scripts can deploy it
// with `deployCode("Morpho.sol:Morpho", abi.encode(owner))`. Compiled with Morpho's own settings (see foundry.toml).
// solhint-disable-next-line no-unused-import
import {Morpho} from "@morpho-blue/Morpho.sol";
