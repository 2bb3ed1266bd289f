// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {PushFeed} from "../../contracts/oracles/PushFeed.sol";
import {PushFeedBase} from "../oracles/PushFeedBase.sol";
import {MockCollateralRatio, MockRateVault} from "../oracles/mocks/OracleMocks.sol";
import {VM_COOL} from "../utils/VmCool.sol";

/// @notice Gas of one `price()` of the sAID/USDC adapter in MARKET mode (the most expensive path: vault rate with the
/// growth cap, two PushFeed reads), every account and slot cold as when Morpho calls it in a fresh transaction.
contract OracleGasTest is PushFeedBase {
    MorphoOracleAdapter internal adapter;
    PushFeed internal aidFeed;
    PushFeed internal usdcFeed;
    MockRateVault internal vault;

    function setUp() public {
        vm.warp(START);
        uint256[] memory keys = _keys(1);
        aidFeed = _deploy(keys, 1);
        usdcFeed = new PushFeed(admin, 8, "USDC / USD", 0.5e8, 2e8, _addrs(keys), 1);
        _push(aidFeed, 1e8, keys);
        _push(usdcFeed, 0.9999e8, keys);
        MockStablecoin aid = new MockStablecoin("AI Dollar", "AID", 18);
        MockStablecoin usdc = new MockStablecoin("USD Coin", "USDC", 6);
        vault = new MockRateVault(address(aid), 18, 18, 1.05e18);
        adapter = new MorphoOracleAdapter(
            IMorphoOracleAdapter.Params({
                admin: admin,
                guardian: admin,
                collateralToken: address(vault),
                loanToken: address(usdc),
                vault: address(vault),
                inverse: false,
                aidUsdFeed: address(aidFeed),
                stableUsdFeed: address(usdcFeed),
                reserve: address(new MockCollateralRatio()),
                aidUsdMaxAge: 1 hours,
                stableUsdMaxAge: 25 hours,
                maxAprBps: 5000,
                mode: IMorphoOracleAdapter.Mode.MARKET
            })
        );
        vm.warp(START + 10 minutes);
        vault.setRate(1.0501e18);
    }

    function test_gas_oracle_price() public {
        vm.pauseGasMetering();
        VM_COOL.cool(address(adapter));
        VM_COOL.cool(address(aidFeed));
        VM_COOL.cool(address(usdcFeed));
        VM_COOL.cool(address(vault));
        vm.resumeGasMetering();
        uint256 p = adapter.price();
        vm.pauseGasMetering();
        assertGt(p, 1.05e24, "priced");
        vm.resumeGasMetering();
    }
}
