// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {VM_COOL} from "../utils/VmCool.sol";
import {AnchorToken, OZVaultAnchor} from "./OZVaultAnchor.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test, console} from "forge-std/Test.sol";

/// @notice Side-by-side gas of deposit/redeem on a plain OZ ERC-4626 and on StakedAID (sync mode) over the same
/// plain OZ ERC-20 asset. Storage of vault and token is cooled before each measured call, so every call pays
/// cold-access costs as a fresh transaction would. Run: `npx forge test --match-path 'test/bench/*' -vv`.
contract OZVaultAnchorBench is Test {
    AnchorToken internal token;
    OZVaultAnchor internal anchor;
    StakedAID internal staked;
    address internal holder = makeAddr("holder");
    address internal newcomer = makeAddr("newcomer");

    struct Result {
        uint256 depositNew;
        uint256 depositExisting;
        uint256 redeemPartial;
    }

    function setUp() public {
        token = new AnchorToken();
        anchor = new OZVaultAnchor(IERC20(address(token)));
        staked = new StakedAID(IERC20(address(token)), "Staked AID", "sAID", address(this), 0);
        staked.setExitEpochDuration(0);
        token.mint(address(this), 1e18);
        token.approve(address(staked), 1e18);
        staked.seed(1e18);
        // same starting state for both: a holder with a position, a newcomer with assets
        _prepare(IERC4626(address(anchor)));
        _prepare(IERC4626(address(staked)));
    }

    function _prepare(IERC4626 v) internal {
        token.mint(holder, 2_000_000e18);
        token.mint(newcomer, 1000e18);
        vm.prank(holder);
        token.approve(address(v), type(uint256).max);
        vm.prank(newcomer);
        token.approve(address(v), type(uint256).max);
        vm.prank(holder);
        v.deposit(1_000_000e18, holder);
    }

    function _measure(IERC4626 v) internal returns (Result memory r) {
        VM_COOL.cool(address(v));
        VM_COOL.cool(address(token));
        vm.prank(newcomer);
        v.deposit(1000e18, newcomer);
        r.depositNew = vm.lastCallGas().gasTotalUsed;

        VM_COOL.cool(address(v));
        VM_COOL.cool(address(token));
        vm.prank(holder);
        v.deposit(1000e18, holder);
        r.depositExisting = vm.lastCallGas().gasTotalUsed;

        VM_COOL.cool(address(v));
        VM_COOL.cool(address(token));
        vm.prank(holder);
        v.redeem(500e18, holder, holder);
        r.redeemPartial = vm.lastCallGas().gasTotalUsed;
    }

    function test_bench_depositRedeem_sideBySide() public {
        Result memory oz = _measure(IERC4626(address(anchor)));
        Result memory s = _measure(IERC4626(address(staked)));
        console.log("op                       OZ ERC4626   StakedAID   delta");
        _row("deposit (new holder)     ", oz.depositNew, s.depositNew);
        _row("deposit (existing holder)", oz.depositExisting, s.depositExisting);
        _row("redeem (sync, partial)   ", oz.redeemPartial, s.redeemPartial);
        assertGt(oz.depositNew, oz.depositExisting, "a new holder costs a fresh balance slot");
        assertGt(s.depositNew, 0, "measured");
    }

    /// @notice Yield in: a plain OZ vault takes yield as a transfer of the asset (its rate jumps at once); StakedAID
    /// pulls it through `distributeYield` and vests it (its rate rises linearly, bounded by `maxAprBps`).
    function test_bench_yieldIn_sideBySide() public {
        address distributor = makeAddr("distributor");
        staked.grantRole(staked.YIELD_ROLE(), distributor);
        token.mint(distributor, 2000e18);
        vm.prank(distributor);
        token.approve(address(staked), type(uint256).max);
        // Steady state for StakedAID: a first distribution that has fully vested.
        vm.prank(distributor);
        staked.distributeYield(100e18);
        vm.warp(block.timestamp + staked.vestingPeriod() + 1);

        VM_COOL.cool(address(anchor));
        VM_COOL.cool(address(token));
        vm.prank(distributor);
        token.transfer(address(anchor), 100e18);
        uint256 oz = vm.lastCallGas().gasTotalUsed;

        VM_COOL.cool(address(staked));
        VM_COOL.cool(address(token));
        vm.prank(distributor);
        staked.distributeYield(100e18);
        uint256 ours = vm.lastCallGas().gasTotalUsed;

        console.log("op                       OZ ERC4626   StakedAID   delta");
        _row("yield in (transfer/vest)  ", oz, ours);
        assertEq(staked.unvestedYield(), 100e18, "the distribution vests");
    }

    function _row(string memory op, uint256 oz, uint256 s) internal pure {
        console.log(string.concat(op, "  ", vm.toString(oz), "       ", vm.toString(s), "      +", vm.toString(s - oz)));
    }
}
