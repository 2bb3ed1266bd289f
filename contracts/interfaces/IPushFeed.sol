// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregatorV3} from "./IAggregatorV3.sol";

/// @title IPushFeed
/// @notice A Chainlink-compatible price feed whose rounds are pushed as EIP-712 reports signed by registered
/// signers. A report is accepted with `threshold` distinct valid signatures, for the next round id, with an
/// observation timestamp strictly newer than the last one and not in the future, and an answer inside
/// `[minAnswer, maxAnswer]`. Anyone may submit a correctly signed report (the keeper that transmits pays gas).
/// `updatedAt` and `startedAt` of a round are its observation timestamp, so consumers measure data age.
interface IPushFeed is IAggregatorV3 {
    /// @notice A signed price observation. EIP-712 type:
    /// `Report(uint80 roundId,int256 answer,uint64 observedAt)`; domain `name = description()`, `version = "1"`,
    /// `chainId`, `verifyingContract = feed`.
    struct Report {
        uint80 roundId;
        int256 answer;
        uint64 observedAt;
    }

    /// @notice Emitted when a round is accepted (Chainlink's `AnswerUpdated` shape plus the transmitter).
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice Emitted with every accepted round: who transmitted it and how many signatures it carried.
    event NewRound(uint256 indexed roundId, address indexed transmitter, uint256 observedAt, uint256 signatures);
    event SignerAdded(address indexed signer);
    event SignerRemoved(address indexed signer);
    event ThresholdSet(uint256 threshold);
    event AnswerBoundsSet(int256 minAnswer, int256 maxAnswer);

    error NoDataPresent();
    error WrongRound(uint80 expected, uint80 got);
    error StaleReport(uint64 lastObservedAt, uint64 observedAt);
    error FutureReport(uint64 observedAt, uint256 blockTimestamp);
    error AnswerOutOfBounds(int256 answer, int256 minAnswer, int256 maxAnswer);
    error NotEnoughSignatures(uint256 got, uint256 threshold);
    /// @dev Signatures must be ordered by strictly increasing signer address: a repeated signer fails here.
    error SignersNotSorted(address previous, address signer);
    error InvalidSigner(address recovered);
    error InvalidThreshold(uint256 threshold, uint256 signers);
    error InvalidBounds(int256 minAnswer, int256 maxAnswer);
    error SignerAlreadyAdded(address signer);
    error SignerNotFound(address signer);
    /// @notice The signer set is full (`addSigner` beyond the maximum bounded by the signature loop).
    error TooManySigners(uint256 maxSigners);

    /// @notice Verifies `signatures` over `report` and stores it as the next round.
    /// @param signatures 65-byte ECDSA signatures (r, s, v), ordered by strictly increasing signer address.
    function transmit(Report calldata report, bytes[] calldata signatures) external;

    /// @notice EIP-712 digest signers sign for `report`.
    function reportDigest(Report calldata report) external view returns (bytes32);

    /// @notice Latest round id (0 before the first round).
    function latestRound() external view returns (uint256);
    /// @notice Answer of the latest round; reverts `NoDataPresent` before the first round (never a silent 0).
    function latestAnswer() external view returns (int256);
    /// @notice Observation timestamp of the latest round; reverts `NoDataPresent` before the first round.
    function latestTimestamp() external view returns (uint256);
    /// @notice Valid signatures required per report.
    function threshold() external view returns (uint256);
    /// @notice Number of registered signers.
    function signerCount() external view returns (uint256);
    /// @notice Whether `account` is a registered signer.
    function isSigner(address account) external view returns (bool);
    /// @notice Smallest answer `transmit` accepts.
    function minAnswer() external view returns (int256);
    /// @notice Largest answer `transmit` accepts.
    function maxAnswer() external view returns (int256);

    /// @notice Registers `signer` (non-zero, not yet registered, within the maximum). Only the admin.
    function addSigner(address signer) external;
    /// @notice Unregisters `signer`; reverts `InvalidThreshold` if fewer than `threshold` signers would remain.
    /// Signatures of a removed signer no longer count. Only the admin.
    function removeSigner(address signer) external;
    /// @notice Sets the signatures required per report, in `[1, signerCount]`. Only the admin.
    function setThreshold(uint256 newThreshold) external;
    /// @notice Sets the accepted answer range (`newMinAnswer <= newMaxAnswer`, both within int128). Only the admin.
    function setAnswerBounds(int256 newMinAnswer, int256 newMaxAnswer) external;
}
