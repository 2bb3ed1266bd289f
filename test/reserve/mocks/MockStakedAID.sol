// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice sAID stand-in: `totalAssets` is its AID balance; `reportLoss` sends the loss to the caller.
contract MockStakedAID {
    IERC20 public immutable aid;

    error LossTooHigh(uint256 amount, uint256 maxLoss);

    constructor(IERC20 aid_) {
        aid = aid_;
    }

    function totalAssets() public view returns (uint256) {
        return aid.balanceOf(address(this));
    }

    /// @dev This stand-in never vests: all it holds is in `totalAssets`.
    function unvestedYield() external pure returns (uint256) {
        return 0;
    }

    function reportLoss(uint256 amount) external {
        if (amount > totalAssets()) revert LossTooHigh(amount, totalAssets());
        aid.transfer(msg.sender, amount);
    }
}
