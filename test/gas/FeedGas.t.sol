// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {PushFeedBase} from "../oracles/PushFeedBase.sol";
import {VM_COOL} from "../utils/VmCool.sol";

/// @notice Gas of one steady-state PushFeed transmit (round 2: the config slot is already non-zero, the round slot
/// is fresh). As in a keeper's transaction, the feed account is warm (it is the transaction's `to`; signing reads
/// `description()`) and its storage cold (`vm.cool`). Report building and signing run with gas metering paused, so
/// the snapshot measures the transmit call.
contract FeedGasTest is PushFeedBase {
    PushFeed internal feed1of1;
    PushFeed internal feed3of5;
    uint256[] internal keys1;
    uint256[] internal keys5;

    function setUp() public {
        vm.warp(START);
        keys1 = _keys(1);
        keys5 = _keys(5);
        feed1of1 = _deploy(keys1, 1);
        feed3of5 = _deploy(keys5, 3);
        _push(feed1of1, 1e8, keys1);
        uint256[] memory three = new uint256[](3);
        (three[0], three[1], three[2]) = (keys5[0], keys5[2], keys5[4]);
        _push(feed3of5, 1e8, three);
        vm.warp(START + 1 hours);
    }

    function _measure(PushFeed feed, uint256[] memory signers) internal {
        vm.pauseGasMetering();
        IPushFeed.Report memory r = _report(2, 1.0002e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _sortByAddress(signers));
        VM_COOL.cool(address(feed));
        vm.resumeGasMetering();
        feed.transmit(r, sigs);
        vm.pauseGasMetering();
        assertEq(feed.latestRound(), 2, "round 2 stored");
        vm.resumeGasMetering();
    }

    function test_gas_push_1of1() public {
        _measure(feed1of1, keys1);
    }

    function test_gas_push_3of5() public {
        uint256[] memory three = new uint256[](3);
        (three[0], three[1], three[2]) = (keys5[1], keys5[2], keys5[3]);
        _measure(feed3of5, three);
    }
}
