// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReserve} from "../../contracts/interfaces/IReserve.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {AID} from "../../contracts/tokens/AID.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {MockDealBook} from "./mocks/MockDealBook.sol";
import {MockInsuranceFund} from "./mocks/MockInsuranceFund.sol";
import {MockStakedAID} from "./mocks/MockStakedAID.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared fixture: AID + Reserve with a 6-decimal USDC and an 18-decimal DAI-like stable, 8-decimal feeds
/// at $1, roles granted, mock deal book / insurance fund / sAID wired.
abstract contract ReserveBase is Test {
    uint256 internal constant PER_BLOCK = 1_000_000e18;
    uint256 internal constant PER_DAY = 5_000_000e18;
    uint256 internal constant REDEEM_PER_DAY = 500_000e18;
    uint256 internal constant START = 1_800_000_000;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal guardian = makeAddr("guardian");
    address internal allocator = makeAddr("allocator");
    address internal servicer = makeAddr("servicer");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal borrower = makeAddr("borrower");

    AID internal aid;
    Reserve internal reserve;
    MockStablecoin internal usdc;
    MockStablecoin internal dai;
    MockFeed internal usdcFeed;
    MockFeed internal daiFeed;
    MockDealBook internal book;
    MockInsuranceFund internal insurance;
    MockStakedAID internal sAid;

    function setUp() public virtual {
        vm.warp(START);
        vm.roll(20_000_000);
        aid = new AID(admin);
        reserve = new Reserve(admin, address(aid), treasury, PER_BLOCK, PER_DAY, REDEEM_PER_DAY);
        usdc = new MockStablecoin("USD Coin", "USDC", 6);
        dai = new MockStablecoin("Dai", "DAI", 18);
        usdcFeed = new MockFeed(8, 1e8);
        daiFeed = new MockFeed(8, 1e8);
        book = new MockDealBook();
        book.setReserve(address(reserve));
        insurance = new MockInsuranceFund(IERC20(address(aid)));
        sAid = new MockStakedAID(IERC20(address(aid)));

        vm.startPrank(admin);
        aid.grantRole(aid.MINTER_ROLE(), address(reserve));
        reserve.grantRole(reserve.GUARDIAN_ROLE(), guardian);
        reserve.grantRole(reserve.ALLOCATOR_ROLE(), allocator);
        reserve.grantRole(reserve.SERVICER_ROLE(), servicer);
        reserve.configureStable(address(usdc), true, address(usdcFeed), 1 days);
        reserve.configureStable(address(dai), true, address(daiFeed), 1 days);
        reserve.setDealBook(address(book));
        reserve.setInsurance(address(insurance), 2000);
        reserve.setYieldDistributor(makeAddr("yieldDistributor"));
        reserve.setStakedAid(address(sAid));
        vm.stopPrank();

        vm.label(address(aid), "AID");
        vm.label(address(reserve), "Reserve");
        vm.label(address(usdc), "USDC");
        vm.label(address(dai), "DAI");
    }

    // ---------------------------------------------------------------- helpers

    function _mint(address who, MockStablecoin stable, uint256 amountIn) internal returns (uint256 aidOut) {
        stable.mint(who, amountIn);
        vm.startPrank(who);
        stable.approve(address(reserve), amountIn);
        aidOut = reserve.mint(address(stable), amountIn, 0, who);
        vm.stopPrank();
    }

    function _request(address who, MockStablecoin stable, uint256 aidAmount) internal returns (uint256 id) {
        vm.startPrank(who);
        aid.approve(address(reserve), aidAmount);
        id = reserve.requestRedeem(address(stable), aidAmount, who);
        vm.stopPrank();
    }

    function _redeem(address who, MockStablecoin stable, uint256 aidIn) internal returns (uint256 out) {
        vm.startPrank(who);
        aid.approve(address(reserve), aidIn);
        out = reserve.redeem(address(stable), aidIn, 0, who);
        vm.stopPrank();
    }

    function _fundDeal(MockStablecoin stable, uint256 amount) internal returns (uint256 dealId) {
        dealId = book.propose(borrower, type(uint128).max);
        vm.prank(allocator);
        reserve.fundDeal(dealId, address(stable), amount);
    }

    function _scale(MockStablecoin stable) internal view returns (uint256) {
        return 10 ** (18 - stable.decimals());
    }

    function _status(uint256 id) internal view returns (IReserve.RequestStatus) {
        return reserve.getRequest(id).status;
    }
}
