// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPushFeed} from "../../contracts/interfaces/IPushFeed.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared fixtures for PushFeed tests: deterministic signer keys, an independent EIP-712 digest, signing and
/// sorting helpers.
abstract contract PushFeedBase is Test {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant REPORT_TYPEHASH = keccak256("Report(uint80 roundId,int256 answer,uint64 observedAt)");
    string internal constant DESCRIPTION = "AID / USD";
    uint8 internal constant DECIMALS = 8;
    int256 internal constant MIN_ANSWER = 0.5e8;
    int256 internal constant MAX_ANSWER = 2e8;
    uint256 internal constant START = 1_800_000_000;

    address internal admin = makeAddr("admin");
    address internal stranger = makeAddr("stranger");
    address internal keeper = makeAddr("keeper");

    /// @dev Private key of the i-th test signer (deterministic, never zero).
    function _pk(uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("aid-push-feed-signer", i))) % (SECP256K1_ORDER - 1) + 1;
    }

    function _addrs(uint256[] memory pks) internal pure returns (address[] memory out) {
        out = new address[](pks.length);
        for (uint256 i; i < pks.length; ++i) {
            out[i] = vm.addr(pks[i]);
        }
    }

    /// @dev Keys 0..n-1.
    function _keys(uint256 n) internal pure returns (uint256[] memory pks) {
        pks = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            pks[i] = _pk(i);
        }
    }

    /// @dev Insertion sort of keys by their address (ascending).
    function _sortByAddress(uint256[] memory pks) internal pure returns (uint256[] memory) {
        for (uint256 i = 1; i < pks.length; ++i) {
            uint256 key = pks[i];
            address a = vm.addr(key);
            uint256 j = i;
            while (j > 0 && vm.addr(pks[j - 1]) > a) {
                pks[j] = pks[j - 1];
                --j;
            }
            pks[j] = key;
        }
        return pks;
    }

    function _deploy(uint256[] memory pks, uint256 threshold) internal returns (PushFeed) {
        return new PushFeed(admin, DECIMALS, DESCRIPTION, MIN_ANSWER, MAX_ANSWER, _addrs(pks), threshold);
    }

    /// @dev EIP-712 digest computed from first principles (not through the feed), for domain `(name, chainId, feed)`.
    function _digest(string memory name, uint256 chainId, address feed, IPushFeed.Report memory r)
        internal
        pure
        returns (bytes32)
    {
        bytes32 domain = keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256("1"), chainId, feed));
        bytes32 structHash = keccak256(abi.encode(REPORT_TYPEHASH, r.roundId, r.answer, r.observedAt));
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _signDigest(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Signatures of `pks` (in the given order) over `report` for `feed` on the current chain.
    function _sign(PushFeed feed, IPushFeed.Report memory report, uint256[] memory pks)
        internal
        view
        returns (bytes[] memory sigs)
    {
        bytes32 digest = _digest(feed.description(), block.chainid, address(feed), report);
        sigs = new bytes[](pks.length);
        for (uint256 i; i < pks.length; ++i) {
            sigs[i] = _signDigest(pks[i], digest);
        }
    }

    function _sign1(PushFeed feed, IPushFeed.Report memory report, uint256 pk) internal view returns (bytes[] memory) {
        uint256[] memory pks = new uint256[](1);
        pks[0] = pk;
        return _sign(feed, report, pks);
    }

    function _report(uint80 roundId, int256 answer, uint64 observedAt) internal pure returns (IPushFeed.Report memory) {
        return IPushFeed.Report({roundId: roundId, answer: answer, observedAt: observedAt});
    }

    /// @dev Transmits the next round of `feed` signed by `pks` (sorted here), observed now.
    function _push(PushFeed feed, int256 answer, uint256[] memory pks) internal {
        IPushFeed.Report memory r = _report(uint80(feed.latestRound() + 1), answer, uint64(block.timestamp));
        feed.transmit(r, _sign(feed, r, _sortByAddress(pks)));
    }

    function _copy(uint256[] memory a) internal pure returns (uint256[] memory b) {
        b = new uint256[](a.length);
        for (uint256 i; i < a.length; ++i) {
            b[i] = a[i];
        }
    }
}
