// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMorphoOracleAdapter} from "../../contracts/interfaces/IMorphoOracleAdapter.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";
import {MorphoOracleAdapter} from "../../contracts/oracles/MorphoOracleAdapter.sol";
import {MockFeed} from "../mocks/MockFeed.sol";
import {MorphoOracleAdapterBase} from "./MorphoOracleAdapterBase.sol";
import {MockRateVault} from "./mocks/OracleMocks.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice Differential fuzzing of the adapter's decimals handling (the Oct-2024 PAXG class of bug) over token
/// decimals {6, 8, 18} (collateral, loan, vault asset), feed decimals {8, 18}, with and without a vault, direct and
/// inverse, against (1) an exact reference that never cancels exponents and (2) the USD value of one whole unit of
/// collateral; plus fuzzing of the growth cap.
contract MorphoOracleAdapterFuzzTest is MorphoOracleAdapterBase {
    struct Case {
        uint8 dColl;
        uint8 dLoan;
        uint8 dAsset;
        uint8 fA;
        uint8 fU;
        bool withVault;
        bool inverse;
        uint256 aidWad;
        uint256 usdcWad;
        uint256 rateWad;
    }

    function _pick(uint256 seed) internal pure returns (uint8) {
        uint256 i = seed % 3;
        return i == 0 ? 6 : (i == 1 ? 8 : 18);
    }

    function _case(uint256 seed, uint256 aidWad, uint256 usdcWad, uint256 rateWad)
        internal
        pure
        returns (Case memory c)
    {
        c.dColl = _pick(seed);
        c.dLoan = _pick(seed / 3);
        c.dAsset = _pick(seed / 9);
        c.fA = (seed / 27) % 2 == 0 ? 8 : 18;
        c.fU = (seed / 54) % 2 == 0 ? 8 : 18;
        c.withVault = (seed / 108) % 2 == 0;
        c.inverse = (seed / 216) % 2 == 0;
        if (c.inverse) c.withVault = false;
        c.aidWad = bound(aidWad, 0.01e18, 100e18);
        c.usdcWad = bound(usdcWad, 0.5e18, 1.5e18);
        c.rateWad = bound(rateWad, 1e18, 3e18);
    }

    struct Deployed {
        MorphoOracleAdapter adapter;
        MockRateVault vault;
        uint256 aidAnswer;
        uint256 usdcAnswer;
    }

    function _deployCase(Case memory c) internal returns (Deployed memory d) {
        MockStablecoin loan = new MockStablecoin("Loan", "L", c.dLoan);
        MockStablecoin asset = new MockStablecoin("Asset", "A", c.withVault ? c.dAsset : c.dColl);
        address collateral = address(asset);
        if (c.withVault) {
            d.vault = new MockRateVault(address(asset), c.dAsset, c.dColl, c.rateWad);
            collateral = address(d.vault);
        }
        d.aidAnswer = c.aidWad * 10 ** c.fA / 1e18;
        d.usdcAnswer = c.usdcWad * 10 ** c.fU / 1e18;
        MockFeed fa = new MockFeed(c.fA, int256(d.aidAnswer));
        MockFeed fu = new MockFeed(c.fU, int256(d.usdcAnswer));
        d.adapter = new MorphoOracleAdapter(
            _paramsWith(collateral, address(loan), address(d.vault), c.inverse, address(fa), address(fu))
        );
    }

    /// @dev Exact floor of the rational price, written term by term without cancelling any exponent.
    function _reference(Case memory c, Deployed memory d) internal view returns (uint256) {
        if (c.inverse) {
            // (U / 10^fU) / (A / 10^fA) × 10^dLoan / 10^dColl × 1e36
            return Math.mulDiv(10 ** (36 + c.dLoan + c.fA), d.usdcAnswer, 10 ** (c.dColl + c.fU) * d.aidAnswer);
        }
        uint256 assets = 1;
        uint256 sample = 1;
        uint256 assetDecimals = c.dColl;
        if (c.withVault) {
            sample = 10 ** Math.max(c.dColl, 18);
            assets = d.vault.convertToAssets(sample);
            assetDecimals = c.dAsset;
        }
        // (assets / sample) × (A / 10^fA) / (U / 10^fU) × 10^dLoan / 10^dAsset × 1e36
        return Math.mulDiv(
            10 ** (36 + c.dLoan + c.fU), assets * d.aidAnswer, 10 ** assetDecimals * sample * 10 ** c.fA * d.usdcAnswer
        );
    }

    /// @notice price() equals the exact reference for every decimals combination.
    function testFuzz_scale_matchesExactReference(uint256 seed, uint256 aidWad, uint256 usdcWad, uint256 rateWad)
        public
    {
        Case memory c = _case(seed, aidWad, usdcWad, rateWad);
        Deployed memory d = _deployCase(c);
        assertEq(d.adapter.price(), _reference(c, d), "price == exact reference");
    }

    /// @notice The PAXG check: one whole unit of collateral is worth, in USD through the loan token, what it should
    /// (rate × AID/USD for the AID side, USDC/USD for USDC), within rounding, for every combination.
    function testFuzz_scale_oneWholeCollateralUsdValue(uint256 seed, uint256 aidWad, uint256 usdcWad, uint256 rateWad)
        public
    {
        Case memory c = _case(seed, aidWad, usdcWad, rateWad);
        Deployed memory d = _deployCase(c);
        _checkUsdValue(c, d);
    }

    function _checkUsdValue(Case memory c, Deployed memory d) internal view {
        uint256 p = d.adapter.price();
        // Morpho: collateral value in loan units = collateral × price / 1e36.
        uint256 loanUnits = Math.mulDiv(10 ** c.dColl, p, 1e36);
        uint256 aidUsd = d.aidAnswer * 1e18 / 10 ** c.fA;
        uint256 usdcUsd = d.usdcAnswer * 1e18 / 10 ** c.fU;
        uint256 expectedUsd = c.inverse ? usdcUsd : (c.withVault ? c.rateWad * aidUsd / 1e18 : aidUsd);
        // value of those loan units in USD (WAD): loanUnits / 10^dLoan × price of the loan token
        uint256 valueUsd =
            c.inverse ? Math.mulDiv(loanUnits, aidUsd, 10 ** c.dLoan) : Math.mulDiv(loanUnits, usdcUsd, 10 ** c.dLoan);
        // Tolerance: 1e-5 relative (6-decimal vault assets and 8-decimal feeds) plus two loan units (Morpho floors
        // the value to whole loan units; a 6-decimal loan token worth 100 USD has 1e-4 USD units). The PAXG bug was
        // off by 1e12.
        uint256 unitUsd = (c.inverse ? aidUsd : usdcUsd) / 10 ** c.dLoan + 1;
        assertApproxEqAbs(
            valueUsd, expectedUsd, expectedUsd / 1e5 + 2 * unitUsd, "1 whole collateral priced at its USD value"
        );
        assertGt(loanUnits, 0, "non-zero value");
    }

    /// @dev Exhaustive version of the decimals checks over case seeds [from, to): the 432 seeds cover every
    /// combination of token decimals {6, 8, 18} (collateral, loan, vault asset), feed decimals {8, 18}, vault or not,
    /// direct or inverse, at fixed odd prices. Split in four tests to stay under the per-test gas limit.
    function _allCombinations(uint256 from, uint256 to) internal {
        for (uint256 seed = from; seed < to; ++seed) {
            Case memory c = _case(seed, 1.23456789e18, 0.9987e18, 1.0789e18);
            Deployed memory d = _deployCase(c);
            assertEq(d.adapter.price(), _reference(c, d), string.concat("exact reference, case ", vm.toString(seed)));
            _checkUsdValue(c, d);
        }
    }

    function test_scale_allCombinations_0() public {
        _allCombinations(0, 108);
    }

    function test_scale_allCombinations_1() public {
        _allCombinations(108, 216);
    }

    function test_scale_allCombinations_2() public {
        _allCombinations(216, 324);
    }

    function test_scale_allCombinations_3() public {
        _allCombinations(324, 432);
    }

    /// @notice The capped rate never exceeds the actual rate nor `lastRate × (1 + maxApr × dt / year)`, and a
    /// manipulated jump is clamped exactly to the cap.
    function testFuzz_cap(uint256 jumpWad, uint256 dt, uint256 apr) public {
        apr = bound(apr, 1, 20_000);
        vm.prank(admin);
        sAidUsdc.setMaxApr(apr);
        uint256 last = sAidUsdc.lastRate();
        uint256 t0 = sAidUsdc.lastRateTimestamp();
        dt = bound(dt, 0, 3 * 365 days);
        vm.warp(t0 + dt);
        _setPrices(1e8, 1e8);
        uint256 actual = bound(jumpWad, 0.01e18, 100e18);
        vault.setRate(actual);
        uint256 cap = last + last * apr * dt / (10_000 * 365 days);
        uint256 used = sAidUsdc.vaultRate();
        assertEq(sAidUsdc.rateCap(), cap, "cap formula");
        assertEq(used, Math.min(actual, cap), "rate = min(actual, cap)");
        assertEq(sAidUsdc.price(), used * 1e6, "price uses the capped rate");
        assertEq(sAidUsdc.poke(), used, "poke records the capped rate");
        assertEq(sAidUsdc.lastRate(), used, "checkpoint");
    }
}
