// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev `vm.cool` (Foundry ≥ 1.0) is not in forge-std 1.9.3's Vm interface: declared once for the gas tests and benches.
interface VmCool {
    function cool(address target) external;
}

/// @dev The cheatcode address, typed with `cool`.
VmCool constant VM_COOL = VmCool(address(uint160(uint256(keccak256("hevm cheat code")))));
