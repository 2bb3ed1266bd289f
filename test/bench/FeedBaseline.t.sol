// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {PushFeedBase} from "../oracles/PushFeedBase.sol";
import {VM_COOL} from "../utils/VmCool.sol";
import {SingleSignerAggregator} from "./SingleSignerAggregator.sol";
import {console} from "forge-std/console.sol";

/// @notice Side-by-side execution gas of one steady-state push: the single-signer baseline vs PushFeed 1-of-1 and
/// 3-of-5. Each push is round 2 (round 1 pushed before), with the target cooled (`vm.cool`) so every slot is cold, as
/// in a real transaction. Run: `npx forge test --match-path 'test/bench/*' -vv`.
contract FeedBaselineTest is PushFeedBase {
    /// @dev Accepted overhead of PushFeed 1-of-1 over the baseline (EIP-712 domain, bounds slot, signer slot, second
    /// event); the test fails if the feed regresses past it.
    uint256 internal constant MAX_OVERHEAD_1OF1 = 12_000;
    /// @dev Accepted marginal cost of each additional signature (ecrecover 3000 + cold signer slot 2100 + decoding).
    uint256 internal constant MAX_PER_EXTRA_SIGNATURE = 6500;

    function _baseline() internal returns (uint256 gasUsed) {
        uint256 pk = _pk(0);
        SingleSignerAggregator agg = new SingleSignerAggregator(vm.addr(pk));
        bytes32 h = agg.reportHash(1, 1e8, uint64(block.timestamp));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, h);
        agg.push(1, 1e8, uint64(block.timestamp), v, r, s);
        vm.warp(block.timestamp + 1 hours);
        h = agg.reportHash(2, 1.0002e8, uint64(block.timestamp));
        (v, r, s) = vm.sign(pk, h);
        VM_COOL.cool(address(agg));
        agg.push(2, 1.0002e8, uint64(block.timestamp), v, r, s);
        gasUsed = vm.lastCallGas().gasTotalUsed;
        (, int256 answer,,,) = agg.latestRoundData();
        assertEq(answer, 1.0002e8, "baseline stored round 2");
    }

    function _pushFeed(uint256 n, uint256 t) internal returns (uint256 gasUsed) {
        uint256[] memory keys = _keys(n);
        PushFeed feed = _deploy(keys, t);
        uint256[] memory quorum = new uint256[](t);
        for (uint256 i; i < t; ++i) {
            quorum[i] = keys[i];
        }
        quorum = _sortByAddress(quorum);
        _push(feed, 1e8, quorum);
        vm.warp(block.timestamp + 1 hours);
        IPushFeed.Report memory r = _report(2, 1.0002e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, quorum);
        VM_COOL.cool(address(feed));
        feed.transmit(r, sigs);
        gasUsed = vm.lastCallGas().gasTotalUsed;
        assertEq(feed.latestAnswer(), 1.0002e8, "feed stored round 2");
    }

    function test_bench_pushGas() public {
        vm.warp(START);
        uint256 base = _baseline();
        uint256 one = _pushFeed(1, 1);
        uint256 three = _pushFeed(5, 3);
        console.log("push execution gas (steady state, cold), round 2");
        console.log("  SingleSignerAggregator (1 signer):", base);
        console.log("  PushFeed 1-of-1                  :", one);
        console.log("  PushFeed 3-of-5                  :", three);
        console.log("  PushFeed 1-of-1 overhead vs base :", one - base);
        console.log("  PushFeed per extra signature     :", (three - one) / 2);
        assertLe(one, base + MAX_OVERHEAD_1OF1, "1-of-1 overhead over the baseline within budget");
        assertLe((three - one) / 2, MAX_PER_EXTRA_SIGNATURE, "marginal signature cost within budget");
    }
}
