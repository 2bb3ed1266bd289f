// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Insurance fund stand-in: pays `min(loss, balance)` AID to the caller.
contract MockInsuranceFund {
    IERC20 public immutable aid;

    constructor(IERC20 aid_) {
        aid = aid_;
    }

    function cover(uint256 loss) external returns (uint256 covered) {
        uint256 balance = aid.balanceOf(address(this));
        covered = loss < balance ? loss : balance;
        if (covered != 0) aid.transfer(msg.sender, covered);
    }

    function available() external view returns (uint256) {
        return aid.balanceOf(address(this));
    }
}
