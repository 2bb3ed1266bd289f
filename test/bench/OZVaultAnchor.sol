// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @notice Plain OpenZeppelin ERC-20 with an open mint: the asset of the gas anchor.
contract AnchorToken is ERC20 {
    constructor() ERC20("Anchor Asset", "ANC") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice Plain OpenZeppelin ERC-4626 (no overrides): the gas anchor StakedAID is compared with.
contract OZVaultAnchor is ERC4626 {
    constructor(IERC20 asset_) ERC20("Anchor Vault", "aVLT") ERC4626(asset_) {}
}
