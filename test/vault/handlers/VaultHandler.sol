// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockStablecoin} from "../../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../../contracts/vault/StakedAID.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Drives a seeded StakedAID through random sequences of user, keeper, yield and loss actions without
/// reverting (fail_on_revert), and keeps ghosts for the invariants.
contract VaultHandler is Test {
    StakedAID public immutable vault;
    MockStablecoin public immutable token;
    address public immutable yielder;
    address public immutable reserve;
    address public immutable admin;
    bool public immutable sync;
    uint256 internal immutable _virtualShares;

    address[] public actors;

    // ghosts
    uint256 public lastTotalAssets;
    uint256 public lastTotalSupply;
    bool public rateFell;
    uint256 public rateFellAtCall;
    bool public roundTripProfit;
    uint256 public roundTrips;
    uint256 public losses;
    uint256 public settlements;
    uint256 public claims;
    uint256 public requests;

    constructor(
        StakedAID vault_,
        MockStablecoin token_,
        address admin_,
        address yielder_,
        address reserve_,
        bool sync_
    ) {
        admin = admin_;
        vault = vault_;
        token = token_;
        yielder = yielder_;
        reserve = reserve_;
        sync = sync_;
        _virtualShares = 10 ** (vault_.decimals() - token_.decimals());
        for (uint256 i; i < 4; ++i) {
            address a = makeAddr(string.concat("actor", vm.toString(i)));
            actors.push(a);
            vm.prank(a);
            token_.approve(address(vault_), type(uint256).max);
        }
        _snapRate();
    }

    modifier checkRate() {
        _;
        _checkRate();
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _unit() internal view returns (uint256) {
        return 10 ** token.decimals();
    }

    // ------------------------------------------------------------------ user actions

    function deposit(uint256 actorSeed, uint256 assets) external checkRate {
        address a = _actor(actorSeed);
        assets = bound(assets, 0, 1e9 * _unit());
        token.mint(a, assets);
        vm.prank(a);
        vault.deposit(assets, a);
    }

    function mint(uint256 actorSeed, uint256 shares) external checkRate {
        address a = _actor(actorSeed);
        shares = bound(shares, 0, vault.convertToShares(1e9 * _unit()));
        token.mint(a, vault.previewMint(shares));
        vm.prank(a);
        vault.mint(shares, a);
    }

    function redeem(uint256 actorSeed, uint256 shares) external checkRate {
        if (!sync) return;
        address a = _actor(actorSeed);
        shares = bound(shares, 0, vault.maxRedeem(a));
        vm.prank(a);
        vault.redeem(shares, a, a);
    }

    function withdraw(uint256 actorSeed, uint256 assets) external checkRate {
        if (!sync) return;
        address a = _actor(actorSeed);
        assets = bound(assets, 0, vault.maxWithdraw(a));
        vm.prank(a);
        vault.withdraw(assets, a, a);
    }

    /// @dev deposit → redeem in one block must never return more than was paid (sync mode).
    function roundTrip(uint256 actorSeed, uint256 assets) external checkRate {
        if (!sync) return;
        address a = _actor(actorSeed);
        assets = bound(assets, 0, 1e9 * _unit());
        token.mint(a, assets);
        vm.startPrank(a);
        uint256 shares = vault.deposit(assets, a);
        uint256 back = vault.redeem(shares, a, a);
        vm.stopPrank();
        if (back > assets) roundTripProfit = true;
        ++roundTrips;
    }

    function requestRedeem(uint256 actorSeed, uint256 controllerSeed, uint256 shares) external checkRate {
        address a = _actor(actorSeed);
        shares = bound(shares, 0, vault.balanceOf(a));
        if (shares == 0) return;
        // a request whose shares are worth less than one unit of the diluted queue would revert ZeroAmount
        (uint256 units,,) = vault.queueState();
        uint256 queued = vault.totalPendingShares();
        if (units != 0 && shares * units / queued == 0) return;
        vm.prank(a);
        vault.requestRedeem(shares, _actor(controllerSeed), a);
        ++requests;
    }

    function claim(uint256 actorSeed) external checkRate {
        address a = _actor(actorSeed);
        if (vault.claimableRedeemRequest(0, a) == 0) return;
        vm.prank(a);
        vault.claim(a, a);
        ++claims;
    }

    function donate(uint256 assets) external checkRate {
        token.mint(address(vault), bound(assets, 0, 1e9 * _unit()));
    }

    // ------------------------------------------------------------------ keeper / roles

    function settle(uint256 wait) external checkRate {
        (, uint256 endsAt) = vault.openEpoch();
        vm.warp(block.timestamp + bound(wait, 0, 8 days));
        if (block.timestamp < endsAt) return;
        vault.settleEpoch();
        ++settlements;
    }

    function distributeYield(uint256 bps) external checkRate {
        if (vault.unvestedYield() != 0) return;
        uint256 amount = vault.maxYield() * bound(bps, 0, 10_000) / 10_000;
        if (amount == 0) return;
        token.mint(yielder, amount);
        vm.startPrank(yielder);
        token.approve(address(vault), amount);
        vault.distributeYield(amount);
        vm.stopPrank();
    }

    /// @dev The one action allowed to lower the rate: the ghost restarts from the new rate.
    function reportLoss(uint256 bps) external {
        uint256 amount = vault.storedAssets() * bound(bps, 0, 3000) / 10_000;
        vm.prank(reserve);
        vault.reportLoss(amount);
        ++losses;
        _snapRate();
    }

    /// @dev Varies the per-epoch fill cap so settlements fill the queue fully, partially and by a sliver.
    function setMaxEpochExit(uint256 bps) external checkRate {
        vm.prank(admin);
        vault.setMaxEpochExit(bound(bps, 1, 10_000));
    }

    function warp(uint256 dt) external checkRate {
        vm.warp(block.timestamp + bound(dt, 0, 12 hours));
    }

    // ------------------------------------------------------------------ ghosts

    function _snapRate() internal {
        lastTotalAssets = vault.totalAssets();
        lastTotalSupply = vault.totalSupply();
    }

    /// @dev Exact comparison of (totalAssets + 1) / (totalSupply + virtual) before and after.
    function _checkRate() internal {
        uint256 ta = vault.totalAssets();
        uint256 ts = vault.totalSupply();
        if ((ta + 1) * (lastTotalSupply + _virtualShares) < (lastTotalAssets + 1) * (ts + _virtualShares)) {
            rateFell = true;
        }
        lastTotalAssets = ta;
        lastTotalSupply = ts;
    }
}
