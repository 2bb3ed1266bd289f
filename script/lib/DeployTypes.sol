// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Everything the deployment needs to know before it starts. Built from the environment by
/// `DeployConfigLib.fromEnv` (script) or by hand (tests), then passed to `AidDeployer._deployAll`.
struct DeployConfig {
    /// @dev Broadcasting key (deploys every contract, pays gas). On a devnet it is anvil's first public test key.
    uint256 deployerKey;
    address deployer;
    /// @dev Holder of DEFAULT_ADMIN_ROLE on every contract and owner of Morpho Blue.
    address admin;
    /// @dev Operational roles (originator, NAV reporter, servicer, allocator, guardian, keeper). One address on a
    /// devnet; split per role by a production config.
    address operator;
    /// @dev Where protocol and performance fees go.
    address treasury;
    /// @dev The 1-of-1 signer of every push feed (its key signs the initial rounds).
    uint256 oracleSignerKey;
    address oracleSigner;
    /// @dev Existing stablecoins; address(0) deploys a `MockStablecoin` (6 decimals) instead.
    address usdc;
    address usdt;
    /// @dev Reserve caps, AID (18 decimals).
    uint256 maxMintPerBlock;
    uint256 maxMintPerDay;
    uint256 maxInstantRedeemPerDay;
    /// @dev Share of the performance fee minted to the insurance fund, bps.
    uint256 insuranceCutBps;
    /// @dev Feeds' max age accepted by the Reserve's depeg guard and the Morpho adapters, seconds.
    uint32 maxFeedAge;
    /// @dev AID deposited by `StakedAID.seed` (dead shares owned by 0x…dEaD).
    uint256 deadShareAssets;
    /// @dev USD depth (18 decimals) put on each side of the sAID/AID and sAID/USDC pools; AID/USDC gets twice this.
    uint256 poolDepthUsd;
    /// @dev Initial GPU-NAV answer (USD per H100-equivalent, 8 decimals).
    int256 gpuNavAnswer;
}

/// @notice A Morpho Blue market as written to the deployment file.
struct MarketInfo {
    bytes32 id;
    address loanToken;
    address collateralToken;
    address oracle;
    address irm;
    uint256 lltv;
}

/// @notice Every address a deployment produced. Mirrors `deployments/<chainId>.json`.
struct Deployment {
    uint256 chainId;
    uint256 startBlock;
    // tokens
    address usdc;
    address usdt;
    address aid;
    address sAid;
    // core
    address reserve;
    address dealBook;
    address insuranceFund;
    address yieldDistributor;
    // feeds (IPushFeed)
    address feedUsdcUsd;
    address feedUsdtUsd;
    address feedAidUsd;
    address feedGpuNav;
    address feedSAidAid;
    // Morpho oracle adapters (IOracle)
    address oracleSAidUsdc;
    address oracleAidUsdc;
    address oracleUsdcAid;
    // lending
    address morpho;
    address irm;
    MarketInfo marketSAidUsdc;
    MarketInfo marketAidUsdc;
    MarketInfo marketUsdcAid;
    // DEX
    address uniswapV3Factory;
    address swapRouter;
    address quoterV2;
    address positionManager;
    address weth9;
    address poolAidUsdc;
    address poolSAidAid;
    address poolSAidUsdc;
    // liquidation
    address flashLiquidator;
}
