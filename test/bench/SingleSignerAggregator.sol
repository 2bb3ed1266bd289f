// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title SingleSignerAggregator
/// @notice Benchmark baseline: the smallest honest push oracle. One trusted signer (immutable), `ecrecover` over the
/// report hash (bound to this contract and chain), round id must be the next one, answer and timestamp stored
/// Chainlink-style in one slot per round (`Transmission { int192 answer; uint64 timestamp; }`). No threshold, no
/// bounds, no admin, no EIP-712 domain: whatever PushFeed costs above this is the price of its extra guarantees.
contract SingleSignerAggregator {
    struct Transmission {
        int192 answer;
        uint64 timestamp;
    }

    address public immutable signer;
    uint80 public latestRound;
    mapping(uint80 roundId => Transmission) internal _transmissions;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    error WrongRound();
    error StaleReport();
    error BadSignature();
    error NoDataPresent();

    constructor(address signer_) {
        signer = signer_;
    }

    /// @notice Hash the signer signs for a report (plain keccak over the fields, this contract and the chain id).
    function reportHash(uint80 roundId, int192 answer, uint64 observedAt) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), block.chainid, roundId, answer, observedAt));
    }

    /// @notice Stores the next round if signed by `signer`.
    function push(uint80 roundId, int192 answer, uint64 observedAt, uint8 v, bytes32 r, bytes32 s) external {
        uint80 latest = latestRound;
        if (roundId != latest + 1) revert WrongRound();
        if (observedAt <= _transmissions[latest].timestamp || observedAt > block.timestamp) revert StaleReport();
        if (ecrecover(reportHash(roundId, answer, observedAt), v, r, s) != signer) revert BadSignature();
        _transmissions[roundId] = Transmission(answer, observedAt);
        latestRound = roundId;
        emit AnswerUpdated(answer, roundId, observedAt);
    }

    /// @notice Chainlink `latestRoundData`.
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        uint80 id = latestRound;
        Transmission memory t = _transmissions[id];
        if (t.timestamp == 0) revert NoDataPresent();
        return (id, t.answer, t.timestamp, t.timestamp, id);
    }
}
