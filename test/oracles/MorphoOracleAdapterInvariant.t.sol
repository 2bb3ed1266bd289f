// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {MorphoOracleAdapterBase} from "./MorphoOracleAdapterBase.sol";
import {MockCollateralRatio, MockRateVault} from "./mocks/OracleMocks.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Drives the sAID/USDC adapter with vault-rate manipulation, time, pokes, cap changes, modes, pauses and
/// price moves, and replays the growth-cap checkpoint in ghost state.
contract OracleAdapterHandler is Test {
    MorphoOracleAdapter public adapter;
    MockRateVault public v;
    MockFeed public fa;
    MockFeed public fu;
    MockCollateralRatio public cr;
    address internal admin;
    address internal guardian;

    uint256 public ghostRate;
    uint256 public ghostTimestamp;
    uint256 public ghostApr;

    constructor(
        MorphoOracleAdapter adapter_,
        MockRateVault v_,
        MockFeed fa_,
        MockFeed fu_,
        MockCollateralRatio cr_,
        address admin_,
        address guardian_
    ) {
        adapter = adapter_;
        v = v_;
        fa = fa_;
        fu = fu_;
        cr = cr_;
        admin = admin_;
        guardian = guardian_;
        ghostRate = adapter.lastRate();
        ghostTimestamp = adapter.lastRateTimestamp();
        ghostApr = adapter.maxAprBps();
    }

    function ghostCap() public view returns (uint256) {
        return ghostRate + Math.mulDiv(ghostRate, ghostApr * (block.timestamp - ghostTimestamp), 10_000 * 365 days);
    }

    function _checkpoint() internal {
        ghostRate = Math.min(v.rateWad(), ghostCap());
        ghostTimestamp = block.timestamp;
    }

    function setVaultRate(uint256 rateWad) external {
        v.setRate(bound(rateWad, 0.5e18, 5e18));
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 0, 30 days));
        fa.set(fa.answer(), block.timestamp);
        fu.set(fu.answer(), block.timestamp);
    }

    function poke() external {
        adapter.poke();
        _checkpoint();
    }

    function setMaxApr(uint256 apr) external {
        apr = bound(apr, 1, 20_000);
        vm.prank(admin);
        adapter.setMaxApr(apr);
        _checkpoint();
        ghostApr = apr;
    }

    function setMode(bool fundamental) external {
        vm.prank(admin);
        adapter.setMode(fundamental ? IMorphoOracleAdapter.Mode.FUNDAMENTAL : IMorphoOracleAdapter.Mode.MARKET);
    }

    function setPaused(bool paused_) external {
        vm.prank(guardian);
        adapter.setPaused(paused_);
    }

    function setPrices(uint256 aid8, uint256 usdc8, uint256 ratio) external {
        fa.set(int256(bound(aid8, 0.1e8, 10e8)), block.timestamp);
        fu.set(int256(bound(usdc8, 0.5e8, 1.5e8)), block.timestamp);
        cr.set(bound(ratio, 0.01e18, 3e18));
    }
}

/// @notice Invariants: the recorded rate matches the replayed checkpoint, the rate used is exactly
/// `min(actual, cap)` (never above either), and `price()` equals the reference formula or reverts paused.
contract MorphoOracleAdapterInvariantTest is MorphoOracleAdapterBase {
    OracleAdapterHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new OracleAdapterHandler(sAidUsdc, vault, aidFeed, usdcFeed, reserve, admin, guardian);
        targetContract(address(handler));
    }

    function invariant_checkpointMatchesReplay() public view {
        assertEq(sAidUsdc.lastRate(), handler.ghostRate(), "recorded rate");
        assertEq(sAidUsdc.lastRateTimestamp(), handler.ghostTimestamp(), "recorded time");
        assertEq(sAidUsdc.maxAprBps(), handler.ghostApr(), "max apr");
    }

    function invariant_rateIsMinOfActualAndCap() public view {
        uint256 used = sAidUsdc.vaultRate();
        assertLe(used, vault.rateWad(), "never above the vault's actual rate");
        assertLe(used, handler.ghostCap(), "never above the cap");
        assertEq(used, Math.min(vault.rateWad(), handler.ghostCap()), "exactly min(actual, cap)");
    }

    function invariant_priceMatchesFormula() public {
        if (sAidUsdc.paused()) {
            vm.expectRevert(IMorphoOracleAdapter.OraclePaused.selector);
            sAidUsdc.price();
            return;
        }
        uint256 aid18 = sAidUsdc.mode() == IMorphoOracleAdapter.Mode.MARKET
            ? uint256(aidFeed.answer()) * 1e10
            : Math.min(reserve.collateralRatio(), 1e18);
        // rate (18) × aid (18) / usdc (8 → 18) → USDC (6) per sAID (18) × 1e36
        // 1e36 × (rate / 1e18) × (aid18 / usdc18) × 10^6 (USDC) / 10^18 (AID)
        uint256 expected = Math.mulDiv(sAidUsdc.vaultRate() * aid18, 1e24, uint256(usdcFeed.answer()) * 1e10 * 1e18);
        assertEq(sAidUsdc.price(), expected, "price == rate x AID/USD / USDC/USD, decimals-adjusted");
    }
}
