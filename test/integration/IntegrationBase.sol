// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealBook} from "../../contracts/deals/DealBook.sol";
import {IDealBook} from "../../contracts/interfaces/IDealBook.sol";
import {IStakedAID} from "../../contracts/interfaces/IStakedAID.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {InsuranceFund} from "../../contracts/reserve/InsuranceFund.sol";
import {Reserve} from "../../contracts/reserve/Reserve.sol";
import {YieldDistributor} from "../../contracts/reserve/YieldDistributor.sol";
import {AID} from "../../contracts/tokens/AID.sol";
import {StakedAID} from "../../contracts/vault/StakedAID.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The real protocol wired together as the deploy script does: AID, Reserve, DealBook, InsuranceFund,
/// YieldDistributor, StakedAID, USDC + USDT (6 decimals) with USD feeds, and a settable GPU-NAV feed.
abstract contract IntegrationBase is Test {
    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal allocator = makeAddr("allocator");
    address internal servicer = makeAddr("servicer");
    address internal originator = makeAddr("originator");
    address internal navReporter = makeAddr("navReporter");
    address internal keeper = makeAddr("keeper");
    address internal borrower = makeAddr("borrower");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    uint256 internal constant INSURANCE_CUT_BPS = 2000; // 20% of the performance fee
    uint256 internal constant SEED_AID = 1000e18;
    uint256 internal constant MAX_MINT_PER_BLOCK = 50_000_000e18;
    uint256 internal constant MAX_MINT_PER_DAY = 100_000_000e18;
    uint256 internal constant MAX_INSTANT_REDEEM_PER_DAY = 1_000_000e18;

    AID internal aid;
    Reserve internal reserve;
    DealBook internal book;
    InsuranceFund internal fund;
    YieldDistributor internal distributor;
    StakedAID internal vault;
    MockStablecoin internal usdc;
    MockStablecoin internal usdt;
    MockFeed internal usdcFeed;
    MockFeed internal usdtFeed;
    MockFeed internal navFeed;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        usdc = new MockStablecoin("USD Coin", "USDC", 6);
        usdt = new MockStablecoin("Tether USD", "USDT", 6);
        usdcFeed = new MockFeed(8, 1e8);
        usdtFeed = new MockFeed(8, 1e8);
        navFeed = new MockFeed(8, 25_000e8);

        aid = new AID(admin);
        reserve = new Reserve(
            admin, address(aid), treasury, MAX_MINT_PER_BLOCK, MAX_MINT_PER_DAY, MAX_INSTANT_REDEEM_PER_DAY
        );
        book = new DealBook(admin, navFeed, 1 days);
        fund = new InsuranceFund(admin, IERC20(address(aid)));
        vault = new StakedAID(IERC20(address(aid)), "Staked AI Dollar", "sAID", admin, 0);
        distributor = new YieldDistributor(admin, IERC20(address(aid)), IStakedAID(address(vault)));

        vm.startPrank(admin);
        aid.grantRole(aid.MINTER_ROLE(), address(reserve));
        reserve.configureStable(address(usdc), true, address(usdcFeed), 1 days);
        reserve.configureStable(address(usdt), true, address(usdtFeed), 1 days);
        reserve.setDealBook(address(book));
        reserve.setInsurance(address(fund), INSURANCE_CUT_BPS);
        reserve.setYieldDistributor(address(distributor));
        reserve.setStakedAid(address(vault));
        reserve.grantRole(reserve.ALLOCATOR_ROLE(), allocator);
        reserve.grantRole(reserve.SERVICER_ROLE(), servicer);
        book.grantRole(book.RESERVE_ROLE(), address(reserve));
        book.grantRole(book.ORIGINATOR_ROLE(), originator);
        book.grantRole(book.NAV_REPORTER_ROLE(), navReporter);
        book.grantRole(book.SERVICER_ROLE(), servicer);
        fund.grantRole(fund.RESERVE_ROLE(), address(reserve));
        vault.grantRole(vault.YIELD_ROLE(), address(distributor));
        vault.grantRole(vault.LOSS_REPORTER_ROLE(), address(reserve));
        distributor.grantRole(distributor.KEEPER_ROLE(), keeper);
        vm.stopPrank();

        // Dead shares: the admin mints AID and seeds the vault.
        _mintAid(admin, usdc, SEED_AID / 1e12);
        vm.startPrank(admin);
        aid.approve(address(vault), SEED_AID);
        vault.seed(SEED_AID);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Re-posts every feed at its current answer (time moved on).
    function _refreshFeeds() internal {
        usdcFeed.set(usdcFeed.answer());
        usdtFeed.set(usdtFeed.answer());
        navFeed.set(navFeed.answer());
    }

    function _warp(uint256 dt) internal {
        vm.warp(block.timestamp + dt);
        vm.roll(block.number + 1);
        _refreshFeeds();
    }

    function _mintAid(address user, MockStablecoin stable, uint256 amountIn) internal returns (uint256 aidOut) {
        stable.mint(user, amountIn);
        vm.startPrank(user);
        stable.approve(address(reserve), amountIn);
        aidOut = reserve.mint(address(stable), amountIn, 0, user);
        vm.stopPrank();
    }

    function _stake(address user, uint256 assets) internal returns (uint256 shares) {
        vm.startPrank(user);
        aid.approve(address(vault), assets);
        shares = vault.deposit(assets, user);
        vm.stopPrank();
    }

    /// @dev A GPU deal: `navUnits` H100-equivalents at the feed price, 80% advance, 85% margin line, 1 year.
    function _proposeDeal(uint256 navUnits) internal returns (uint256 id) {
        uint256 price = uint256(navFeed.answer()) * 1e10;
        IDealBook.DealTerms memory t = IDealBook.DealTerms({
            borrowerId: keccak256(abi.encode("borrower", book.dealCount())),
            assetClass: IDealBook.AssetClass.GPU,
            hardwareCount: uint32(navUnits / 1e18),
            hardwareModel: bytes32("H100-SXM"),
            locationHash: keccak256("dc"),
            navUnits: navUnits,
            collateralValue: navUnits * price / 1e18,
            advanceRateBps: 8000,
            maxLtvBps: 8500,
            structure: IDealBook.Structure.FIXED_RATE,
            rateBps: 1500,
            tenor: 365 days,
            payoutWallet: borrower
        });
        vm.prank(originator);
        id = book.propose(t);
    }

    function _fundDeal(uint256 id, MockStablecoin stable, uint256 amount) internal {
        vm.prank(allocator);
        reserve.fundDeal(id, address(stable), amount);
    }

    /// @dev The servicer collects `principal + income` from the borrower and pays it into the Reserve.
    function _repay(uint256 id, MockStablecoin stable, uint256 principal, uint256 income) internal {
        stable.mint(servicer, principal + income);
        vm.startPrank(servicer);
        stable.approve(address(reserve), principal + income);
        reserve.recordRepayment(id, address(stable), principal, income);
        vm.stopPrank();
    }

    function _liquidate(uint256 id, MockStablecoin stable, uint256 proceeds) internal {
        stable.mint(servicer, proceeds);
        vm.startPrank(servicer);
        stable.approve(address(reserve), proceeds);
        reserve.recordLiquidation(id, address(stable), proceeds);
        vm.stopPrank();
    }

    function _writeDown(uint256 id, uint256 recovery) internal {
        vm.prank(servicer);
        reserve.writeDownDeal(id, recovery);
    }

    function _rate() internal view returns (uint256) {
        return vault.convertToAssets(1e18);
    }

    function _assertBacked(string memory where) internal view {
        if (reserve.uncoveredLoss() == 0) {
            assertLe(aid.totalSupply(), reserve.backing(), string.concat("AID supply <= backing: ", where));
        }
        assertLe(
            aid.totalSupply(),
            reserve.backing() + reserve.uncoveredLoss(),
            string.concat("supply <= backing + uncovered loss: ", where)
        );
    }
}
