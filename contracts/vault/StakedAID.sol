// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RoleManaged} from "../access/RoleManaged.sol";
import {IStakedAID} from "../interfaces/IStakedAID.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title StakedAID
/// @notice sAID: ERC-4626 vault over any ERC-20 asset with internal accounting, linearly vesting yield, loss
/// reporting and an ERC-7540-style pro-rata epoch exit. See `IStakedAID` and docs/DESIGN.md.
/// @dev Accounting identities (asset units):
///   `totalAssets = storedAssets − unvestedYield`; the vault's asset balance ≥ `storedAssets + claimableAssets`
///   (anything above is a donation and is ignored).
/// Exit queue (O(1) per call): escrowed shares `queueShares` are split pro-rata over `queueUnits`; a controller's
/// pending shares are `units × queueShares / queueUnits`. A fill burns shares from the queue (units unchanged, so
/// every controller loses the same fraction) and credits `fillAssets × 1e36 / queueUnits` to `assetsPerUnit`.
/// A generation ends when the queue drains, or when partial fills diluted units beyond `MAX_UNITS_PER_SHARE`
/// (then the remaining shares roll over into a fresh generation at one unit per share). Positions of ended
/// generations are brought forward lazily, at most `MAX_CATCH_UP` generations (each roll-over divides a
/// position's units by ≥ 1e12, so after a few steps only dust of less than one unit is left and dropped).
contract StakedAID is IStakedAID, ERC4626, ERC20Permit, RoleManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc IStakedAID
    bytes32 public constant YIELD_ROLE = keccak256("YIELD_ROLE");
    /// @inheritdoc IStakedAID
    bytes32 public constant LOSS_REPORTER_ROLE = keccak256("LOSS_REPORTER_ROLE");

    /// @notice Receiver of the dead shares minted by `seed`.
    address public constant DEAD_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    /// @notice Delay before a scheduled admin transfer can be accepted.
    uint48 public constant ADMIN_TRANSFER_DELAY = 1 days;

    uint256 public constant MIN_VESTING_PERIOD = 1 hours;
    uint256 public constant MAX_VESTING_PERIOD = 7 days;
    uint256 public constant MIN_MAX_APR_BPS = 1;
    uint256 public constant MAX_MAX_APR_BPS = 20_000;
    uint256 public constant MAX_EXIT_EPOCH_DURATION = 30 days;
    uint256 public constant MIN_MAX_EPOCH_EXIT_BPS = 1;
    uint256 public constant MAX_DECIMALS_OFFSET = 18;
    uint256 public constant BPS = 10_000;
    /// @notice Scale of the `assetsPerUnit` accumulator.
    uint256 public constant ACC_SCALE = 1e36;
    /// @notice Units-per-share ratio above which a partially filled queue rolls over into a new generation.
    uint256 public constant MAX_UNITS_PER_SHARE = 1e12;
    /// @notice Most ended generations a position is carried through before the remaining dust is dropped.
    uint256 public constant MAX_CATCH_UP = 8;

    uint256 private constant _YEAR = 365 days;

    /// @dev One controller's place in the exit queue.
    struct Position {
        uint256 units;
        uint256 accPaid;
        uint256 claimable;
        uint256 generation;
    }

    /// @dev State of a generation when it ended: its final accumulator and the shares/units that rolled over.
    struct GenerationEnd {
        uint256 assetsPerUnit;
        uint256 shares;
        uint256 units;
    }

    uint8 private immutable _offset;

    /// @dev Parameters and the running vesting schedule, packed in one slot (232 bits): deposits and exits read
    /// it together with `Balances`, so the hot path touches two slots.
    struct Config {
        uint64 vestingStart;
        uint64 vestingEnd;
        uint32 vestingPeriod;
        uint16 maxAprBps;
        uint32 exitEpochDuration;
        uint16 maxEpochExitBps;
        bool seeded;
    }

    /// @dev Accounted assets and the amount of the running vesting schedule, packed in one slot.
    struct Balances {
        uint128 stored;
        uint128 vestingAmount;
    }

    /// @dev Exit queue totals.
    struct Queue {
        uint256 shares;
        uint256 units;
        uint256 assetsPerUnit;
        uint64 generation;
        uint64 epoch;
        uint64 epochStart;
    }

    Config private _config;
    Balances private _balances;
    Queue private _queue;
    /// @inheritdoc IStakedAID
    uint256 public claimableAssets;

    mapping(address controller => Position) private _positions;
    mapping(uint256 generation => GenerationEnd) private _generationEnds;

    /// @param asset_ Underlying ERC-20 (AID in deployment).
    /// @param name_ Share token name (also the EIP-712 domain name).
    /// @param symbol_ Share token symbol.
    /// @param admin Holder of `DEFAULT_ADMIN_ROLE`.
    /// @param decimalsOffset Virtual-share decimals offset (0 for AID; e.g. 12 for a 6-decimal asset).
    constructor(IERC20 asset_, string memory name_, string memory symbol_, address admin, uint8 decimalsOffset)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
        ERC4626(asset_)
        RoleManaged(ADMIN_TRANSFER_DELAY, admin)
    {
        if (address(asset_) == address(0)) revert ZeroAddress();
        if (decimalsOffset > MAX_DECIMALS_OFFSET) {
            revert ParameterOutOfBounds(decimalsOffset, 0, MAX_DECIMALS_OFFSET);
        }
        _offset = decimalsOffset;
        _config = Config({
            vestingStart: 0,
            vestingEnd: 0,
            vestingPeriod: uint32(8 hours),
            maxAprBps: 5000,
            exitEpochDuration: uint32(7 days),
            maxEpochExitBps: 2000,
            seeded: false
        });
        _queue.epochStart = uint64(block.timestamp);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Seeding
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStakedAID
    function seed(uint256 assets) external nonReentrant onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 shares) {
        if (_config.seeded) revert AlreadySeeded();
        if (assets == 0) revert ZeroAmount();
        _config.seeded = true;
        shares = previewDeposit(assets);
        emit Seeded(_msgSender(), assets, shares);
        _deposit(_msgSender(), DEAD_ADDRESS, assets, shares);
    }

    // ------------------------------------------------------------------------------------------------------------
    // ERC-4626
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ERC4626
    function decimals() public view override(ERC20, ERC4626, IERC20Metadata) returns (uint8) {
        return ERC4626.decimals();
    }

    /// @inheritdoc ERC4626
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        Balances memory balances = _balances;
        return balances.stored - _unvested(_config, balances.vestingAmount);
    }

    /// @inheritdoc ERC4626
    function maxDeposit(address) public view override(ERC4626, IERC4626) returns (uint256) {
        return _config.seeded ? type(uint256).max : 0;
    }

    /// @inheritdoc ERC4626
    function maxMint(address) public view override(ERC4626, IERC4626) returns (uint256) {
        return _config.seeded ? type(uint256).max : 0;
    }

    /// @inheritdoc ERC4626
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (_config.exitEpochDuration != 0) return 0;
        return super.maxWithdraw(owner);
    }

    /// @inheritdoc ERC4626
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (_config.exitEpochDuration != 0) return 0;
        return super.maxRedeem(owner);
    }

    /// @inheritdoc ERC4626
    function deposit(uint256 assets, address receiver)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256)
    {
        if (!_config.seeded) revert NotSeeded();
        return super.deposit(assets, receiver);
    }

    /// @inheritdoc ERC4626
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256) {
        if (!_config.seeded) revert NotSeeded();
        return super.mint(shares, receiver);
    }

    /// @inheritdoc ERC4626
    function withdraw(uint256 assets, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256)
    {
        if (_config.exitEpochDuration != 0) revert AsyncExitOnly();
        return super.withdraw(assets, receiver, owner);
    }

    /// @inheritdoc ERC4626
    function redeem(uint256 shares, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256)
    {
        if (_config.exitEpochDuration != 0) revert AsyncExitOnly();
        return super.redeem(shares, receiver, owner);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Yield and loss
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStakedAID
    function distributeYield(uint256 amount) external nonReentrant onlyRole(YIELD_ROLE) {
        if (amount == 0) revert ZeroAmount();
        uint256 unvested = unvestedYield();
        if (unvested != 0) revert StillVesting(unvested);
        uint256 maxAmount = maxYield();
        if (amount > maxAmount) revert YieldTooHigh(amount, maxAmount);

        Config memory config = _config;
        uint256 end = block.timestamp + config.vestingPeriod;
        config.vestingStart = block.timestamp.toUint64();
        config.vestingEnd = end.toUint64();
        _config = config;
        _balances = Balances({stored: (_balances.stored + amount).toUint128(), vestingAmount: amount.toUint128()});

        emit YieldDistributed(_msgSender(), amount, end);
        _transferIn(_msgSender(), amount);
    }

    /// @inheritdoc IStakedAID
    function maxYield() public view returns (uint256) {
        Config memory config = _config;
        return Math.mulDiv(totalAssets(), uint256(config.maxAprBps) * config.vestingPeriod, BPS * _YEAR);
    }

    /// @inheritdoc IStakedAID
    function unvestedYield() public view returns (uint256) {
        return _unvested(_config, _balances.vestingAmount);
    }

    /// @notice Assets accounted to the vault: `totalAssets() + unvestedYield()`.
    function storedAssets() external view returns (uint256) {
        return _balances.stored;
    }

    /// @inheritdoc IStakedAID
    function vestingEnd() external view returns (uint256) {
        return _config.vestingEnd;
    }

    /// @inheritdoc IStakedAID
    function reportLoss(uint256 amount) external nonReentrant onlyRole(LOSS_REPORTER_ROLE) {
        if (amount == 0) return;
        Balances memory balances = _balances;
        if (amount > balances.stored) revert LossTooHigh(amount, balances.stored);

        uint256 unvested = unvestedYield();
        uint256 cancelled = Math.min(unvested, amount);
        if (unvested != 0) {
            // Restart the schedule from now with what is left, ending at the same time.
            balances.vestingAmount = uint128(unvested - cancelled); // ≤ the current uint128 amount
            _config.vestingStart = block.timestamp.toUint64();
        }
        balances.stored -= uint128(amount); // ≤ stored, checked above
        _balances = balances;

        emit LossReported(_msgSender(), _msgSender(), amount, cancelled);
        _transferOut(_msgSender(), amount);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Epoch exit
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStakedAID
    function requestRedeem(uint256 shares, address controller, address owner)
        external
        nonReentrant
        returns (uint256 requestId)
    {
        if (shares == 0) revert ZeroAmount();
        if (controller == address(0)) revert ZeroAddress();
        address sender = _msgSender();
        if (sender != owner) _spendAllowance(owner, sender, shares);

        Position memory position = _caughtUp(_positions[controller]);
        uint256 queued = _queue.shares;
        uint256 unitsTotal = _queue.units;
        uint256 units = unitsTotal == 0 ? shares : Math.mulDiv(shares, unitsTotal, queued);
        if (units == 0) revert ZeroAmount();
        position.units += units;
        _positions[controller] = position;
        _queue.units = unitsTotal + units;
        _queue.shares = queued + shares;

        emit RedeemRequest(controller, owner, 0, sender, shares);
        _transfer(owner, address(this), shares);
        return 0;
    }

    /// @inheritdoc IStakedAID
    function settleEpoch() external nonReentrant {
        Queue memory queue = _queue;
        uint256 endsAt = uint256(queue.epochStart) + _config.exitEpochDuration;
        if (block.timestamp < endsAt) revert EpochNotEnded(queue.epoch, endsAt);

        uint256 queued = queue.shares;
        uint256 exitRate = _convertToAssets(10 ** decimals(), Math.Rounding.Floor);
        uint256 fillShares;
        uint256 fillAssets;
        if (queued != 0) {
            uint256 capAssets = Math.mulDiv(totalAssets(), _config.maxEpochExitBps, BPS);
            fillShares = Math.min(queued, _convertToShares(capAssets, Math.Rounding.Floor));
            fillAssets = _convertToAssets(fillShares, Math.Rounding.Floor);
        }

        uint256 epoch = queue.epoch;
        queue.epoch = (epoch + 1).toUint64();
        queue.epochStart = block.timestamp.toUint64();
        if (fillShares != 0) {
            uint256 acc = queue.assetsPerUnit + Math.mulDiv(fillAssets, ACC_SCALE, queue.units);
            uint256 remaining = queued - fillShares;
            queue.shares = remaining;
            if (remaining == 0 || queue.units / remaining > MAX_UNITS_PER_SHARE) {
                // End the generation; what is left rolls over at one unit per share.
                _generationEnds[queue.generation] =
                    GenerationEnd({assetsPerUnit: acc, shares: remaining, units: queue.units});
                ++queue.generation;
                queue.units = remaining;
                queue.assetsPerUnit = 0;
            } else {
                queue.assetsPerUnit = acc;
            }
            _balances.stored -= uint128(fillAssets); // ≤ totalAssets ≤ stored
            claimableAssets += fillAssets;
        }
        _queue = queue;
        if (fillShares != 0) _burn(address(this), fillShares);

        emit EpochSettled(epoch, queued, fillShares, fillAssets, exitRate);
    }

    /// @inheritdoc IStakedAID
    function claim(address controller, address receiver) external nonReentrant returns (uint256 assets) {
        if (_msgSender() != controller) revert NotAuthorized(_msgSender(), controller);
        if (receiver == address(0)) revert ZeroAddress();
        Position memory position = _caughtUp(_positions[controller]);
        assets = position.claimable;
        if (assets == 0) revert NothingToClaim();
        position.claimable = 0;
        _positions[controller] = position;
        claimableAssets -= assets;

        emit ExitClaimed(controller, receiver, assets);
        _transferOut(receiver, assets);
    }

    /// @inheritdoc IStakedAID
    function pendingRedeemRequest(uint256, address controller) external view returns (uint256 shares) {
        Position memory position = _caughtUp(_positions[controller]);
        if (position.units == 0) return 0;
        return Math.mulDiv(position.units, _queue.shares, _queue.units);
    }

    /// @inheritdoc IStakedAID
    function claimableRedeemRequest(uint256, address controller) external view returns (uint256 assets) {
        return _caughtUp(_positions[controller]).claimable;
    }

    /// @inheritdoc IStakedAID
    function openEpoch() external view returns (uint256 epoch, uint256 endsAt) {
        return (_queue.epoch, uint256(_queue.epochStart) + _config.exitEpochDuration);
    }

    /// @inheritdoc IStakedAID
    function totalPendingShares() external view returns (uint256) {
        return _queue.shares;
    }

    /// @notice Exit-queue totals: pro-rata units, accumulator and generation of the current queue.
    function queueState() external view returns (uint256 units, uint256 accumulator, uint256 currentGeneration) {
        return (_queue.units, _queue.assetsPerUnit, _queue.generation);
    }

    /// @inheritdoc IStakedAID
    function seeded() external view returns (bool) {
        return _config.seeded;
    }

    /// @notice Raw queue position of `controller` (not brought forward to the current generation).
    function positionOf(address controller) external view returns (Position memory) {
        return _positions[controller];
    }

    // ------------------------------------------------------------------------------------------------------------
    // Parameters
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStakedAID
    function vestingPeriod() external view returns (uint256) {
        return _config.vestingPeriod;
    }

    /// @inheritdoc IStakedAID
    function maxAprBps() external view returns (uint256) {
        return _config.maxAprBps;
    }

    /// @inheritdoc IStakedAID
    function exitEpochDuration() external view returns (uint256) {
        return _config.exitEpochDuration;
    }

    /// @inheritdoc IStakedAID
    function maxEpochExitBps() external view returns (uint256) {
        return _config.maxEpochExitBps;
    }

    /// @inheritdoc IStakedAID
    function setVestingPeriod(uint256 newVestingPeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newVestingPeriod < MIN_VESTING_PERIOD || newVestingPeriod > MAX_VESTING_PERIOD) {
            revert ParameterOutOfBounds(newVestingPeriod, MIN_VESTING_PERIOD, MAX_VESTING_PERIOD);
        }
        _config.vestingPeriod = uint32(newVestingPeriod);
        emit VestingPeriodSet(newVestingPeriod);
    }

    /// @inheritdoc IStakedAID
    function setMaxApr(uint256 newMaxAprBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newMaxAprBps < MIN_MAX_APR_BPS || newMaxAprBps > MAX_MAX_APR_BPS) {
            revert ParameterOutOfBounds(newMaxAprBps, MIN_MAX_APR_BPS, MAX_MAX_APR_BPS);
        }
        _config.maxAprBps = uint16(newMaxAprBps);
        emit MaxAprSet(newMaxAprBps);
    }

    /// @inheritdoc IStakedAID
    function setExitEpochDuration(uint256 newDuration) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newDuration > MAX_EXIT_EPOCH_DURATION) {
            revert ParameterOutOfBounds(newDuration, 0, MAX_EXIT_EPOCH_DURATION);
        }
        _config.exitEpochDuration = uint32(newDuration);
        emit ExitEpochDurationSet(newDuration);
    }

    /// @inheritdoc IStakedAID
    function setMaxEpochExit(uint256 newMaxEpochExitBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newMaxEpochExitBps < MIN_MAX_EPOCH_EXIT_BPS || newMaxEpochExitBps > BPS) {
            revert ParameterOutOfBounds(newMaxEpochExitBps, MIN_MAX_EPOCH_EXIT_BPS, BPS);
        }
        _config.maxEpochExitBps = uint16(newMaxEpochExitBps);
        emit MaxEpochExitSet(newMaxEpochExitBps);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Unvested part of the running schedule, rounded up: yield counts only once vested, and totalAssets
    /// never steps down as time passes.
    function _unvested(Config memory config, uint256 amount) internal view returns (uint256) {
        uint256 end = config.vestingEnd;
        if (block.timestamp + 1 > end) return 0;
        return Math.mulDiv(amount, end - block.timestamp, end - config.vestingStart, Math.Rounding.Ceil);
    }

    /// @dev Brings `position` forward to the current generation and accrues its filled assets into `claimable`.
    /// Every division rounds down, so the sum of claims never exceeds the assets set aside.
    function _caughtUp(Position memory position) internal view returns (Position memory) {
        uint256 current = _queue.generation;
        uint256 acc = _queue.assetsPerUnit;
        if (position.units == 0) {
            position.generation = current;
            position.accPaid = acc;
            return position;
        }
        uint256 steps;
        while (position.generation < current) {
            GenerationEnd memory ended = _generationEnds[position.generation];
            position.claimable += Math.mulDiv(position.units, ended.assetsPerUnit - position.accPaid, ACC_SCALE);
            position.units = Math.mulDiv(position.units, ended.shares, ended.units);
            position.accPaid = 0;
            ++position.generation;
            if (position.units == 0 || ++steps == MAX_CATCH_UP) {
                position.units = 0;
                position.generation = current;
                position.accPaid = acc;
                return position;
            }
        }
        position.claimable += Math.mulDiv(position.units, acc - position.accPaid, ACC_SCALE);
        position.accPaid = acc;
        return position;
    }

    /// @dev Credits deposits to the internal accounting before OZ pulls the assets and mints.
    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        _balances.stored = (_balances.stored + assets).toUint128();
        super._deposit(caller, receiver, assets, shares);
    }

    /// @dev Debits withdrawals from the internal accounting before OZ burns and pays.
    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
    {
        _balances.stored -= uint128(assets); // ≤ totalAssets ≤ stored (redeemable shares ≤ supply)
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    /// @dev Pulls exactly `assets` (measured by balance delta; fee-on-transfer assets are rejected).
    function _transferIn(address from, uint256 assets) internal override {
        IERC20 token = IERC20(asset());
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), assets);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received < assets) revert TransferShortfall(assets, received);
    }

    /// @dev Virtual-share decimals offset (constructor argument).
    function _decimalsOffset() internal view override returns (uint8) {
        return _offset;
    }
}
