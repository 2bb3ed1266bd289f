// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {Vm} from "forge-std/Vm.sol";

/// @title FeedReports
/// @notice Signs and transmits a push-feed round with a 1-of-1 signer key (deploy script, seed script, tests).
/// @dev The signature is made with `VM.sign` (no transaction); only `transmit` is a call, so under a broadcast it is
/// the one transaction sent.
library FeedReports {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Transmits `answer` as the next round of `feed`, observed at `block.timestamp`, signed by `signerKey`.
    function push(IPushFeed feed, uint256 signerKey, int256 answer) internal {
        IPushFeed.Report memory report = IPushFeed.Report({
            roundId: uint80(feed.latestRound() + 1), answer: answer, observedAt: uint64(block.timestamp)
        });
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(signerKey, feed.reportDigest(report));
        bytes[] memory signatures = new bytes[](1);
        signatures[0] = abi.encodePacked(r, s, v);
        feed.transmit(report, signatures);
    }

    /// @notice Pushes `answer` unless the feed already has a round observed at `block.timestamp` (a report must be
    /// strictly newer than the last one). Returns whether a round was transmitted.
    function refresh(IPushFeed feed, uint256 signerKey, int256 answer) internal returns (bool pushed) {
        // solhint-disable-next-line gas-strict-inequalities
        if (feed.latestRound() != 0 && feed.latestTimestamp() >= block.timestamp) return false;
        push(feed, signerKey, answer);
        return true;
    }
}
