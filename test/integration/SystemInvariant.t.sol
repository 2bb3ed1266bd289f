// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {YieldDistributor} from "../../contracts/reserve/YieldDistributor.sol";
import {AID} from "../../contracts/tokens/AID.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {IntegrationBase} from "./IntegrationBase.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Random walks over the whole protocol: mint, instant redeem, queue (request / process / claim / cancel),
/// fund, NAV marks, repay with income, stake, distribute, write down, liquidate, time. Every call is made valid
/// from the current state so `fail_on_revert` holds; an unexpected revert fails the run.
contract SystemHandler is Test {
    AID internal aid;
    Reserve internal reserve;
    DealBook internal book;
    StakedAID internal vault;
    YieldDistributor internal distributor;
    MockStablecoin[2] internal stables;
    MockFeed[3] internal feeds; // usdc, usdt, nav
    address internal originator;
    address internal allocator;
    address internal servicer;
    address internal keeper;
    address internal borrower;

    address[3] internal actors = [address(0xA11CE), address(0xB0B), address(0xCA7)];
    uint256[] internal requestIds;
    uint256[] internal dealIds;
    mapping(bytes32 action => uint256) public calls;

    struct Wiring {
        AID aid;
        Reserve reserve;
        DealBook book;
        StakedAID vault;
        YieldDistributor distributor;
        MockStablecoin usdc;
        MockStablecoin usdt;
        MockFeed usdcFeed;
        MockFeed usdtFeed;
        MockFeed navFeed;
        address originator;
        address allocator;
        address servicer;
        address keeper;
        address borrower;
    }

    constructor(Wiring memory w) {
        aid = w.aid;
        reserve = w.reserve;
        book = w.book;
        vault = w.vault;
        distributor = w.distributor;
        stables = [w.usdc, w.usdt];
        feeds = [w.usdcFeed, w.usdtFeed, w.navFeed];
        originator = w.originator;
        allocator = w.allocator;
        servicer = w.servicer;
        keeper = w.keeper;
        borrower = w.borrower;
    }

    // ------------------------------------------------------------------ holders

    function mint(uint256 actorSeed, uint256 stableSeed, uint256 amount) external {
        address actor = actors[actorSeed % 3];
        MockStablecoin stable = stables[stableSeed % 2];
        (uint256 perBlock, uint256 perDay) = reserve.mintCapacity();
        uint256 cap = (perBlock < perDay ? perBlock : perDay) / 1e12;
        if (cap == 0) return;
        amount = bound(amount, 1, cap < 2_000_000e6 ? cap : 2_000_000e6);
        stable.mint(actor, amount);
        vm.startPrank(actor);
        stable.approve(address(reserve), amount);
        reserve.mint(address(stable), amount, amount * 1e12, actor);
        vm.stopPrank();
        calls["mint"]++;
    }

    function redeem(uint256 actorSeed, uint256 stableSeed, uint256 amount) external {
        address actor = actors[actorSeed % 3];
        MockStablecoin stable = stables[stableSeed % 2];
        uint256 max = _min(aid.balanceOf(actor), reserve.instantRedeemCapacity());
        // Payout ≈ amount / 1e12 must fit in the buffer.
        max = _min(max, reserve.availableLiquidity(address(stable)) * 1e12);
        if (max < 2e12) return;
        amount = bound(amount, 2e12, max);
        vm.startPrank(actor);
        aid.approve(address(reserve), amount);
        reserve.redeem(address(stable), amount, 0, actor);
        vm.stopPrank();
        calls["redeem"]++;
    }

    function requestRedeem(uint256 actorSeed, uint256 stableSeed, uint256 amount) external {
        address actor = actors[actorSeed % 3];
        MockStablecoin stable = stables[stableSeed % 2];
        uint256 bal = aid.balanceOf(actor);
        if (bal < 1e12) return;
        amount = bound(amount, 1e12, bal);
        vm.startPrank(actor);
        aid.approve(address(reserve), amount);
        requestIds.push(reserve.requestRedeem(address(stable), amount, actor));
        vm.stopPrank();
        calls["requestRedeem"]++;
    }

    function processQueue(uint256 count) external {
        reserve.processQueue(bound(count, 1, 10));
        calls["processQueue"]++;
    }

    function claim(uint256 seed) external {
        reserve.processQueue(10); // anyone may process; a claim needs a processed request
        uint256 n = requestIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = requestIds[(seed % n + i) % n];
            if (reserve.getRequest(id).status == IReserve.RequestStatus.Claimable) {
                reserve.claim(id);
                calls["claim"]++;
                return;
            }
        }
    }

    function cancel(uint256 seed) external {
        uint256 n = requestIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = requestIds[(seed % n + i) % n];
            IReserve.RedeemRequest memory r = reserve.getRequest(id);
            if (r.status == IReserve.RequestStatus.Pending) {
                vm.prank(r.owner);
                reserve.cancel(id);
                calls["cancel"]++;
                return;
            }
        }
    }

    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = actors[actorSeed % 3];
        uint256 bal = aid.balanceOf(actor);
        if (bal == 0 || vault.totalAssets() == 0) return; // a wiped-out vault is not a place to deposit
        amount = bound(amount, 1, bal);
        vm.startPrank(actor);
        aid.approve(address(vault), amount);
        vault.deposit(amount, actor);
        vm.stopPrank();
        calls["stake"]++;
    }

    // ------------------------------------------------------------------ deals

    function fund(uint256 stableSeed, uint256 navUnits, uint256 fraction) external {
        MockStablecoin stable = stables[stableSeed % 2];
        uint256 available = reserve.availableLiquidity(address(stable));
        if (available == 0) return;
        navUnits = bound(navUnits, 1e18, 200e18);
        uint256 price = uint256(feeds[2].answer()) * 1e10;
        uint256 collateral = navUnits * price / 1e18;
        IDealBook.DealTerms memory t = IDealBook.DealTerms({
            borrowerId: keccak256(abi.encode(dealIds.length)),
            assetClass: IDealBook.AssetClass.GPU,
            hardwareCount: uint32(navUnits / 1e18),
            hardwareModel: bytes32("H100"),
            locationHash: bytes32(uint256(7)),
            navUnits: navUnits,
            collateralValue: collateral,
            advanceRateBps: 8000,
            maxLtvBps: 8500,
            structure: IDealBook.Structure.FIXED_RATE,
            rateBps: 1500,
            tenor: 365 days,
            payoutWallet: borrower
        });
        vm.prank(originator);
        uint256 id = book.propose(t);
        uint256 maxAmount = _min(collateral * 8000 / 10_000 / 1e12, available);
        if (maxAmount == 0) return;
        vm.prank(allocator);
        reserve.fundDeal(id, address(stable), bound(fraction, 1, maxAmount));
        dealIds.push(id);
        calls["fund"]++;
    }

    function markNav(uint256 seed, uint256 price) external {
        (uint256 id, bool found) = _pickPerforming(seed);
        if (!found) return;
        feeds[2].set(int256(bound(price, 10_000e8, 40_000e8)));
        book.markNavFromFeed(id);
        calls["markNav"]++;
    }

    function repay(uint256 seed, uint256 stableSeed, uint256 principal, uint256 income) external {
        (uint256 id, bool found) = _pickPerforming(seed);
        if (!found) return;
        MockStablecoin stable = stables[stableSeed % 2];
        uint256 outstanding6 = book.getDeal(id).outstandingPrincipal / 1e12;
        principal = bound(principal, 0, outstanding6);
        income = bound(income, principal == 0 ? 1 : 0, 200_000e6);
        stable.mint(servicer, principal + income);
        vm.startPrank(servicer);
        stable.approve(address(reserve), principal + income);
        reserve.recordRepayment(id, address(stable), principal, income);
        vm.stopPrank();
        calls["repay"]++;
    }

    function writeDown(uint256 seed, uint256 recoveryBps) external {
        (uint256 id, bool found) = _pickPerforming(seed);
        if (!found) return;
        uint256 carrying = book.getDeal(id).carryingValue;
        vm.prank(servicer);
        reserve.writeDownDeal(id, carrying * bound(recoveryBps, 0, 10_000) / 10_000);
        calls["writeDown"]++;
    }

    function liquidate(uint256 seed, uint256 stableSeed, uint256 proceedsBps) external {
        uint256 n = dealIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = dealIds[(seed % n + i) % n];
            IDealBook.Deal memory d = book.getDeal(id);
            if (d.status != IDealBook.Status.Defaulted) continue;
            MockStablecoin stable = stables[stableSeed % 2];
            uint256 proceeds = d.carryingValue / 1e12 * bound(proceedsBps, 0, 20_000) / 10_000;
            stable.mint(servicer, proceeds);
            vm.startPrank(servicer);
            stable.approve(address(reserve), proceeds);
            reserve.recordLiquidation(id, address(stable), proceeds);
            vm.stopPrank();
            calls["liquidate"]++;
            return;
        }
    }

    function distribute() external {
        uint256 amount = distributor.distributable();
        if (amount == 0 || amount < distributor.minDistribution()) return;
        vm.prank(keeper);
        distributor.distribute();
        calls["distribute"]++;
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 1 minutes, 5 days));
        vm.roll(block.number + 1);
        for (uint256 i; i < 3; ++i) {
            feeds[i].set(feeds[i].answer());
        }
        calls["warp"]++;
    }

    // ------------------------------------------------------------------ internal

    function _pickPerforming(uint256 seed) internal view returns (uint256, bool) {
        uint256 n = dealIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = dealIds[(seed % n + i) % n];
            IDealBook.Status s = book.getDeal(id).status;
            if (s == IDealBook.Status.Active || s == IDealBook.Status.Late) return (id, true);
        }
        return (0, false);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}

/// @notice System-level invariants over the real contracts.
contract SystemInvariantTest is IntegrationBase {
    SystemHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new SystemHandler(
            SystemHandler.Wiring({
                aid: aid,
                reserve: reserve,
                book: book,
                vault: vault,
                distributor: distributor,
                usdc: usdc,
                usdt: usdt,
                usdcFeed: usdcFeed,
                usdtFeed: usdtFeed,
                navFeed: navFeed,
                originator: originator,
                allocator: allocator,
                servicer: servicer,
                keeper: keeper,
                borrower: borrower
            })
        );
        // A deep staking layer, so most write-downs are absorbed and the first invariant is exercised.
        _mintAid(bob, usdc, 5_000_000e6);
        _stake(bob, 5_000_000e18);
        // Queue requests become processable within the run.
        vm.prank(admin);
        reserve.setRedeemDelay(1 days);
        targetContract(address(handler));
    }

    /// @dev PROTOCOL §2: `AID.totalSupply() ≤ backing` whenever no loss is being recognised.
    function invariant_supplyBackedWithoutUncoveredLoss() public view {
        if (reserve.uncoveredLoss() == 0) {
            assertLe(aid.totalSupply(), reserve.backing(), "AID supply <= backing when uncoveredLoss == 0");
        }
    }

    /// @dev With an uncovered loss, supply exceeds backing by at most that loss.
    function invariant_supplyBackedPlusUncovered() public view {
        assertLe(aid.totalSupply(), reserve.backing() + reserve.uncoveredLoss(), "supply <= backing + uncovered");
    }

    /// @dev Backing is what the Reserve books: its liquid stablecoins are really held, and the deal book's carrying
    /// value is the rest.
    function invariant_backingComposition() public view {
        assertEq(
            reserve.backing(),
            reserve.totalLiquid18() + book.totalCarryingValue(),
            "backing == liquid (18-dec) + carrying value"
        );
        assertGe(usdc.balanceOf(address(reserve)), reserve.liquidBalance(address(usdc)), "USDC held >= booked");
        assertGe(usdt.balanceOf(address(reserve)), reserve.liquidBalance(address(usdt)), "USDT held >= booked");
        assertEq(
            reserve.totalLiquid18(),
            (reserve.liquidBalance(address(usdc)) + reserve.liquidBalance(address(usdt))) * 1e12,
            "totalLiquid18 == sum of buffers"
        );
    }

    /// @dev The queue's escrow is held by the Reserve.
    function invariant_queueEscrowHeld() public view {
        assertEq(reserve.totalEscrowed(), reserve.totalPending() + reserve.totalClaimable(), "escrow conservation");
        assertGe(aid.balanceOf(address(reserve)), reserve.totalEscrowed(), "escrowed AID held");
    }
}

