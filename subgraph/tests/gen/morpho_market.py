import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import *
mid = M['SAID_USDC']
T0 = 1_700_000_000 - (1_700_000_000 % 86400)  # a day boundary
# market state
S = dict(sa=0, ss=0, ba=0, bs=0, coll=0)
pos = {}
def P(a): return pos.setdefault(a, dict(ss=0, bs=0, c=0))
blocks = []
price = 1_050_000 * 10**18  # 1.05 USDC (1e6) per sAID (1e18) × 1e36 / 1e18 → 1.05e24
price = 105 * 10**22
oracle = call('OR_SAID_USDC', 'price()(uint256)', [price])
# block 0: stable + markets + fee recipient
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400),
      ev('MORPHO', 'SetFeeRecipient', newFeeRecipient='FEE'),


      ev('MORPHO', 'SetFee', id=mid, newFee=10**17)]
blocks.append(block(T0 + 100, b0, stable_calls() + [call('SAID', 'decimals()(uint8)', [18])]))
# block 1: bob supplies 1,000,000 USDC; alice posts 1000 sAID and borrows 500 USDC
sup = 1_000_000 * 10**6; sup_sh = to_shares_down(sup, S['sa'], S['ss']); S['sa'] += sup; S['ss'] += sup_sh; P('BOB')['ss'] += sup_sh
col = 1000 * E18; S['coll'] += col; P('ALICE')['c'] += col
bor = 500 * 10**6; bor_sh = to_shares_up(bor, S['ba'], S['bs']); S['ba'] += bor; S['bs'] += bor_sh; P('ALICE')['bs'] += bor_sh
b1 = [ev('MORPHO', 'Supply', id=mid, caller='BOB', onBehalf='BOB', assets=sup, shares=sup_sh),
      ev('MORPHO', 'SupplyCollateral', id=mid, caller='ALICE', onBehalf='ALICE', assets=col),
      ev('MORPHO', 'Borrow', id=mid, caller='ALICE', onBehalf='ALICE', receiver='ALICE', assets=bor, shares=bor_sh),
      # a foreign market's event: filtered out
      ev('MORPHO', 'Supply', id=M['FOREIGN'], caller='BOB', onBehalf='BOB', assets=5, shares=5 * 10**6)]
blocks.append(block(T0 + 200, b1, [oracle]))
# block 2 (a day later): interest accrues; alice repays half her shares, withdraws 100 sAID; bob withdraws 1000 USDC
rate = 1585489599  # ~5% APR per second, 1e18-scaled
interest = 68_493  # 0.068493 USDC
fee_amount = interest * 10**17 // 10**18
fee_sh = to_shares_down(fee_amount, S['sa'] + interest - fee_amount, S['ss'])
S['sa'] += interest; S['ba'] += interest; S['ss'] += fee_sh; P('FEE')['ss'] += fee_sh
rep_sh = P('ALICE')['bs'] // 2; rep = to_assets_up(rep_sh, S['ba'], S['bs']); S['bs'] -= rep_sh; S['ba'] = max(S['ba'] - rep, 0); P('ALICE')['bs'] -= rep_sh
wc = 100 * E18; S['coll'] -= wc; P('ALICE')['c'] -= wc
wd = 1000 * 10**6; wd_sh = to_shares_up(wd, S['sa'], S['ss']); S['sa'] -= wd; S['ss'] -= wd_sh; P('BOB')['ss'] -= wd_sh
b2 = [ev('MORPHO', 'AccrueInterest', id=mid, prevBorrowRate=rate, interest=interest, feeShares=fee_sh),
      ev('MORPHO', 'Repay', id=mid, caller='ALICE', onBehalf='ALICE', assets=rep, shares=rep_sh),
      ev('MORPHO', 'WithdrawCollateral', id=mid, caller='ALICE', onBehalf='ALICE', receiver='ALICE', assets=wc),
      ev('MORPHO', 'MWithdraw', id=mid, caller='BOB', onBehalf='BOB', receiver='CAROL', assets=wd, shares=wd_sh)]
blocks.append(block(T0 + 86400 + 300, b2, [oracle]))
# block 3 (two days later): a fee change rolls up the previous day
blocks.append(block(T0 + 2 * 86400 + 10, [ev('MORPHO', 'SetFee', id=mid, newFee=5 * 10**16)]))

def pa(a):
    p = pos[a]; sa = to_assets_down(p['ss'], S['sa'], S['ss']); ba = to_assets_up(p['bs'], S['ba'], S['bs'])
    ltv = None
    if ba:
        cv = p['c'] * price // 10**36
        ltv = str(mul_div_up(ba, E18, cv))
    return dict(sa=sa, ba=ba, ltv=ltv)
alice = pa('ALICE'); bob = pa('BOB'); fee = pa('FEE')
util = S['ba'] * E18 // S['sa']
borrow_apr = rate * 365 * 86400 * 100 / E18
asserts = [
 q('{ markets { id name inputToken { symbol decimals } collateralToken { symbol } oracle lltv fee totalSupplyAssets totalSupplyShares totalBorrowAssets totalBorrowShares totalCollateral inputTokenBalance utilization borrowRatePerSecond oraclePrice positionCount openPositionCount cumulativeSupplyAssets cumulativeBorrowAssets cumulativeRepayAssets cumulativeInterestAssets } }',
   {'markets': [{'id': mid, 'name': 'SAID_USDC', 'inputToken': {'symbol': 'USDC', 'decimals': 6}, 'collateralToken': {'symbol': 'sAID'}, 'oracle': low('OR_SAID_USDC'),
     'lltv': str(86 * 10**16), 'fee': str(5 * 10**16), 'totalSupplyAssets': str(S['sa']), 'totalSupplyShares': str(S['ss']), 'totalBorrowAssets': str(S['ba']),
     'totalBorrowShares': str(S['bs']), 'totalCollateral': str(S['coll']), 'inputTokenBalance': str(S['sa']), 'utilization': str(util), 'borrowRatePerSecond': str(rate),
     'oraclePrice': str(price), 'positionCount': 3, 'openPositionCount': 3, 'cumulativeSupplyAssets': str(sup), 'cumulativeBorrowAssets': str(bor),
     'cumulativeRepayAssets': str(rep), 'cumulativeInterestAssets': str(interest)}]}),
 q('{ positions(orderBy: supplyShares) { account supplyShares borrowShares collateral supplyAssets borrowAssets ltv isOpen borrowCount repayCount } }',
   {'positions': [
     {'account': low('ALICE'), 'supplyShares': '0', 'borrowShares': str(pos['ALICE']['bs']), 'collateral': str(pos['ALICE']['c']), 'supplyAssets': '0', 'borrowAssets': str(alice['ba']), 'ltv': alice['ltv'], 'isOpen': True, 'borrowCount': 1, 'repayCount': 1},
     {'account': low('FEE'), 'supplyShares': str(fee_sh), 'borrowShares': '0', 'collateral': '0', 'supplyAssets': str(fee['sa']), 'borrowAssets': '0', 'ltv': None, 'isOpen': True, 'borrowCount': 0, 'repayCount': 0},
     {'account': low('BOB'), 'supplyShares': str(pos['BOB']['ss']), 'borrowShares': '0', 'collateral': '0', 'supplyAssets': str(bob['sa']), 'borrowAssets': '0', 'ltv': None, 'isOpen': True, 'borrowCount': 0, 'repayCount': 0}]}),
 q('{ deposits { side account amount shares } withdraws { side account receiver amount shares } borrows { account receiver amount shares } repays { account amount shares } }',
   {'deposits': [{'side': 'SUPPLIER', 'account': low('BOB'), 'amount': str(sup), 'shares': str(sup_sh)}, {'side': 'COLLATERAL', 'account': low('ALICE'), 'amount': str(col), 'shares': None}],
    'withdraws': [{'side': 'COLLATERAL', 'account': low('ALICE'), 'receiver': low('ALICE'), 'amount': str(wc), 'shares': None}, {'side': 'SUPPLIER', 'account': low('BOB'), 'receiver': low('CAROL'), 'amount': str(wd), 'shares': str(wd_sh)}],
    'borrows': [{'account': low('ALICE'), 'receiver': low('ALICE'), 'amount': str(bor), 'shares': str(bor_sh)}],
    'repays': [{'account': low('ALICE'), 'amount': str(rep), 'shares': str(rep_sh)}]}),
 q('{ interestAccruals { prevBorrowRate interest feeShares totalSupplyAssets totalBorrowAssets } interestRates { side type } }',
   {'interestAccruals': [{'prevBorrowRate': str(rate), 'interest': str(interest), 'feeShares': str(fee_sh), 'totalSupplyAssets': str(S['sa'] + wd), 'totalBorrowAssets': str(bor + interest)}],
    'interestRates': [{'side': 'BORROWER', 'type': 'VARIABLE'}, {'side': 'LENDER', 'type': 'VARIABLE'}]}),
 q('{ protocols { marketCount morphoFeeRecipient totalDepositBalanceUSD totalBorrowBalanceUSD cumulativeDepositUSD cumulativeBorrowUSD } }',
   {'protocols': [{'marketCount': 1, 'morphoFeeRecipient': low('FEE'), 'totalDepositBalanceUSD': str(S['sa'] * 10**12), 'totalBorrowBalanceUSD': str(S['ba'] * 10**12),
     'cumulativeDepositUSD': str(sup * 10**12), 'cumulativeBorrowUSD': str(bor * 10**12)}]}),
 q('{ marketSnapshots(interval: "day") { market { name } supplied withdrawn borrowed repaid interest totalSupplyAssets events } }',
   {'marketSnapshots': [
     {'market': {'name': 'SAID_USDC'}, 'supplied': str(sup), 'withdrawn': '0', 'borrowed': str(bor), 'repaid': '0', 'interest': '0', 'totalSupplyAssets': str(sup), 'events': '4'},
     {'market': {'name': 'SAID_USDC'}, 'supplied': '0', 'withdrawn': str(wd), 'borrowed': '0', 'repaid': str(rep), 'interest': str(interest), 'totalSupplyAssets': str(S['sa']), 'events': '4'}]}),
  q(qfile('top-borrowers-by-ltv'),
   {'positions': [{'account': low('ALICE'), 'market': {'name': 'SAID_USDC', 'lltv': str(86 * 10**16)}, 'borrowShares': str(pos['ALICE']['bs']),
     'borrowAssets': str(alice['ba']), 'collateral': str(pos['ALICE']['c']), 'ltv': alice['ltv']}]}),
]
write(os.path.join(sys.argv[1], 'morpho-market.json'), 'Morpho: our market only; supply, collateral, borrow, accrual with fee shares, repay, withdrawals; positions in shares and assets', blocks, asserts)
print('borrow apr', borrow_apr, 'util', util)
