// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {PushFeedBase} from "./PushFeedBase.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {
    IAccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice Unit tests of PushFeed: constructor, transmit (every path), reads, admin setters, access matrix and the
/// attack catalogue (stale, future, replay, short quorum, repeated signer, removed signer, foreign domain).
contract PushFeedTest is PushFeedBase {
    PushFeed internal feed;
    uint256[] internal pks; // 5 signers, threshold 3

    function setUp() public {
        vm.warp(START);
        pks = _keys(5);
        feed = _deploy(pks, 3);
    }

    function _three() internal view returns (uint256[] memory s) {
        s = new uint256[](3);
        s[0] = pks[0];
        s[1] = pks[1];
        s[2] = pks[2];
        s = _sortByAddress(s);
    }

    function _sorted(uint256[] memory s) internal pure returns (uint256[] memory) {
        return _sortByAddress(_copy(s));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Constructor
    // ---------------------------------------------------------------------------------------------------------------

    function test_constructor_setsState() public view {
        assertEq(feed.decimals(), DECIMALS, "decimals");
        assertEq(feed.description(), DESCRIPTION, "description");
        assertEq(feed.version(), 1, "version");
        assertEq(feed.minAnswer(), MIN_ANSWER, "minAnswer");
        assertEq(feed.maxAnswer(), MAX_ANSWER, "maxAnswer");
        assertEq(feed.threshold(), 3, "threshold");
        assertEq(feed.signerCount(), 5, "signerCount");
        for (uint256 i; i < 5; ++i) {
            assertTrue(feed.isSigner(vm.addr(pks[i])), "signer registered");
        }
        assertFalse(feed.isSigner(stranger), "stranger not signer");
        assertEq(feed.latestRound(), 0, "no round yet");
        assertTrue(feed.hasRole(feed.DEFAULT_ADMIN_ROLE(), admin), "admin role");
        assertEq(feed.defaultAdminDelay(), feed.ADMIN_TRANSFER_DELAY(), "admin delay");
        (, string memory name, string memory version, uint256 chainId, address verifying,,) = feed.eip712Domain();
        assertEq(name, DESCRIPTION, "domain name");
        assertEq(version, "1", "domain version");
        assertEq(chainId, block.chainid, "domain chain");
        assertEq(verifying, address(feed), "domain contract");
    }

    function test_constructor_emitsEvents() public {
        address[] memory signers = _addrs(_keys(2));
        vm.expectEmit(true, true, true, true);
        emit IPushFeed.AnswerBoundsSet(MIN_ANSWER, MAX_ANSWER);
        vm.expectEmit(true, true, true, true);
        emit IPushFeed.SignerAdded(signers[0]);
        vm.expectEmit(true, true, true, true);
        emit IPushFeed.SignerAdded(signers[1]);
        vm.expectEmit(true, true, true, true);
        emit IPushFeed.ThresholdSet(2);
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, signers, 2);
    }

    function test_constructor_revertsZeroAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControlDefaultAdminRules.AccessControlInvalidDefaultAdmin.selector, address(0)
            )
        );
        new PushFeed(address(0), DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, _addrs(pks), 1);
    }

    function test_constructor_revertsZeroSigner() public {
        address[] memory signers = new address[](1);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, address(0)));
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, signers, 1);
    }

    function test_constructor_revertsDuplicateSigner() public {
        address[] memory signers = new address[](2);
        signers[0] = vm.addr(pks[0]);
        signers[1] = vm.addr(pks[0]);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.SignerAlreadyAdded.selector, signers[0]));
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, signers, 1);
    }

    function test_constructor_revertsTooManySigners() public {
        uint256 max = feed.MAX_SIGNERS();
        address[] memory signers = _addrs(_keys(max + 1));
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.TooManySigners.selector, max));
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, signers, 1);
    }

    function test_constructor_acceptsMaxSigners() public {
        uint256 max = feed.MAX_SIGNERS();
        PushFeed f = new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, _addrs(_keys(max)), max);
        assertEq(f.signerCount(), max, "max signers");
        assertEq(f.threshold(), max, "threshold = all");
    }

    function test_constructor_revertsZeroThreshold() public {
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidThreshold.selector, 0, 5));
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, _addrs(pks), 0);
    }

    function test_constructor_revertsThresholdAboveSigners() public {
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidThreshold.selector, 6, 5));
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, _addrs(pks), 6);
    }

    function test_constructor_revertsNoSigners() public {
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidThreshold.selector, 1, 0));
        new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, new address[](0), 1);
    }

    function test_constructor_revertsInvalidBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidBounds.selector, int256(2), int256(1)));
        new PushFeed(admin, DECIMALS, DESCRIPTION, 2, 1, _addrs(pks), 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transmit: success
    // ---------------------------------------------------------------------------------------------------------------

    function test_transmit_firstRound() public {
        IPushFeed.Report memory r = _report(1, 1.0001e8, uint64(block.timestamp - 5));
        bytes[] memory sigs = _sign(feed, r, _three());

        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.AnswerUpdated(1.0001e8, 1, block.timestamp - 5);
        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.NewRound(1, keeper, block.timestamp - 5, 3);
        vm.prank(keeper);
        feed.transmit(r, sigs);

        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            feed.latestRoundData();
        assertEq(roundId, 1, "roundId");
        assertEq(answer, 1.0001e8, "answer");
        assertEq(startedAt, block.timestamp - 5, "startedAt = observedAt");
        assertEq(updatedAt, block.timestamp - 5, "updatedAt = observedAt");
        assertEq(answeredInRound, 1, "answeredInRound");
        assertEq(feed.latestRound(), 1, "latestRound");
        assertEq(feed.latestAnswer(), 1.0001e8, "latestAnswer");
        assertEq(feed.latestTimestamp(), block.timestamp - 5, "latestTimestamp");
    }

    function test_transmit_observedAtEqualsBlockTimestamp() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        feed.transmit(r, _sign(feed, r, _three()));
        assertEq(feed.latestTimestamp(), block.timestamp, "observedAt == now accepted");
    }

    function test_transmit_answersAtBoundsAccepted() public {
        _push(feed, MIN_ANSWER, _three());
        assertEq(feed.latestAnswer(), MIN_ANSWER, "min accepted");
        vm.warp(block.timestamp + 1);
        _push(feed, MAX_ANSWER, _three());
        assertEq(feed.latestAnswer(), MAX_ANSWER, "max accepted");
    }

    function test_transmit_moreThanThreshold() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.NewRound(1, address(this), block.timestamp, 5);
        feed.transmit(r, _sign(feed, r, _sorted(pks)));
        assertEq(feed.latestRound(), 1, "5 of 5 accepted");
    }

    function test_transmit_keepsHistory() public {
        _push(feed, 1e8, _three());
        uint256 t1 = block.timestamp;
        vm.warp(block.timestamp + 60);
        _push(feed, 1.01e8, _three());
        (uint80 id, int256 a, uint256 s, uint256 u, uint80 air) = feed.getRoundData(1);
        assertEq(id, 1, "old round id");
        assertEq(a, 1e8, "old answer");
        assertEq(s, t1, "old startedAt");
        assertEq(u, t1, "old updatedAt");
        assertEq(air, 1, "old answeredInRound");
        (id, a,, u,) = feed.getRoundData(2);
        assertEq(a, 1.01e8, "new answer");
        assertEq(u, t1 + 60, "new updatedAt");
        (id, a,,,) = feed.latestRoundData();
        assertEq(id, 2, "latest id");
        assertEq(a, 1.01e8, "latest answer");
    }

    function test_transmit_negativeAnswerWithinBounds() public {
        vm.prank(admin);
        feed.setAnswerBounds(-100, 100);
        _push(feed, -42, _three());
        assertEq(feed.latestAnswer(), -42, "negative answer stored as int192");
    }

    function test_transmit_extremeBoundsRoundTrip() public {
        vm.prank(admin);
        feed.setAnswerBounds(type(int128).min, type(int128).max);
        _push(feed, type(int128).max, _three());
        assertEq(feed.latestAnswer(), type(int128).max, "int128 max round trip");
        vm.warp(block.timestamp + 1);
        _push(feed, type(int128).min, _three());
        assertEq(feed.latestAnswer(), type(int128).min, "int128 min round trip");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transmit: reverts (attack catalogue)
    // ---------------------------------------------------------------------------------------------------------------

    function test_transmit_revertsRoundZero() public {
        IPushFeed.Report memory r = _report(0, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.WrongRound.selector, uint80(1), uint80(0)));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsSkippedRound() public {
        IPushFeed.Report memory r = _report(2, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.WrongRound.selector, uint80(1), uint80(2)));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: replaying an accepted report (same round, same signatures).
    function test_attack_replayedReport() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        feed.transmit(r, sigs);
        vm.warp(block.timestamp + 100);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.WrongRound.selector, uint80(2), uint80(1)));
        feed.transmit(r, sigs);
        assertEq(feed.latestRound(), 1, "replay changed nothing");
    }

    /// @dev Attack: a validly signed report for the next round but with an old observation (stale price).
    function test_attack_staleReport() public {
        _push(feed, 1e8, _three());
        uint64 last = uint64(block.timestamp);
        vm.warp(block.timestamp + 100);
        IPushFeed.Report memory r = _report(2, 1.5e8, last - 1);
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.StaleReport.selector, last, last - 1));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsSameObservedAt() public {
        _push(feed, 1e8, _three());
        uint64 last = uint64(block.timestamp);
        vm.warp(block.timestamp + 100);
        IPushFeed.Report memory r = _report(2, 1.5e8, last);
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.StaleReport.selector, last, last));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsZeroObservedAtOnFirstRound() public {
        IPushFeed.Report memory r = _report(1, 1e8, 0);
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.StaleReport.selector, uint64(0), uint64(0)));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: a report dated in the future (would look fresh for longer than it is).
    function test_attack_futureDatedReport() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp + 1));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(
            abi.encodeWithSelector(IPushFeed.FutureReport.selector, uint64(block.timestamp + 1), block.timestamp)
        );
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsAnswerBelowMin() public {
        IPushFeed.Report memory r = _report(1, MIN_ANSWER - 1, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(
            abi.encodeWithSelector(IPushFeed.AnswerOutOfBounds.selector, MIN_ANSWER - 1, MIN_ANSWER, MAX_ANSWER)
        );
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsAnswerAboveMax() public {
        IPushFeed.Report memory r = _report(1, MAX_ANSWER + 1, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(
            abi.encodeWithSelector(IPushFeed.AnswerOutOfBounds.selector, MAX_ANSWER + 1, MIN_ANSWER, MAX_ANSWER)
        );
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsNoSignatures() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.NotEnoughSignatures.selector, 0, 3));
        feed.transmit(r, new bytes[](0));
    }

    /// @dev Attack: fewer valid signatures than the threshold.
    function test_attack_fewerThanThreshold() public {
        uint256[] memory two = new uint256[](2);
        two[0] = pks[0];
        two[1] = pks[1];
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _sortByAddress(two));
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.NotEnoughSignatures.selector, 2, 3));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: one signer's signature repeated to reach the threshold.
    function test_attack_repeatedSigner() public {
        uint256[] memory s = new uint256[](3);
        s[0] = pks[0];
        s[1] = pks[0];
        s[2] = pks[0];
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, s);
        address a = vm.addr(pks[0]);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.SignersNotSorted.selector, a, a));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: the same signer twice via the malleable twin (s' = n - s) of its signature: rejected by ECDSA.
    function test_attack_malleableSignature() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes32 digest = feed.reportDigest(r);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(pks[0], digest);
        bytes32 sHigh = bytes32(SECP256K1_ORDER - uint256(s));
        uint8 vFlip = v == 27 ? 28 : 27;
        assertEq(ecrecover(digest, vFlip, rr, sHigh), vm.addr(pks[0]), "twin recovers the same signer");
        vm.prank(admin);
        feed.setThreshold(1);
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = abi.encodePacked(rr, sHigh, vFlip);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, sHigh));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsUnsorted() public {
        uint256[] memory s = _three();
        (s[0], s[2]) = (s[2], s[0]); // descending at index 1 → order breaks at position 1
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, s);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.SignersNotSorted.selector, vm.addr(s[0]), vm.addr(s[1])));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsUnknownSigner() public {
        uint256 rogue = _pk(1000);
        uint256[] memory s = _three();
        s[1] = rogue;
        s = _sortByAddress(s);
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, s);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, vm.addr(rogue)));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: a signer removed by the admin still signs.
    function test_attack_removedSigner() public {
        uint256[] memory s = _three();
        vm.prank(admin);
        feed.removeSigner(vm.addr(s[1]));
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, s);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, vm.addr(s[1])));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: signatures made for another feed (same signers, same description, other address).
    function test_attack_signaturesForAnotherFeed() public {
        PushFeed other = _deploy(pks, 3);
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        uint256[] memory s = _three();
        bytes[] memory sigs = _sign(other, r, s);
        other.transmit(r, sigs); // valid where they were meant to go
        address recovered = ECDSA.recover(feed.reportDigest(r), sigs[0]);
        assertFalse(feed.isSigner(recovered), "foreign signature recovers a non-signer");
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, recovered));
        feed.transmit(r, sigs);
    }

    /// @dev Attack: signatures made for the same feed address on another chain.
    function test_attack_signaturesForAnotherChain() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        uint256[] memory s = _three();
        bytes32 foreign = _digest(DESCRIPTION, block.chainid + 1, address(feed), r);
        bytes[] memory sigs = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            sigs[i] = _signDigest(s[i], foreign);
        }
        address recovered = ECDSA.recover(feed.reportDigest(r), sigs[0]);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, recovered));
        feed.transmit(r, sigs);
    }

    /// @dev The domain follows the chain id (fork safety): after a chain id change old-chain signatures fail and
    /// new-chain signatures pass.
    function test_domain_followsChainId() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory oldSigs = _sign(feed, r, _three());
        vm.chainId(block.chainid + 7);
        assertEq(
            feed.reportDigest(r), _digest(DESCRIPTION, block.chainid, address(feed), r), "digest uses new chain id"
        );
        address recovered = ECDSA.recover(feed.reportDigest(r), oldSigs[0]);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, recovered));
        feed.transmit(r, oldSigs);
        feed.transmit(r, _sign(feed, r, _three()));
        assertEq(feed.latestRound(), 1, "new-chain signatures accepted");
    }

    /// @dev Attack: a report whose answer was altered after signing.
    function test_attack_tamperedAnswer() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        r.answer = 1.9e8;
        address recovered = ECDSA.recover(feed.reportDigest(r), sigs[0]);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, recovered));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsBadSignatureLength() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        sigs[0] = bytes.concat(sigs[0], bytes1(0));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureLength.selector, 66));
        feed.transmit(r, sigs);
    }

    function test_transmit_revertsInvalidV() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        sigs[0][64] = bytes1(uint8(29));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignature.selector));
        feed.transmit(r, sigs);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------------------------------

    function test_reportDigest_matchesIndependentComputation() public view {
        IPushFeed.Report memory r = _report(7, -3, 12_345);
        assertEq(feed.reportDigest(r), _digest(DESCRIPTION, block.chainid, address(feed), r), "EIP-712 digest");
        assertEq(feed.REPORT_TYPEHASH(), REPORT_TYPEHASH, "type hash");
    }

    function test_latestRoundData_revertsWhenEmpty() public {
        vm.expectRevert(IPushFeed.NoDataPresent.selector);
        feed.latestRoundData();
    }

    function test_latestAnswer_revertsWhenEmpty() public {
        vm.expectRevert(IPushFeed.NoDataPresent.selector);
        feed.latestAnswer();
    }

    function test_latestTimestamp_revertsWhenEmpty() public {
        vm.expectRevert(IPushFeed.NoDataPresent.selector);
        feed.latestTimestamp();
    }

    function test_getRoundData_revertsRoundZero() public {
        _push(feed, 1e8, _three());
        vm.expectRevert(IPushFeed.NoDataPresent.selector);
        feed.getRoundData(0);
    }

    function test_getRoundData_revertsFutureRound() public {
        _push(feed, 1e8, _three());
        vm.expectRevert(IPushFeed.NoDataPresent.selector);
        feed.getRoundData(2);
    }

    function test_getRoundData_revertsWhenEmpty() public {
        vm.expectRevert(IPushFeed.NoDataPresent.selector);
        feed.getRoundData(1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Admin setters
    // ---------------------------------------------------------------------------------------------------------------

    function test_addSigner() public {
        address a = vm.addr(_pk(50));
        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.SignerAdded(a);
        vm.prank(admin);
        feed.addSigner(a);
        assertTrue(feed.isSigner(a), "added");
        assertEq(feed.signerCount(), 6, "count");
    }

    function test_addSigner_newSignerCounts() public {
        vm.startPrank(admin);
        feed.addSigner(vm.addr(_pk(50)));
        feed.setThreshold(1);
        vm.stopPrank();
        uint256[] memory s = new uint256[](1);
        s[0] = _pk(50);
        _push(feed, 1e8, s);
        assertEq(feed.latestRound(), 1, "new signer accepted");
    }

    function test_addSigner_revertsZero() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidSigner.selector, address(0)));
        feed.addSigner(address(0));
    }

    function test_addSigner_revertsDuplicate() public {
        address a = vm.addr(pks[0]);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.SignerAlreadyAdded.selector, a));
        feed.addSigner(a);
    }

    function test_addSigner_revertsWhenFull() public {
        uint256 max = feed.MAX_SIGNERS();
        vm.startPrank(admin);
        for (uint256 i = 5; i < max; ++i) {
            feed.addSigner(vm.addr(_pk(i)));
        }
        assertEq(feed.signerCount(), max, "full");
        address extra = vm.addr(_pk(max));
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.TooManySigners.selector, max));
        feed.addSigner(extra);
        vm.stopPrank();
    }

    function test_removeSigner() public {
        address a = vm.addr(pks[4]);
        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.SignerRemoved(a);
        vm.prank(admin);
        feed.removeSigner(a);
        assertFalse(feed.isSigner(a), "removed");
        assertEq(feed.signerCount(), 4, "count");
    }

    function test_removeSigner_revertsNotFound() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.SignerNotFound.selector, stranger));
        feed.removeSigner(stranger);
    }

    function test_removeSigner_revertsBelowThreshold() public {
        vm.startPrank(admin);
        feed.removeSigner(vm.addr(pks[0]));
        feed.removeSigner(vm.addr(pks[1]));
        address third = vm.addr(pks[2]);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidThreshold.selector, 3, 2));
        feed.removeSigner(third);
        vm.stopPrank();
    }

    function test_setThreshold() public {
        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.ThresholdSet(5);
        vm.prank(admin);
        feed.setThreshold(5);
        assertEq(feed.threshold(), 5, "threshold");
    }

    function test_setThreshold_raisedThresholdEnforced() public {
        vm.prank(admin);
        feed.setThreshold(4);
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.NotEnoughSignatures.selector, 3, 4));
        feed.transmit(r, sigs);
    }

    function test_setThreshold_revertsZero() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidThreshold.selector, 0, 5));
        feed.setThreshold(0);
    }

    function test_setThreshold_revertsAboveCount() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidThreshold.selector, 6, 5));
        feed.setThreshold(6);
    }

    function test_setAnswerBounds() public {
        vm.expectEmit(true, true, true, true, address(feed));
        emit IPushFeed.AnswerBoundsSet(1, 10e8);
        vm.prank(admin);
        feed.setAnswerBounds(1, 10e8);
        assertEq(feed.minAnswer(), 1, "min");
        assertEq(feed.maxAnswer(), 10e8, "max");
    }

    function test_setAnswerBounds_equalAllowed() public {
        vm.prank(admin);
        feed.setAnswerBounds(1e8, 1e8);
        assertEq(feed.minAnswer(), feed.maxAnswer(), "single-point range");
    }

    function test_setAnswerBounds_revertsMinAboveMax() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidBounds.selector, int256(2), int256(1)));
        feed.setAnswerBounds(2, 1);
    }

    function test_setAnswerBounds_revertsMinBelowInt128() public {
        int256 low = int256(type(int128).min) - 1;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidBounds.selector, low, int256(1)));
        feed.setAnswerBounds(low, 1);
    }

    function test_setAnswerBounds_revertsMaxAboveInt128() public {
        int256 high = int256(type(int128).max) + 1;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IPushFeed.InvalidBounds.selector, int256(1), high));
        feed.setAnswerBounds(1, high);
    }

    function test_owner_isAdmin() public view {
        // Only DEFAULT_ADMIN_ROLE exists on the feed; the two-step admin transfer is inherited from RoleManaged.
        assertEq(feed.owner(), admin, "owner view = admin");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Access-control matrix: every privileged function × every actor
    // ---------------------------------------------------------------------------------------------------------------

    function _privilegedCall(uint256 fn) internal view returns (bytes memory) {
        if (fn == 0) return abi.encodeCall(IPushFeed.addSigner, (vm.addr(_pk(77))));
        if (fn == 1) return abi.encodeCall(IPushFeed.removeSigner, (vm.addr(pks[4])));
        if (fn == 2) return abi.encodeCall(IPushFeed.setThreshold, (2));
        return abi.encodeCall(IPushFeed.setAnswerBounds, (1, 5e8));
    }

    function test_accessMatrix() public {
        address[4] memory actors = [admin, stranger, keeper, vm.addr(pks[0])];
        bytes32 role = feed.DEFAULT_ADMIN_ROLE();
        for (uint256 fn; fn < 4; ++fn) {
            for (uint256 a; a < actors.length; ++a) {
                uint256 snap = vm.snapshotState();
                vm.prank(actors[a]);
                (bool ok, bytes memory ret) = address(feed).call(_privilegedCall(fn));
                if (actors[a] == admin) {
                    assertTrue(ok, string.concat("admin must pass fn ", vm.toString(fn)));
                } else {
                    assertFalse(ok, string.concat("non-admin must fail fn ", vm.toString(fn)));
                    assertEq(
                        ret,
                        abi.encodeWithSelector(
                            IAccessControl.AccessControlUnauthorizedAccount.selector, actors[a], role
                        ),
                        "exact access error"
                    );
                }
                vm.revertToState(snap);
            }
        }
    }

    function test_transmit_isPermissionless() public {
        IPushFeed.Report memory r = _report(1, 1e8, uint64(block.timestamp));
        bytes[] memory sigs = _sign(feed, r, _three());
        vm.prank(stranger);
        feed.transmit(r, sigs);
        assertEq(feed.latestRound(), 1, "anyone may transmit a signed report");
    }

    function test_renounceAdminGoesThroughTwoStepRules() public {
        bytes32 role = feed.DEFAULT_ADMIN_ROLE();
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControlDefaultAdminRules.AccessControlEnforcedDefaultAdminDelay.selector, 0)
        );
        feed.renounceRole(role, admin);
    }
}
