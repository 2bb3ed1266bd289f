// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../../contracts/mocks/MockStablecoin.sol";
import {Reserve} from "../../../contracts/reserve/Reserve.sol";
import {AID} from "../../../contracts/tokens/AID.sol";
import {MockFeed} from "../../mocks/MockFeed.sol";
import {MockDealBook} from "../mocks/MockDealBook.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Drives the Reserve through valid random sequences (fail_on_revert: every action is bounded so it
/// cannot revert): mints, instant redeems, queue requests / cancels / processing / claims, deal funding and
/// repayments, fee changes, donations and time.
contract ReserveHandler is Test {
    Reserve internal reserve;
    AID internal aid;
    MockDealBook internal book;
    MockStablecoin[2] internal stables;
    MockFeed[2] internal feeds;
    address[3] internal actors;
    address internal admin;
    address internal allocator;
    address internal servicer;

    uint256[] internal dealIds;
    uint256[] internal dealStable;
    uint256[] internal dealOutstanding;

    mapping(bytes32 => uint256) public calls;

    constructor(
        Reserve reserve_,
        AID aid_,
        MockDealBook book_,
        MockStablecoin[2] memory stables_,
        MockFeed[2] memory feeds_,
        address admin_,
        address allocator_,
        address servicer_
    ) {
        reserve = reserve_;
        aid = aid_;
        book = book_;
        stables = stables_;
        feeds = feeds_;
        admin = admin_;
        allocator = allocator_;
        servicer = servicer_;
        actors = [makeAddr("actor0"), makeAddr("actor1"), makeAddr("actor2")];
        for (uint256 i; i < 3; ++i) {
            vm.startPrank(actors[i]);
            stables[0].approve(address(reserve), type(uint256).max);
            stables[1].approve(address(reserve), type(uint256).max);
            aid.approve(address(reserve), type(uint256).max);
            vm.stopPrank();
        }
        vm.startPrank(servicer);
        stables[0].approve(address(reserve), type(uint256).max);
        stables[1].approve(address(reserve), type(uint256).max);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- actions

    function mint(uint256 actorSeed, uint256 stableSeed, uint256 amount) external {
        (address actor, uint256 s) = (actors[actorSeed % 3], stableSeed % 2);
        uint256 scale = 10 ** (18 - stables[s].decimals());
        (uint256 perBlock, uint256 perDay) = reserve.mintCapacity();
        uint256 cap = (perBlock < perDay ? perBlock : perDay) / scale;
        if (cap == 0) return;
        amount = bound(amount, 1, cap);
        _freshFeeds();
        stables[s].mint(actor, amount);
        vm.prank(actor);
        reserve.mint(address(stables[s]), amount, 0, actor);
        ++calls["mint"];
    }

    function redeem(uint256 actorSeed, uint256 stableSeed, uint256 aidIn) external {
        (address actor, uint256 s) = (actors[actorSeed % 3], stableSeed % 2);
        uint256 scale = 10 ** (18 - stables[s].decimals());
        uint256 max = aid.balanceOf(actor);
        uint256 capacity = reserve.instantRedeemCapacity();
        if (capacity < max) max = capacity;
        uint256 liquidity = reserve.availableLiquidity(address(stables[s])) * scale;
        if (liquidity < max) max = liquidity;
        // The output must be at least one unit after a fee of at most 1% (+1 wei).
        uint256 min = 2 * scale + 2;
        if (max < min) return;
        aidIn = bound(aidIn, min, max);
        vm.prank(actor);
        reserve.redeem(address(stables[s]), aidIn, 0, actor);
        ++calls["redeem"];
    }

    function requestRedeem(uint256 actorSeed, uint256 stableSeed, uint256 amount) external {
        (address actor, uint256 s) = (actors[actorSeed % 3], stableSeed % 2);
        uint256 scale = 10 ** (18 - stables[s].decimals());
        uint256 balance = aid.balanceOf(actor);
        if (balance < scale) return;
        amount = bound(amount, scale, balance);
        vm.prank(actor);
        reserve.requestRedeem(address(stables[s]), amount, actors[(actorSeed % 3 + 1) % 3]);
        ++calls["requestRedeem"];
    }

    function cancel(uint256 idSeed) external {
        (uint256 id, bool found) = _find(idSeed, IReserve.RequestStatus.Pending);
        if (!found) return;
        vm.prank(reserve.getRequest(id).owner);
        reserve.cancel(id);
        ++calls["cancel"];
    }

    function processQueue(uint256 maxCount) external {
        reserve.processQueue(bound(maxCount, 0, 5));
        ++calls["processQueue"];
    }

    function claim(uint256 idSeed) external {
        (uint256 id, bool found) = _find(idSeed, IReserve.RequestStatus.Claimable);
        if (!found) return;
        reserve.claim(id);
        ++calls["claim"];
    }

    function fundDeal(uint256 stableSeed, uint256 amount) external {
        uint256 s = stableSeed % 2;
        uint256 available = reserve.availableLiquidity(address(stables[s]));
        if (available == 0) return;
        amount = bound(amount, 1, available);
        uint256 dealId = book.propose(makeAddr("borrower"), type(uint128).max);
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(stables[s]), amount);
        dealIds.push(dealId);
        dealStable.push(s);
        dealOutstanding.push(amount);
        ++calls["fundDeal"];
    }

    function repay(uint256 dealSeed, uint256 principal, uint256 income) external {
        if (dealIds.length == 0) return;
        uint256 i = dealSeed % dealIds.length;
        if (dealOutstanding[i] == 0) return;
        MockStablecoin stable = stables[dealStable[i]];
        principal = bound(principal, 0, dealOutstanding[i]);
        income = bound(income, principal == 0 ? 1 : 0, 100_000 * 10 ** stable.decimals());
        stable.mint(servicer, principal + income);
        vm.prank(servicer);
        reserve.recordRepayment(dealIds[i], address(stable), principal, income);
        dealOutstanding[i] -= principal;
        ++calls["repay"];
    }

    function setFees(uint256 mintFee, uint256 redeemFee, uint256 perfFee) external {
        vm.prank(admin);
        reserve.setFees(bound(mintFee, 0, 100), bound(redeemFee, 0, 100), bound(perfFee, 0, 3000), 25);
        ++calls["setFees"];
    }

    function donate(uint256 stableSeed, uint256 amount, uint256 aidAmount, uint256 actorSeed) external {
        MockStablecoin stable = stables[stableSeed % 2];
        stable.mint(address(reserve), bound(amount, 0, 1e30));
        address actor = actors[actorSeed % 3];
        aidAmount = bound(aidAmount, 0, aid.balanceOf(actor));
        vm.prank(actor);
        aid.transfer(address(reserve), aidAmount);
        ++calls["donate"];
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 0, 3 days));
        vm.roll(block.number + 1);
        ++calls["warp"];
    }

    /// @dev First request with `status` at or after a random start, wrapping around (the queue is short).
    function _find(uint256 seed, IReserve.RequestStatus status) internal view returns (uint256, bool) {
        uint256 count = reserve.nextRequestId() - 1;
        for (uint256 k; k < count; ++k) {
            uint256 id = 1 + (seed % count + k) % count;
            if (reserve.getRequest(id).status == status) return (id, true);
        }
        return (0, false);
    }

    function _freshFeeds() internal {
        feeds[0].set(1e8, block.timestamp);
        feeds[1].set(1e8, block.timestamp);
    }
}
