// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAggregatorV3} from "../../contracts/interfaces/IAggregatorV3.sol";

/// @notice Settable AggregatorV3 stand-in for unit tests (the real PushFeed is tested on its own): any decimals, any
/// answer, any `updatedAt`. Every `set` starts a new round (`roundId` + 1). Keeps no history: `getRoundData` answers
/// any round id with the latest data, echoing the id asked for.
contract MockFeed is IAggregatorV3 {
    uint8 public immutable decimals;
    int256 public answer;
    uint256 public updatedAt;
    uint80 public roundId;

    constructor(uint8 decimals_, int256 answer_) {
        decimals = decimals_;
        set(answer_);
    }

    /// @notice Sets a new answer observed now.
    function set(int256 answer_) public {
        set(answer_, block.timestamp);
    }

    /// @notice Sets a new answer observed at `updatedAt_`.
    function set(int256 answer_, uint256 updatedAt_) public {
        answer = answer_;
        updatedAt = updatedAt_;
        ++roundId;
    }

    function description() external pure returns (string memory) {
        return "MOCK / USD";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function getRoundData(uint80 id) external view returns (uint80, int256, uint256, uint256, uint80) {
        return (id, answer, updatedAt, updatedAt, id);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, updatedAt, updatedAt, roundId);
    }
}
