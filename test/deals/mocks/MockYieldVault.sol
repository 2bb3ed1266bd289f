// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice The slice of IStakedAID the YieldDistributor uses: settable vesting state and yield cap; pulls what it
/// is given (so a test sees the transfer) and records the last distribution.
contract MockYieldVault {
    address public immutable asset;
    uint256 public unvestedYield;
    uint256 public vestingEnd;
    uint256 public maxYield = type(uint256).max;
    uint256 public lastDistribution;
    uint256 public distributions;

    error MockStillVesting();
    error MockYieldTooHigh();

    constructor(address asset_) {
        asset = asset_;
    }

    function setVesting(uint256 unvested, uint256 end) external {
        unvestedYield = unvested;
        vestingEnd = end;
    }

    function setMaxYield(uint256 maxYield_) external {
        maxYield = maxYield_;
    }

    function distributeYield(uint256 amount) external {
        if (unvestedYield != 0) revert MockStillVesting();
        if (amount > maxYield) revert MockYieldTooHigh();
        IERC20(asset).transferFrom(msg.sender, address(this), amount);
        lastDistribution = amount;
        distributions++;
    }
}
