// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {VaultHandler} from "./handlers/VaultHandler.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Handler-based invariants of StakedAID. Subclasses choose the asset decimals and the exit mode.
abstract contract StakedAIDInvariantBase is StdInvariant, Test {
    StakedAID internal vault;
    MockStablecoin internal token;
    VaultHandler internal handler;

    function _decimals() internal pure virtual returns (uint8);
    function _sync() internal pure virtual returns (bool);

    function setUp() public {
        vm.warp(1_700_000_000);
        address admin = makeAddr("admin");
        address yielder = makeAddr("yielder");
        address reserve = makeAddr("reserve");
        uint8 d = _decimals();
        token = new MockStablecoin("Mock", "MCK", d);
        vault = new StakedAID(IERC20(address(token)), "Staked AID", "sAID", admin, 18 - d);
        vm.startPrank(admin);
        vault.grantRole(vault.YIELD_ROLE(), yielder);
        vault.grantRole(vault.LOSS_REPORTER_ROLE(), reserve);
        vault.setExitEpochDuration(_sync() ? 0 : 7 days);
        token.mint(admin, 10 ** d);
        token.approve(address(vault), 10 ** d);
        vault.seed(10 ** d);
        vm.stopPrank();
        handler = new VaultHandler(vault, token, admin, yielder, reserve, _sync());
        targetContract(address(handler));
    }

    /// @dev The vault always holds what it owes: accounted assets plus assets set aside for settled exits.
    function invariant_solvency() public view {
        assertLe(
            vault.totalAssets() + vault.claimableAssets(),
            token.balanceOf(address(vault)),
            "totalAssets + claimableAssets <= asset balance"
        );
        assertLe(
            vault.storedAssets() + vault.claimableAssets(),
            token.balanceOf(address(vault)),
            "storedAssets + claimableAssets <= asset balance"
        );
    }

    /// @dev The exchange rate never falls except through reportLoss.
    function invariant_rateNeverFalls() public view {
        assertFalse(handler.rateFell(), "rate fell outside reportLoss");
    }

    /// @dev deposit → redeem in one block never profits (sync mode; trivially true in async mode).
    function invariant_noRoundTripProfit() public view {
        assertFalse(handler.roundTripProfit(), "deposit->redeem profited");
    }

    /// @dev Σ pending ≤ totalPendingShares ≤ shares held by the vault; Σ claimable ≤ claimableAssets.
    function invariant_queueAccounting() public view {
        uint256 sumPending;
        uint256 sumClaimable;
        uint256 n = handler.actorCount();
        for (uint256 i; i < n; ++i) {
            address a = handler.actors(i);
            sumPending += vault.pendingRedeemRequest(0, a);
            sumClaimable += vault.claimableRedeemRequest(0, a);
        }
        assertLe(sumPending, vault.totalPendingShares(), "sum of pending <= totalPendingShares");
        assertLe(vault.totalPendingShares(), vault.balanceOf(address(vault)), "totalPendingShares <= escrow");
        assertLe(sumClaimable, vault.claimableAssets(), "sum of claimable <= claimableAssets");
        (uint256 units,,) = vault.queueState();
        assertEq(units == 0, vault.totalPendingShares() == 0, "units exist iff shares are queued");
    }

    /// @dev Dead shares are never burned.
    function invariant_deadSharesStay() public view {
        assertEq(vault.balanceOf(vault.DEAD_ADDRESS()), 10 ** 18, "dead shares");
    }
}

contract StakedAIDInvariantSync18Test is StakedAIDInvariantBase {
    function _decimals() internal pure override returns (uint8) {
        return 18;
    }

    function _sync() internal pure override returns (bool) {
        return true;
    }
}

contract StakedAIDInvariantAsync18Test is StakedAIDInvariantBase {
    function _decimals() internal pure override returns (uint8) {
        return 18;
    }

    function _sync() internal pure override returns (bool) {
        return false;
    }
}

contract StakedAIDInvariantSync6Test is StakedAIDInvariantBase {
    function _decimals() internal pure override returns (uint8) {
        return 6;
    }

    function _sync() internal pure override returns (bool) {
        return true;
    }
}

contract StakedAIDInvariantAsync6Test is StakedAIDInvariantBase {
    function _decimals() internal pure override returns (uint8) {
        return 6;
    }

    function _sync() internal pure override returns (bool) {
        return false;
    }
}
