// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAggregatorV3
/// @notice The Chainlink `AggregatorV3Interface` read surface (written here: `@chainlink/contracts` >= 1.3 does not
/// install from npm). Every AID Protocol feed implements it, so any Chainlink consumer can read our feeds.
interface IAggregatorV3 {
    /// @notice Decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human-readable description, e.g. "AID / USD".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator implementation.
    function version() external view returns (uint256);

    /// @notice Data of round `roundId`; reverts when the round does not exist.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice Data of the latest round; reverts when no round exists yet.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
