# Helpers of the JSON-test generators: the fixture's addresses (fixtures/deployments.devnet.json), event signatures
# as gnd's JSON format wants them, and Morpho's share maths (SharesMathLib, with its rounding directions) to work out
# expected values independently of the mappings.
import json, math
A = {
 'USDC':'0x0000000000000000000000000000000000000a01','USDT':'0x0000000000000000000000000000000000000a02',
 'AID':'0x0000000000000000000000000000000000000a03','SAID':'0x0000000000000000000000000000000000000a04',
 'RESERVE':'0x0000000000000000000000000000000000000a05','DEALBOOK':'0x0000000000000000000000000000000000000a06',
 'MORPHO':'0x0000000000000000000000000000000000000c01','IRM':'0x0000000000000000000000000000000000000c02',
 'OR_SAID_USDC':'0x0000000000000000000000000000000000000c11','OR_AID_USDC':'0x0000000000000000000000000000000000000c12','OR_USDC_AID':'0x0000000000000000000000000000000000000c13',
 'POOL_AID_USDC':'0x0000000000000000000000000000000000000e01','POOL_SAID_AID':'0x0000000000000000000000000000000000000e02','POOL_SAID_USDC':'0x0000000000000000000000000000000000000e03',
 'F_USDC_USD':'0x0000000000000000000000000000000000000b01','F_USDT_USD':'0x0000000000000000000000000000000000000b02','F_AID_USD':'0x0000000000000000000000000000000000000b03','F_GPU_NAV':'0x0000000000000000000000000000000000000b04','F_SAID_AID':'0x0000000000000000000000000000000000000b05',
 'ALICE':'0x000000000000000000000000000000000000a11c','BOB':'0x000000000000000000000000000000000000b0b0','CAROL':'0x000000000000000000000000000000000000ca20',
 'LIQ':'0x0000000000000000000000000000000000001100','FEE':'0x000000000000000000000000000000000000fee0','TREASURY':'0x0000000000000000000000000000000000007e50',
 'DISTRIBUTOR':'0x0000000000000000000000000000000000000a08','INSURANCE':'0x0000000000000000000000000000000000000a07','ZERO':'0x0000000000000000000000000000000000000000',
}
M = {'SAID_USDC':'0x'+'11'*32,'AID_USDC':'0x'+'22'*32,'USDC_AID':'0x'+'33'*32,'FOREIGN':'0x'+'99'*32}
SIG = {
 # Reserve
 'StableConfigured':'StableConfigured(address indexed stable, bool enabled, address feed, uint32 maxFeedAge)',
 'Minted':'Minted(address indexed caller, address indexed receiver, address indexed stable, uint256 amountIn, uint256 aidOut, uint256 fee)',
 'Redeemed':'Redeemed(address indexed caller, address indexed receiver, address indexed stable, uint256 aidIn, uint256 amountOut, uint256 fee)',
 'RedeemRequested':'RedeemRequested(uint256 indexed requestId, address indexed owner, address indexed receiver, address stable, uint256 aidAmount)',
 'RedeemProcessed':'RedeemProcessed(uint256 indexed requestId, uint256 payout)',
 'RedeemClaimed':'RedeemClaimed(uint256 indexed requestId, address indexed receiver, uint256 aidBurned, uint256 payout)',
 'RedeemCancelled':'RedeemCancelled(uint256 indexed requestId, address indexed owner, uint256 aidReturned)',
 'DealFunded':'DealFunded(uint256 indexed dealId, address indexed stable, uint256 amount, address indexed payoutWallet)',
 'RepaymentReceived':'RepaymentReceived(uint256 indexed dealId, address indexed stable, uint256 principal, uint256 income, uint256 performanceFee, uint256 protocolFee, uint256 netYield)',
 'LossAbsorbed':'LossAbsorbed(uint256 indexed dealId, uint256 loss, uint256 insuranceCovered, uint256 stakersCovered, uint256 uncovered)',
 'LiquidationProceeds':'LiquidationProceeds(uint256 indexed dealId, address indexed stable, uint256 proceeds, uint256 carryingValue)',
 'MintPaused':'MintPaused(bool paused)','RedeemPaused':'RedeemPaused(bool paused)',
 # DealBook
 'DealProposed':'DealProposed(uint256 indexed dealId, bytes32 indexed borrowerId, address indexed originator, (bytes32,uint8,uint32,bytes32,bytes32,uint256,uint256,uint16,uint16,uint8,uint16,uint64,address) terms)',
 'DealCancelled':'DealCancelled(uint256 indexed dealId)',
 'DealActivated':'DealActivated(uint256 indexed dealId, uint256 principal, uint64 start, uint64 maturity)',
 'NavMarked':'NavMarked(uint256 indexed dealId, uint256 collateralValue, uint256 ltvBps, address indexed reporter)',
 'MarginCall':'MarginCall(uint256 indexed dealId, uint256 ltvBps, uint256 maxLtvBps)',
 'MarginCallCleared':'MarginCallCleared(uint256 indexed dealId, uint256 ltvBps)',
 'DealLate':'DealLate(uint256 indexed dealId)','DealCured':'DealCured(uint256 indexed dealId)',
 'RepaymentRecorded':'RepaymentRecorded(uint256 indexed dealId, uint256 principal, uint256 income, uint256 outstandingPrincipal)',
 'DealRepaid':'DealRepaid(uint256 indexed dealId)',
 'DealDefaulted':'DealDefaulted(uint256 indexed dealId, uint256 carryingValueBefore, uint256 recoveryValue, uint256 loss)',
 'DealLiquidated':'DealLiquidated(uint256 indexed dealId, uint256 proceeds, uint256 carryingValueBefore)',
 # sAID
 'Transfer':'Transfer(address indexed from, address indexed to, uint256 value)',
 'Deposit':'Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares)',
 'Withdraw':'Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares)',
 'YieldDistributed':'YieldDistributed(address indexed caller, uint256 amount, uint256 vestingEnd)',
 'LossReported':'LossReported(address indexed reporter, address indexed recipient, uint256 amount, uint256 unvestedCancelled)',
 'RedeemRequest':'RedeemRequest(address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares)',
 'EpochSettled':'EpochSettled(uint256 indexed epoch, uint256 queuedShares, uint256 filledShares, uint256 filledAssets, uint256 exitRate)',
 'ExitClaimed':'ExitClaimed(address indexed controller, address indexed receiver, uint256 assets)',
 # feeds
 'AnswerUpdated':'AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
 'NewRound':'NewRound(uint256 indexed roundId, address indexed transmitter, uint256 observedAt, uint256 signatures)',
 # Morpho
 'CreateMarket':'CreateMarket(bytes32 indexed id, (address,address,address,address,uint256) marketParams)',
 'SetFee':'SetFee(bytes32 indexed id, uint256 newFee)',
 'SetFeeRecipient':'SetFeeRecipient(address indexed newFeeRecipient)',
 'AccrueInterest':'AccrueInterest(bytes32 indexed id, uint256 prevBorrowRate, uint256 interest, uint256 feeShares)',
 'Supply':'Supply(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares)',
 'MWithdraw':'Withdraw(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets, uint256 shares)',
 'Borrow':'Borrow(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets, uint256 shares)',
 'Repay':'Repay(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares)',
 'SupplyCollateral':'SupplyCollateral(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets)',
 'WithdrawCollateral':'WithdrawCollateral(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets)',
 'Liquidate':'Liquidate(bytes32 indexed id, address indexed caller, address indexed borrower, uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 badDebtAssets, uint256 badDebtShares)',
 # Uniswap
 'Initialize':'Initialize(uint160 sqrtPriceX96, int24 tick)',
 'Swap':'Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
 'Mint':'Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
 'Burn':'Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
}
def conv(v):
    if isinstance(v, bool): return v
    if isinstance(v, int): return str(v)
    if isinstance(v, list): return [conv(x) for x in v]
    return v
def ev(addr, name, **params):
    return {'address': A.get(addr, addr), 'event': SIG[name], 'params': {k: conv(A.get(v, v) if isinstance(v, str) else v) for k, v in params.items()}}
def call(addr, fn, ret, params=None):
    return {'address': A.get(addr, addr), 'function': fn, 'params': params or [], 'returns': [conv(r) for r in ret]}
def block(ts, events, calls=None, number=None):
    b = {'timestamp': ts, 'events': events}
    if number is not None: b['number'] = number
    if calls: b['ethCalls'] = calls
    return b
def q(query, expected):
    return {'query': query, 'expected': expected}
def write(path, name, blocks, assertions):
    with open(path, 'w') as f:
        json.dump({'name': name, 'blocks': blocks, 'assertions': assertions}, f, indent=2)
        f.write('\n')
E18 = 10**18
def low(a): return A.get(a, a).lower()
def stable_calls(token='USDC', name='USD Coin', symbol='USDC', decimals=6):
    return [call(token, 'name()(string)', [name]), call(token, 'symbol()(string)', [symbol]), call(token, 'decimals()(uint8)', [decimals])]
def to_assets_down(s, ta, ts): return s * (ta + 1) // (ts + 10**6)
def to_assets_up(s, ta, ts):
    n = s * (ta + 1); d = ts + 10**6; return -(-n // d)
def to_shares_down(a, ta, ts): return a * (ts + 10**6) // (ta + 1)
def to_shares_up(a, ta, ts):
    n = a * (ts + 10**6); d = ta + 1; return -(-n // d)
def mul_div_up(a, b, c): return -(-(a*b)//c)
import re
import os
QUERIES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'queries')
def qfile(name):
    text = open(os.path.join(QUERIES, f'{name}.graphql')).read()
    text = ' '.join(re.sub(r'#.*$', '', l) for l in text.split('\n'))
    return re.sub(r'\s+', ' ', text).strip()
