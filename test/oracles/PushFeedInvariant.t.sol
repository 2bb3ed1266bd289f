// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {PushFeedBase} from "./PushFeedBase.sol";

/// @notice Drives a PushFeed with valid rounds, attack attempts and admin changes; keeps ghost state.
contract PushFeedHandler is PushFeedBase {
    uint256 internal constant POOL = 12;

    PushFeed public feed;
    bool[POOL] public registered;
    uint256 public ghostRounds;
    int256 public ghostAnswer;
    uint64 public ghostObservedAt;
    uint256 public ghostRejected;
    /// @dev Set if an attack attempt was ever accepted or changed state.
    bool public attackSucceeded;

    constructor(PushFeed feed_, uint256 initialSigners) {
        feed = feed_;
        for (uint256 i; i < initialSigners; ++i) {
            registered[i] = true;
        }
    }

    function _registeredKeys() internal view returns (uint256[] memory out) {
        uint256 k;
        for (uint256 i; i < POOL; ++i) {
            if (registered[i]) ++k;
        }
        out = new uint256[](k);
        k = 0;
        for (uint256 i; i < POOL; ++i) {
            if (registered[i]) out[k++] = _pk(i);
        }
    }

    /// @dev First `count` registered keys starting at a rotating offset, sorted.
    function _quorum(uint256 count, uint256 offset) internal view returns (uint256[] memory q) {
        uint256[] memory keys = _registeredKeys();
        offset = offset % keys.length;
        q = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            q[i] = keys[(offset + i) % keys.length];
        }
        q = _sortByAddress(q);
    }

    function transmitValid(int256 answer, uint256 dt, uint256 extra, uint256 offset) external {
        vm.warp(block.timestamp + bound(dt, 1, 1 days));
        answer = bound(answer, feed.minAnswer(), feed.maxAnswer());
        uint256 count = feed.threshold() + bound(extra, 0, feed.signerCount() - feed.threshold());
        IPushFeed.Report memory r = _report(uint80(ghostRounds + 1), answer, uint64(block.timestamp));
        feed.transmit(r, _sign(feed, r, _quorum(count, offset)));
        ++ghostRounds;
        ghostAnswer = answer;
        ghostObservedAt = r.observedAt;
    }

    function attack(uint256 kind, int256 answer, uint256 offset) external {
        vm.warp(block.timestamp + 1);
        kind = bound(kind, 0, 5);
        answer = bound(answer, feed.minAnswer(), feed.maxAnswer());
        uint256 t = feed.threshold();
        IPushFeed.Report memory r = _report(uint80(ghostRounds + 1), answer, uint64(block.timestamp));
        uint256[] memory q = _quorum(t, offset);
        if (kind == 0) {
            r.roundId = uint80(ghostRounds); // replay / same round
        } else if (kind == 1) {
            r.observedAt = ghostObservedAt; // stale (not strictly newer)
        } else if (kind == 2) {
            r.observedAt = uint64(block.timestamp + 1); // future
        } else if (kind == 3) {
            q = _quorum(t - 1, offset); // short quorum
        } else if (kind == 4) {
            q[0] = _pk(1000 + (offset % 100)); // rogue key
            q = _sortByAddress(q);
        } else {
            uint256[] memory d = new uint256[](t + 1); // duplicate
            for (uint256 i; i < t; ++i) {
                d[i + 1] = q[i];
            }
            d[0] = q[0];
            q = d;
        }
        bytes[] memory sigs = _sign(feed, r, q);
        uint256 before = feed.latestRound();
        try feed.transmit(r, sigs) {
            attackSucceeded = true;
        } catch {
            ++ghostRejected;
        }
        if (feed.latestRound() != before) attackSucceeded = true;
    }

    function addSigner(uint256 i) external {
        i = bound(i, 0, POOL - 1);
        if (registered[i]) return;
        vm.prank(admin);
        feed.addSigner(vm.addr(_pk(i)));
        registered[i] = true;
    }

    function removeSigner(uint256 i) external {
        i = bound(i, 0, POOL - 1);
        if (!registered[i] || feed.signerCount() == feed.threshold()) return;
        vm.prank(admin);
        feed.removeSigner(vm.addr(_pk(i)));
        registered[i] = false;
    }

    function setThreshold(uint256 t) external {
        t = bound(t, 1, feed.signerCount());
        vm.prank(admin);
        feed.setThreshold(t);
    }

    function registeredCount() external view returns (uint256 k) {
        for (uint256 i; i < POOL; ++i) {
            if (registered[i]) ++k;
        }
    }
}

/// @notice Invariants of PushFeed under random valid rounds, attacks and admin changes.
contract PushFeedInvariantTest is PushFeedBase {
    PushFeed internal feed;
    PushFeedHandler internal handler;

    function setUp() public {
        vm.warp(START);
        feed = _deploy(_keys(5), 3);
        handler = new PushFeedHandler(feed, 5);
        targetContract(address(handler));
    }

    function invariant_roundCountMatchesAcceptedReports() public view {
        assertEq(feed.latestRound(), handler.ghostRounds(), "latestRound == accepted valid reports");
    }

    function invariant_latestMatchesLastAccepted() public view {
        if (handler.ghostRounds() == 0) return;
        (uint80 id, int256 answer,, uint256 updatedAt, uint80 air) = feed.latestRoundData();
        assertEq(id, handler.ghostRounds(), "latest id");
        assertEq(air, id, "answeredInRound");
        assertEq(answer, handler.ghostAnswer(), "latest answer");
        assertEq(updatedAt, handler.ghostObservedAt(), "latest observedAt");
    }

    function invariant_observationsStrictlyIncreaseAndNeverFuture() public view {
        uint256 n = feed.latestRound();
        uint256 previous;
        for (uint80 id = 1; id <= n; ++id) {
            (,,, uint256 updatedAt,) = feed.getRoundData(id);
            assertGt(updatedAt, previous, "strictly newer observation per round");
            assertLe(updatedAt, block.timestamp, "never in the future");
            previous = updatedAt;
        }
    }

    function invariant_attacksNeverAccepted() public view {
        assertFalse(handler.attackSucceeded(), "no attack report accepted");
    }

    function invariant_thresholdWithinSignerSet() public view {
        assertGe(feed.threshold(), 1, "threshold >= 1");
        assertLe(feed.threshold(), feed.signerCount(), "threshold <= signers");
        assertLe(feed.signerCount(), feed.MAX_SIGNERS(), "signers <= max");
        assertEq(feed.signerCount(), handler.registeredCount(), "signerCount == registered set");
    }
}
