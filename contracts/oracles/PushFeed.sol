// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IPushFeed} from "../interfaces/IPushFeed.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title PushFeed
/// @notice Chainlink-compatible price feed whose rounds are EIP-712 reports signed by a threshold of registered
/// signers and transmitted by anyone.
/// @dev Storage layout is tuned for the steady-state `transmit`: one config slot read and written (latest round id,
/// last observation time, threshold, signer count), one bounds slot read, one signer slot read per signature and one
/// fresh slot per round. The admin (`DEFAULT_ADMIN_ROLE`, a timelock in production) manages signers, threshold and
/// answer bounds.
contract PushFeed is IPushFeed, RoleManaged, EIP712 {
    /// @notice EIP-712 type hash of `Report`.
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant REPORT_TYPEHASH = keccak256("Report(uint80 roundId,int256 answer,uint64 observedAt)");
    /// @notice Largest number of registered signers (bounds the signature loop of `transmit`).
    uint256 public constant MAX_SIGNERS = 31;
    /// @notice Delay before a scheduled admin transfer can be accepted.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;

    /// @dev One round: the answer and its observation timestamp, in one slot. `observedAt == 0` means absent.
    struct Round {
        int192 answer;
        uint64 observedAt;
    }

    /// @dev Everything `transmit` reads and writes besides the round itself, in one slot.
    struct Config {
        uint80 latestRoundId;
        uint64 lastObservedAt;
        uint8 threshold;
        uint8 signerCount;
    }

    /// @dev Answer bounds in one slot; `int128` keeps every accepted answer inside the stored `int192`.
    struct Bounds {
        int128 minAnswer;
        int128 maxAnswer;
    }

    /// @inheritdoc IAggregatorV3
    uint8 public immutable decimals;

    Config internal _config;
    Bounds internal _bounds;
    mapping(uint80 roundId => Round) internal _rounds;
    /// @inheritdoc IPushFeed
    mapping(address account => bool) public isSigner;

    /// @param admin Holder of `DEFAULT_ADMIN_ROLE`.
    /// @param decimals_ Decimals of every answer.
    /// @param description_ Feed description, also the EIP-712 domain name (e.g. "AID / USD").
    /// @param minAnswer_ Smallest accepted answer.
    /// @param maxAnswer_ Largest accepted answer.
    /// @param signers Initial signer set (distinct, non-zero, at most `MAX_SIGNERS`).
    /// @param threshold_ Signatures required per report, in `[1, signers.length]`.
    constructor(
        address admin,
        uint8 decimals_,
        string memory description_,
        int256 minAnswer_,
        int256 maxAnswer_,
        address[] memory signers,
        uint256 threshold_
    ) RoleManaged(ADMIN_TRANSFER_DELAY, admin) EIP712(description_, "1") {
        decimals = decimals_;
        _setAnswerBounds(minAnswer_, maxAnswer_);
        for (uint256 i; i < signers.length; ++i) {
            _addSigner(signers[i]);
        }
        _setThreshold(threshold_);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transmission
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPushFeed
    function transmit(Report calldata report, bytes[] calldata signatures) external {
        Config memory config = _config;

        // Checks: round, freshness, bounds.
        uint80 expected = config.latestRoundId + 1;
        if (report.roundId != expected) revert WrongRound(expected, report.roundId);
        // solhint-disable-next-line gas-strict-inequalities
        if (report.observedAt <= config.lastObservedAt) revert StaleReport(config.lastObservedAt, report.observedAt);
        // forge-lint: disable-next-line(block-timestamp)
        if (report.observedAt > block.timestamp) revert FutureReport(report.observedAt, block.timestamp);
        Bounds memory bounds = _bounds;
        if (report.answer < bounds.minAnswer || report.answer > bounds.maxAnswer) {
            revert AnswerOutOfBounds(report.answer, bounds.minAnswer, bounds.maxAnswer);
        }

        // Checks: signatures. Strictly increasing addresses make every counted signer distinct; the loop is bounded
        // by MAX_SIGNERS + 1 iterations because an unregistered or repeated signer reverts.
        uint256 count = signatures.length;
        if (count < config.threshold) revert NotEnoughSignatures(count, config.threshold);
        bytes32 digest = _reportDigest(report);
        address previous;
        for (uint256 i; i < count; ++i) {
            address signer = ECDSA.recoverCalldata(digest, signatures[i]);
            if (!isSigner[signer]) revert InvalidSigner(signer);
            // solhint-disable-next-line gas-strict-inequalities
            if (signer <= previous) revert SignersNotSorted(previous, signer);
            previous = signer;
        }

        // Effects.
        // casting to 'int192' is safe because the answer is inside the int128 bounds checked above
        // forge-lint: disable-next-line(unsafe-typecast)
        _rounds[expected] = Round({answer: int192(report.answer), observedAt: report.observedAt});
        config.latestRoundId = expected;
        config.lastObservedAt = report.observedAt;
        _config = config;

        emit AnswerUpdated(report.answer, expected, report.observedAt);
        emit NewRound(expected, msg.sender, report.observedAt, count);
    }

    /// @inheritdoc IPushFeed
    function reportDigest(Report calldata report) external view returns (bytes32) {
        return _reportDigest(report);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAggregatorV3
    function description() external view returns (string memory) {
        return _EIP712Name();
    }

    /// @inheritdoc IAggregatorV3
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc IAggregatorV3
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = _rounds[roundId];
        if (round.observedAt == 0) revert NoDataPresent();
        return (roundId, round.answer, round.observedAt, round.observedAt, roundId);
    }

    /// @inheritdoc IAggregatorV3
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = _config.latestRoundId;
        Round memory round = _latest(roundId);
        return (roundId, round.answer, round.observedAt, round.observedAt, roundId);
    }

    /// @inheritdoc IPushFeed
    function latestRound() external view returns (uint256) {
        return _config.latestRoundId;
    }

    /// @inheritdoc IPushFeed
    function latestAnswer() external view returns (int256) {
        return _latest(_config.latestRoundId).answer;
    }

    /// @inheritdoc IPushFeed
    function latestTimestamp() external view returns (uint256) {
        return _latest(_config.latestRoundId).observedAt;
    }

    /// @inheritdoc IPushFeed
    function threshold() external view returns (uint256) {
        return _config.threshold;
    }

    /// @inheritdoc IPushFeed
    function signerCount() external view returns (uint256) {
        return _config.signerCount;
    }

    /// @inheritdoc IPushFeed
    function minAnswer() external view returns (int256) {
        return _bounds.minAnswer;
    }

    /// @inheritdoc IPushFeed
    function maxAnswer() external view returns (int256) {
        return _bounds.maxAnswer;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Admin
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPushFeed
    function addSigner(address signer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _addSigner(signer);
    }

    /// @inheritdoc IPushFeed
    function removeSigner(address signer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!isSigner[signer]) revert SignerNotFound(signer);
        Config memory config = _config;
        uint256 remaining = config.signerCount - 1;
        if (remaining < config.threshold) revert InvalidThreshold(config.threshold, remaining);
        isSigner[signer] = false;
        // casting to 'uint8' is safe because remaining < signerCount <= MAX_SIGNERS
        // forge-lint: disable-next-line(unsafe-typecast)
        _config.signerCount = uint8(remaining);
        emit SignerRemoved(signer);
    }

    /// @inheritdoc IPushFeed
    function setThreshold(uint256 newThreshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setThreshold(newThreshold);
    }

    /// @inheritdoc IPushFeed
    function setAnswerBounds(int256 newMinAnswer, int256 newMaxAnswer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setAnswerBounds(newMinAnswer, newMaxAnswer);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------------------------

    function _reportDigest(Report calldata report) internal view returns (bytes32) {
        return
            _hashTypedDataV4(keccak256(abi.encode(REPORT_TYPEHASH, report.roundId, report.answer, report.observedAt)));
    }

    function _latest(uint80 roundId) internal view returns (Round memory round) {
        if (roundId == 0) revert NoDataPresent();
        return _rounds[roundId];
    }

    function _addSigner(address signer) internal {
        if (signer == address(0)) revert InvalidSigner(signer);
        if (isSigner[signer]) revert SignerAlreadyAdded(signer);
        uint256 count = _config.signerCount;
        if (count + 1 > MAX_SIGNERS) revert TooManySigners(MAX_SIGNERS);
        isSigner[signer] = true;
        // casting to 'uint8' is safe because count < MAX_SIGNERS
        // forge-lint: disable-next-line(unsafe-typecast)
        _config.signerCount = uint8(count + 1);
        emit SignerAdded(signer);
    }

    function _setThreshold(uint256 newThreshold) internal {
        uint256 count = _config.signerCount;
        if (newThreshold == 0 || newThreshold > count) revert InvalidThreshold(newThreshold, count);
        // casting to 'uint8' is safe because newThreshold <= signerCount <= MAX_SIGNERS
        // forge-lint: disable-next-line(unsafe-typecast)
        _config.threshold = uint8(newThreshold);
        emit ThresholdSet(newThreshold);
    }

    function _setAnswerBounds(int256 newMinAnswer, int256 newMaxAnswer) internal {
        if (newMinAnswer > newMaxAnswer || newMinAnswer < type(int128).min || newMaxAnswer > type(int128).max) {
            revert InvalidBounds(newMinAnswer, newMaxAnswer);
        }
        // casting to 'int128' is safe because both bounds were checked to be inside the int128 range
        // forge-lint: disable-next-line(unsafe-typecast)
        _bounds = Bounds({minAnswer: int128(newMinAnswer), maxAnswer: int128(newMaxAnswer)});
        emit AnswerBoundsSet(newMinAnswer, newMaxAnswer);
    }
}
