// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockStablecoin} from "../../../contracts/mocks/MockStablecoin.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice Minimal ERC-4626 read surface whose exchange rate the test sets (`convertToAssets` only): stands for a
/// vault whose rate an attacker manipulates (donation, oversized yield step).
contract MockRateVault is MockStablecoin {
    address public immutable asset;
    uint8 internal immutable _assetDecimals;
    /// @dev Assets per whole share, in whole assets, WAD-scaled.
    uint256 public rateWad;

    constructor(address asset_, uint8 assetDecimals_, uint8 shareDecimals_, uint256 rateWad_)
        MockStablecoin("Mock Vault", "mVLT", shareDecimals_)
    {
        asset = asset_;
        _assetDecimals = assetDecimals_;
        rateWad = rateWad_;
    }

    function setRate(uint256 rateWad_) external {
        rateWad = rateWad_;
    }

    function convertToAssets(uint256 shares) external view returns (uint256) {
        return Math.mulDiv(shares, rateWad * 10 ** _assetDecimals, 1e18 * 10 ** decimals());
    }
}

/// @notice Reserve stand-in: only `collateralRatio`.
contract MockCollateralRatio {
    uint256 public collateralRatio = 1e18;

    function set(uint256 ratio) external {
        collateralRatio = ratio;
    }
}
