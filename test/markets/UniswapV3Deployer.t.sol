// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IUniswapV3SwapRouter} from "../../contracts/liquidation/interfaces/IUniswapV3SwapRouter.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {
    INonfungiblePositionManagerMinimal,
    IUniswapV3Pool,
    MinimalWETH9,
    UniswapV3Deployer
} from "../../script/lib/UniswapV3Deployer.sol";
import {Test} from "forge-std/Test.sol";

interface IPeriphery {
    function factory() external view returns (address);
    function WETH9() external view returns (address);
}

/// @dev External wrapper so reverts of the internal library functions can be asserted with expectRevert.
contract DeployerHarness {
    function sqrtPriceX96For(address base, address quote, uint256 priceWad) external view returns (uint160) {
        return UniswapV3Deployer.sqrtPriceX96For(base, quote, priceWad);
    }

    function sqrtPriceX96FromRatio(uint256 num, uint256 den) external pure returns (uint160) {
        return UniswapV3Deployer.sqrtPriceX96FromRatio(num, den);
    }

    function createPool(UniswapV3Deployer.UniswapV3 memory uni, address a, address b, uint24 fee, uint256 p)
        external
        returns (IUniswapV3Pool)
    {
        return UniswapV3Deployer.createPool(uni, a, b, fee, p);
    }
}

/// @notice The Uniswap v3 deployer library: real factory/router/quoter/position manager from the npm artifacts,
/// fee tier 100/1, pool creation at a decimals-adjusted price, concentrated liquidity, swaps and quotes.
contract UniswapV3DeployerTest is Test {
    UniswapV3Deployer.UniswapV3 internal uni;
    MockStablecoin internal usdc;
    MockStablecoin internal aid;
    DeployerHarness internal harness;

    function setUp() public {
        uni = UniswapV3Deployer.deploy(address(0));
        usdc = new MockStablecoin("USD Coin", "USDC", 6);
        aid = new MockStablecoin("AI Dollar", "AID", 18);
        harness = new DeployerHarness();
    }

    function test_deploy_wiresPeriphery() public view {
        assertEq(uni.factory.owner(), address(this), "caller owns the factory");
        assertEq(uni.factory.feeAmountTickSpacing(100), 1, "0.01% tier enabled with spacing 1");
        assertEq(uni.factory.feeAmountTickSpacing(500), 10, "0.05% tier");
        assertEq(IPeriphery(address(uni.router)).factory(), address(uni.factory), "router factory");
        assertEq(IPeriphery(address(uni.router)).WETH9(), uni.weth9, "router WETH9");
        assertEq(IPeriphery(address(uni.quoter)).factory(), address(uni.factory), "quoter factory");
        assertEq(uni.positionManager.factory(), address(uni.factory), "position manager factory");
        assertGt(uni.weth9.code.length, 0, "a WETH9 was deployed");
    }

    function test_deploy_usesGivenWeth() public {
        UniswapV3Deployer.UniswapV3 memory other = UniswapV3Deployer.deploy(address(0xBEEF));
        assertEq(other.weth9, address(0xBEEF), "given WETH9 is used");
        assertEq(IPeriphery(address(other.router)).WETH9(), address(0xBEEF), "router uses it");
    }

    /// @notice The pool the factory deploys sits at the CREATE2 address the periphery derives from its hard-coded
    /// init-code hash: this is what makes router callbacks and the position manager work.
    function test_poolAddress_matchesPeripheryInitCodeHash() public {
        IUniswapV3Pool pool = UniswapV3Deployer.createPool(uni, address(aid), address(usdc), 100, 1e18);
        (address t0, address t1) = UniswapV3Deployer.sortTokens(address(aid), address(usdc));
        address expected = address(
            uint160(
                uint256(
                    keccak256(
                        abi.encodePacked(
                            hex"ff",
                            address(uni.factory),
                            keccak256(abi.encode(t0, t1, uint24(100))),
                            UniswapV3Deployer.POOL_INIT_CODE_HASH
                        )
                    )
                )
            )
        );
        assertEq(address(pool), expected, "CREATE2 address with the periphery's init-code hash");
        assertEq(uni.factory.getPool(address(aid), address(usdc), 100), address(pool), "registered");
    }

    function testFuzz_createPool_priceRoundTrips(uint256 priceWad, bool usdcIsBase) public {
        priceWad = bound(priceWad, 1e12, 1e24); // 1e-6 .. 1e6
        (address base, address quote) = usdcIsBase ? (address(usdc), address(aid)) : (address(aid), address(usdc));
        IUniswapV3Pool pool = UniswapV3Deployer.createPool(uni, base, quote, 500, priceWad);
        assertApproxEqRel(UniswapV3Deployer.poolPriceWad(pool, base), priceWad, 1e9, "pool price == requested");
    }

    function test_sqrtPriceX96For_knownValues() public view {
        // 1 AID (18) = 1 USDC (6): raw USDC per raw AID = 1e-12.
        uint160 s = UniswapV3Deployer.sqrtPriceX96For(address(aid), address(usdc), 1e18);
        uint256 q96 = 1 << 96;
        if (address(aid) < address(usdc)) assertEq(s, q96 / 1e6, "token0 AID: sqrt(1e-12) * 2^96");
        else assertEq(s, q96 * 1e6, "token0 USDC: sqrt(1e12) * 2^96");
        assertEq(UniswapV3Deployer.sqrtPriceX96FromRatio(1, 1), q96, "ratio 1: 2^96");
        assertEq(UniswapV3Deployer.sqrtPriceX96FromRatio(4, 1), 2 * q96, "ratio 4: 2 * 2^96");
        // Ratio above 2^63 takes the reduced-precision branch.
        assertApproxEqRel(UniswapV3Deployer.sqrtPriceX96FromRatio(1e30, 1), q96 * 1e15, 1e6, "ratio 1e30: 1e15 * 2^96");
    }

    function test_sqrtPriceX96For_revertsOnZeroPrice() public {
        vm.expectRevert(abi.encodeWithSelector(UniswapV3Deployer.PriceIsZero.selector));
        harness.sqrtPriceX96For(address(aid), address(usdc), 0);
    }

    function test_sqrtPriceX96FromRatio_revertsOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(UniswapV3Deployer.SqrtPriceOutOfRange.selector, 0));
        harness.sqrtPriceX96FromRatio(1, 1e77);
    }

    function test_createPool_revertsOnUnknownTier() public {
        vm.expectRevert(abi.encodeWithSelector(UniswapV3Deployer.FeeTierNotEnabled.selector, uint24(200)));
        harness.createPool(uni, address(aid), address(usdc), 200, 1e18);
    }

    function test_addLiquidity_swapAndQuote() public {
        IUniswapV3Pool pool = UniswapV3Deployer.createPool(uni, address(aid), address(usdc), 100, 1e18);
        aid.mint(address(this), 1_000_000e18);
        usdc.mint(address(this), 1_000_000e6);
        (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1) =
            UniswapV3Deployer.addLiquidity(uni, pool, address(aid), 1_000_000e18, 1_000_000e6, 50, address(this));
        assertGt(tokenId, 0, "position minted");
        assertEq(pool.liquidity(), liquidity, "in-range liquidity active");
        assertGt(amount0, 0, "token0 deposited");
        assertGt(amount1, 0, "token1 deposited");
        (int24 lower, int24 upper) = UniswapV3Deployer.rangeAround(pool, 50);
        (, int24 tick,,,,,) = pool.slot0();
        assertLe(lower, tick - 50, "lower bound at or below tick - 50");
        assertGe(upper, tick + 50, "upper bound at or above tick + 50");

        bytes memory p = UniswapV3Deployer.path(address(aid), 100, address(usdc));
        (uint256 quoted,,,) = uni.quoter.quoteExactInput(p, 10_000e18);
        aid.mint(address(this), 10_000e18);
        aid.approve(address(uni.router), 10_000e18);
        uint256 out = uni.router
            .exactInput(
                IUniswapV3SwapRouter.ExactInputParams({
                    path: p,
                    recipient: address(this),
                    deadline: block.timestamp,
                    amountIn: 10_000e18,
                    amountOutMinimum: 0
                })
            );
        assertEq(out, quoted, "QuoterV2 quote == executed swap");
        // 0.01% fee and a ±0.5% range holding ~1M a side: a 10k swap loses well under 0.1%.
        assertApproxEqRel(out, 10_000e6, 0.001e18, "stable-like depth");
        assertLt(out, 10_000e6, "fee paid");
    }

    function test_path_encodings() public pure {
        address a = address(0xA);
        address b = address(0xB);
        address c = address(0xC);
        assertEq(UniswapV3Deployer.path(a, 100, b), abi.encodePacked(a, uint24(100), b), "single hop");
        assertEq(
            UniswapV3Deployer.path(a, 500, b, 100, c), abi.encodePacked(a, uint24(500), b, uint24(100), c), "two hops"
        );
        address[] memory tokens = new address[](3);
        (tokens[0], tokens[1], tokens[2]) = (a, b, c);
        uint24[] memory fees = new uint24[](2);
        (fees[0], fees[1]) = (500, 100);
        assertEq(UniswapV3Deployer.path(tokens, fees), UniswapV3Deployer.path(a, 500, b, 100, c), "array form");
    }

    function test_minimalWeth_depositWithdraw() public {
        MinimalWETH9 weth = MinimalWETH9(payable(uni.weth9));
        vm.deal(address(this), 2 ether);
        weth.deposit{value: 1 ether}();
        (bool ok,) = address(weth).call{value: 1 ether}("");
        assertTrue(ok, "receive wraps");
        assertEq(weth.balanceOf(address(this)), 2 ether, "wrapped");
        weth.withdraw(2 ether);
        assertEq(address(this).balance, 2 ether, "unwrapped");
        assertEq(weth.totalSupply(), 0, "burned");
    }

    function test_minimalWeth_withdrawRevertsWhenRecipientRejects() public {
        MinimalWETH9 weth = MinimalWETH9(payable(uni.weth9));
        Rejecter r = new Rejecter();
        vm.deal(address(r), 1 ether);
        vm.startPrank(address(r));
        weth.deposit{value: 1 ether}();
        vm.expectRevert(abi.encodeWithSelector(MinimalWETH9.WithdrawFailed.selector));
        weth.withdraw(1 ether);
        vm.stopPrank();
    }

    function test_positionManager_isMinimalInterface() public view {
        assertEq(INonfungiblePositionManagerMinimal(address(uni.positionManager)).WETH9(), uni.weth9, "NPM WETH9");
    }

    receive() external payable {}
}

contract Rejecter {}
