// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockStablecoin
/// @notice Test/devnet stand-in for USDC/USDT where no real token address is configured. Anyone can mint: it is
/// deployed by the deploy script only on chains without a configured stablecoin, never on a production chain.
contract MockStablecoin is ERC20, ERC20Permit {
    uint8 private immutable _decimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) ERC20Permit(name_) {
        _decimals = decimals_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to` (faucet; devnet and tests only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
