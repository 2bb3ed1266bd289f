// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {PushFeedBase} from "./PushFeedBase.sol";

/// @notice Fuzz tests of PushFeed signature verification against a reference model: random signer sets, thresholds,
/// subsets, wrong keys, permutations and duplicates. The model predicts the exact outcome (success or error) and the
/// feed must match it.
contract PushFeedFuzzTest is PushFeedBase {
    uint256 internal constant MAX_N = 10;

    function setUp() public {
        vm.warp(START);
    }

    /// @dev A feed with `n` signers (keys 0..n-1) and threshold `t`.
    function _setup(uint256 n, uint256 t) internal returns (PushFeed feed, uint256[] memory pks) {
        pks = _keys(n);
        feed = _deploy(pks, t);
    }

    /// @dev Keys selected by the bits of `mask`.
    function _subset(uint256[] memory pks, uint256 mask) internal pure returns (uint256[] memory out) {
        uint256 k;
        for (uint256 i; i < pks.length; ++i) {
            if (mask & (1 << i) != 0) ++k;
        }
        out = new uint256[](k);
        k = 0;
        for (uint256 i; i < pks.length; ++i) {
            if (mask & (1 << i) != 0) out[k++] = pks[i];
        }
    }

    /// @dev Reference model of the signature checks: the error `transmit` must raise for signers `order` (in the
    /// order given), or empty bytes for success.
    function _expectedError(PushFeed feed, address[] memory order) internal view returns (bytes memory) {
        if (order.length < feed.threshold()) {
            return abi.encodeWithSelector(IPushFeed.NotEnoughSignatures.selector, order.length, feed.threshold());
        }
        address previous;
        for (uint256 i; i < order.length; ++i) {
            if (!feed.isSigner(order[i])) return abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, order[i]);
            if (uint160(order[i]) <= uint160(previous)) {
                return abi.encodeWithSelector(IPushFeed.SignersNotSorted.selector, previous, order[i]);
            }
            previous = order[i];
        }
        return "";
    }

    function _transmitAndCheck(PushFeed feed, IPushFeed.Report memory r, uint256[] memory order) internal {
        bytes memory expected = _expectedError(feed, _addrs(order));
        bytes[] memory sigs = _sign(feed, r, order);
        (bool ok, bytes memory ret) = address(feed).call(abi.encodeCall(IPushFeed.transmit, (r, sigs)));
        if (expected.length == 0) {
            assertTrue(ok, "model predicts success");
            assertEq(feed.latestRound(), r.roundId, "round stored");
            assertEq(feed.latestAnswer(), r.answer, "answer stored");
            assertEq(feed.latestTimestamp(), r.observedAt, "observedAt stored");
        } else {
            assertFalse(ok, "model predicts failure");
            assertEq(ret, expected, "exact error");
            assertEq(feed.latestRound(), r.roundId - 1, "nothing stored");
        }
    }

    /// @notice Any sorted subset of registered signers passes iff its size reaches the threshold.
    function testFuzz_randomSubset(uint256 n, uint256 t, uint256 mask, int256 answer) public {
        n = bound(n, 1, MAX_N);
        t = bound(t, 1, n);
        mask = bound(mask, 0, (1 << n) - 1);
        answer = bound(answer, MIN_ANSWER, MAX_ANSWER);
        (PushFeed feed, uint256[] memory pks) = _setup(n, t);
        uint256[] memory order = _sortByAddress(_subset(pks, mask));
        _transmitAndCheck(feed, _report(1, answer, uint64(block.timestamp)), order);
        assertEq(feed.latestRound() == 1, order.length >= t, "accepted iff |subset| >= threshold");
    }

    /// @notice A signature from an unregistered key is rejected with that key's address, wherever it sorts.
    function testFuzz_wrongKey(uint256 n, uint256 t, uint256 mask, uint256 rogue) public {
        n = bound(n, 1, MAX_N);
        t = bound(t, 1, n);
        mask = bound(mask, 0, (1 << n) - 1);
        rogue = bound(rogue, 1, SECP256K1_ORDER - 1);
        (PushFeed feed, uint256[] memory pks) = _setup(n, t);
        vm.assume(!feed.isSigner(vm.addr(rogue)));
        uint256[] memory subset = _subset(pks, mask);
        uint256[] memory order = new uint256[](subset.length + 1);
        for (uint256 i; i < subset.length; ++i) {
            order[i] = subset[i];
        }
        order[subset.length] = rogue;
        order = _sortByAddress(order);
        _transmitAndCheck(feed, _report(1, 1e8, uint64(block.timestamp)), order);
        assertEq(feed.latestRound(), 0, "a rogue signature never passes");
    }

    /// @notice Swapping two signatures of a sorted quorum always fails with SignersNotSorted.
    function testFuzz_reordered(uint256 n, uint256 t, uint256 i, uint256 j) public {
        n = bound(n, 2, MAX_N);
        t = bound(t, 1, n);
        (PushFeed feed, uint256[] memory pks) = _setup(n, t);
        uint256[] memory order = _sortByAddress(pks);
        i = bound(i, 0, n - 1);
        j = bound(j, 0, n - 1);
        vm.assume(i != j);
        (order[i], order[j]) = (order[j], order[i]);
        _transmitAndCheck(feed, _report(1, 1e8, uint64(block.timestamp)), order);
        assertEq(feed.latestRound(), 0, "unsorted never passes");
    }

    /// @notice Inserting a duplicate of one signature next to it fails with SignersNotSorted(s, s), even when the
    /// distinct signers alone would miss the threshold by one.
    function testFuzz_duplicate(uint256 n, uint256 k, uint256 dup) public {
        n = bound(n, 1, MAX_N);
        k = bound(k, 1, n);
        (PushFeed feed, uint256[] memory pks) = _setup(n, k == n ? n : k + 1);
        uint256[] memory sorted = _sortByAddress(pks);
        dup = bound(dup, 0, k - 1);
        uint256[] memory order = new uint256[](k + 1);
        uint256 w;
        for (uint256 x; x < k; ++x) {
            order[w++] = sorted[x];
            if (x == dup) order[w++] = sorted[x];
        }
        _transmitAndCheck(feed, _report(1, 1e8, uint64(block.timestamp)), order);
        assertEq(feed.latestRound(), 0, "a duplicate never passes");
    }

    /// @notice Round, freshness and bounds checks come before signatures; only the exact next round, a strictly newer
    /// observation not in the future and an in-bounds answer pass.
    function testFuzz_reportFields(uint80 roundId, int256 answer, uint64 observedAt, uint64 lastAge, uint64 now_)
        public
    {
        now_ = uint64(bound(now_, START, START + 365 days));
        vm.warp(now_);
        (PushFeed feed, uint256[] memory pks) = _setup(1, 1);
        uint64 last = uint64(bound(lastAge, 1, now_));
        vm.warp(last);
        _push(feed, 1e8, pks);
        vm.warp(now_);

        roundId = uint80(bound(roundId, 0, 4));
        answer = bound(answer, MIN_ANSWER - 2, MAX_ANSWER + 2);
        observedAt = uint64(bound(observedAt, last - 1, uint256(now_) + 2));
        IPushFeed.Report memory r = _report(roundId, answer, observedAt);
        bytes[] memory sigs = _sign(feed, r, pks);

        bytes memory expected = _expectedFieldError(r, last, now_);
        (bool ok, bytes memory ret) = address(feed).call(abi.encodeCall(IPushFeed.transmit, (r, sigs)));
        _checkFieldOutcome(feed, r, expected, ok, ret);
    }

    function _expectedFieldError(IPushFeed.Report memory r, uint64 last, uint64 now_)
        internal
        pure
        returns (bytes memory)
    {
        if (r.roundId != 2) return abi.encodeWithSelector(IPushFeed.WrongRound.selector, uint80(2), r.roundId);
        if (r.observedAt <= last) return abi.encodeWithSelector(IPushFeed.StaleReport.selector, last, r.observedAt);
        if (r.observedAt > now_) {
            return abi.encodeWithSelector(IPushFeed.FutureReport.selector, r.observedAt, uint256(now_));
        }
        if (r.answer < MIN_ANSWER || r.answer > MAX_ANSWER) {
            return abi.encodeWithSelector(IPushFeed.AnswerOutOfBounds.selector, r.answer, MIN_ANSWER, MAX_ANSWER);
        }
        return "";
    }

    function _checkFieldOutcome(
        PushFeed feed,
        IPushFeed.Report memory r,
        bytes memory expected,
        bool ok,
        bytes memory ret
    ) internal view {
        if (expected.length == 0) {
            assertTrue(ok, "valid report accepted");
            (uint80 id, int256 a,, uint256 u,) = feed.latestRoundData();
            assertEq(id, 2, "round 2");
            assertEq(a, r.answer, "answer");
            assertEq(u, r.observedAt, "updatedAt");
        } else {
            assertFalse(ok, "invalid report rejected");
            assertEq(ret, expected, "exact error");
            assertEq(feed.latestRound(), 1, "state unchanged");
        }
    }

    /// @notice Garbage signature bytes never produce an accepted round.
    function testFuzz_garbageSignature(bytes memory sig) public {
        (PushFeed feed,) = _setup(1, 1);
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = sig;
        (bool ok,) =
            address(feed).call(abi.encodeCall(IPushFeed.transmit, (_report(1, 1e8, uint64(block.timestamp)), sigs)));
        assertFalse(ok, "garbage rejected");
        assertEq(feed.latestRound(), 0, "nothing stored");
    }

    /// @notice A quorum signed on another chain id never passes here.
    function testFuzz_otherChain(uint64 otherChain) public {
        vm.assume(otherChain != block.chainid);
        (PushFeed feed, uint256[] memory pks) = _setup(3, 2);
        uint256[] memory order = _sortByAddress(pks);
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes32 foreign = _digest(DESCRIPTION, otherChain, address(feed), r);
        bytes[] memory sigs = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            sigs[i] = _signDigest(order[i], foreign);
        }
        (bool ok,) = address(feed).call(abi.encodeCall(IPushFeed.transmit, (r, sigs)));
        assertFalse(ok, "cross-chain signatures rejected");
        assertEq(feed.latestRound(), 0, "nothing stored");
    }
}
