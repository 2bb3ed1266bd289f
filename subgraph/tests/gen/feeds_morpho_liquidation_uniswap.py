import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import *
T0 = 1699920000; D = 86400
out = sys.argv[1]
TX = '0x00000000000000000000000000000000000070a1'
# ---------------- feeds.json ----------------
def rnd(feed, rid, answer, at, signer, sigs):
    return [ev(feed, 'AnswerUpdated', current=answer, roundId=rid, updatedAt=at), ev(feed, 'NewRound', roundId=rid, transmitter=signer, observedAt=at, signatures=sigs)]
b0 = rnd('F_USDC_USD', 1, 100_000_000, T0 + 5, TX, 3) + rnd('F_GPU_NAV', 1, 2_500_000_000_000, T0 + 8, TX, 2)
b1 = rnd('F_USDC_USD', 2, 99_980_000, T0 + 3600, TX, 3) + rnd('F_AID_USD', 1, 100_010_000, T0 + 3500, TX, 3) + rnd('F_SAID_AID', 7, -1, T0 + 3000, TX, 1)
write(f'{out}/feeds.json', 'PushFeeds: rounds (answer, time, transmitter, signatures) and each feed\'s latest; one data source per feed',
  [block(T0 + 10, b0), block(T0 + 3610, b1)],
  [q('{ feedRounds(orderBy: timestamp) { feed { name } roundId answer updatedAt transmitter signatures } }',
     {'feedRounds': [
       {'feed': {'name': 'USDC_USD'}, 'roundId': '1', 'answer': '100000000', 'updatedAt': str(T0 + 5), 'transmitter': TX, 'signatures': '3'},
       {'feed': {'name': 'GPU_NAV'}, 'roundId': '1', 'answer': '2500000000000', 'updatedAt': str(T0 + 8), 'transmitter': TX, 'signatures': '2'},
       {'feed': {'name': 'USDC_USD'}, 'roundId': '2', 'answer': '99980000', 'updatedAt': str(T0 + 3600), 'transmitter': TX, 'signatures': '3'},
       {'feed': {'name': 'AID_USD'}, 'roundId': '1', 'answer': '100010000', 'updatedAt': str(T0 + 3500), 'transmitter': TX, 'signatures': '3'},
       {'feed': {'name': 'SAID_AID'}, 'roundId': '7', 'answer': '-1', 'updatedAt': str(T0 + 3000), 'transmitter': TX, 'signatures': '1'}]}),
   q(qfile('feed-staleness'),
     {'feeds': [
       {'name': 'GPU_NAV', 'latestAnswer': '2500000000000', 'latestRoundId': '1', 'latestUpdatedAt': str(T0 + 8), 'roundCount': 1},
       {'name': 'SAID_AID', 'latestAnswer': '-1', 'latestRoundId': '7', 'latestUpdatedAt': str(T0 + 3000), 'roundCount': 1},
       {'name': 'AID_USD', 'latestAnswer': '100010000', 'latestRoundId': '1', 'latestUpdatedAt': str(T0 + 3500), 'roundCount': 1},
       {'name': 'USDC_USD', 'latestAnswer': '99980000', 'latestRoundId': '2', 'latestUpdatedAt': str(T0 + 3600), 'roundCount': 2}],
      '_meta': {'block': {'number': 1}, 'hasIndexingErrors': False}})])

# ---------------- morpho-liquidation.json ----------------
mid = M['AID_USDC']
S = dict(sa=0, ss=0, ba=0, bs=0, c=0)
pos = dict(ALICE=dict(bs=0, c=0), BOB=dict(ss=0))
price1 = 10**24           # 1 USDC (1e6) per AID (1e18)
price2 = 7 * 10**23       # 0.70
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400)]
sup = 10_000 * 10**6; sh = to_shares_down(sup, 0, 0); S['sa'] += sup; S['ss'] += sh; pos['BOB']['ss'] += sh
b0.append(ev('MORPHO', 'Supply', id=mid, caller='BOB', onBehalf='BOB', assets=sup, shares=sh))
col = 1000 * E18; S['c'] += col; pos['ALICE']['c'] += col
b0.append(ev('MORPHO', 'SupplyCollateral', id=mid, caller='ALICE', onBehalf='ALICE', assets=col))
bor = 900 * 10**6; bsh = to_shares_up(bor, 0, 0); S['ba'] += bor; S['bs'] += bsh; pos['ALICE']['bs'] += bsh
b0.append(ev('MORPHO', 'Borrow', id=mid, caller='ALICE', onBehalf='ALICE', receiver='ALICE', assets=bor, shares=bsh))
# AID falls to 0.70: the liquidator seizes all 1000 AID; LIF ~1.0265 (lltv 91.5%) → repays 700/1.0265 ≈ 681.93 USDC.
seized = col
repaid = seized * price2 // 10**36 * 10**18 // 1026500000000000000  # assets, rounded down
rsh = to_shares_up(repaid, S['ba'], S['bs'])
S['bs'] -= rsh; S['ba'] = max(S['ba'] - repaid, 0); pos['ALICE']['bs'] -= rsh
bad_sh = pos['ALICE']['bs']; bad = min(to_assets_up(bad_sh, S['ba'], S['bs']), S['ba'])
S['bs'] -= bad_sh; S['ba'] -= bad; S['sa'] -= bad; S['c'] -= seized; pos['ALICE']['bs'] = 0; pos['ALICE']['c'] -= seized
b1 = [ev('MORPHO', 'Liquidate', id=mid, caller='LIQ', borrower='ALICE', repaidAssets=repaid, repaidShares=rsh, seizedAssets=seized, badDebtAssets=bad, badDebtShares=bad_sh)]
b2 = [ev('MORPHO', 'SetFee', id=mid, newFee=0)]
write(f'{out}/morpho-liquidation.json', 'Morpho liquidation with bad debt: all collateral seized, the rest of the debt socialised to suppliers',
  [block(T0 + 10, b0, stable_calls() + [call('OR_AID_USDC', 'price()(uint256)', [price1])]),
   block(T0 + D + 10, b1, [call('OR_AID_USDC', 'price()(uint256)', [price2])]),
   block(T0 + 2 * D + 10, b2)],
  [q('{ liquidates { liquidator liquidatee repaidAssets repaidShares seizedAssets badDebtAssets badDebtShares repaidUSD badDebtUSD position { id } market { name } } }',
     {'liquidates': [{'liquidator': low('LIQ'), 'liquidatee': low('ALICE'), 'repaidAssets': str(repaid), 'repaidShares': str(rsh), 'seizedAssets': str(seized),
       'badDebtAssets': str(bad), 'badDebtShares': str(bad_sh), 'repaidUSD': str(repaid * 10**12), 'badDebtUSD': str(bad * 10**12),
       'position': {'id': mid + low('ALICE')[2:]}, 'market': {'name': 'AID_USDC'}}]}),
   q('{ market(id: "%s") { totalSupplyAssets totalSupplyShares totalBorrowAssets totalBorrowShares totalCollateral oraclePrice openPositionCount cumulativeLiquidateRepaidAssets cumulativeSeizedCollateral cumulativeBadDebtAssets lltv collateralToken { symbol } } }' % mid,
     {'market': {'totalSupplyAssets': str(S['sa']), 'totalSupplyShares': str(S['ss']), 'totalBorrowAssets': str(S['ba']), 'totalBorrowShares': str(S['bs']), 'totalCollateral': '0',
       'oraclePrice': str(price2), 'openPositionCount': 1, 'cumulativeLiquidateRepaidAssets': str(repaid), 'cumulativeSeizedCollateral': str(seized), 'cumulativeBadDebtAssets': str(bad),
       'lltv': '915000000000000000', 'collateralToken': {'symbol': 'AID'}}}),
   q('{ positions(orderBy: openedTimestamp) { account isOpen borrowShares borrowAssets collateral ltv liquidationCount supplyAssets } }',
     {'positions': [
       {'account': low('BOB'), 'isOpen': True, 'borrowShares': '0', 'borrowAssets': '0', 'collateral': '0', 'ltv': None, 'liquidationCount': 0, 'supplyAssets': str(sup)},
       {'account': low('ALICE'), 'isOpen': False, 'borrowShares': '0', 'borrowAssets': '0', 'collateral': '0', 'ltv': None, 'liquidationCount': 1, 'supplyAssets': '0'}]}),
   # Bob's supplyAssets is as of his last event (before the bad debt); converted with the market's totals now, his
   # shares are worth less: the market totals above carry the loss.
   q('{ protocols { liquidationCount cumulativeLiquidateUSD cumulativeBadDebtUSD totalBorrowBalanceUSD totalDepositBalanceUSD } }',
     {'protocols': [{'liquidationCount': 1, 'cumulativeLiquidateUSD': str(repaid * 10**12), 'cumulativeBadDebtUSD': str(bad * 10**12), 'totalBorrowBalanceUSD': '0', 'totalDepositBalanceUSD': str(S['sa'] * 10**12)}]}),
   q(qfile('liquidations-by-day'),
     {'liquidationSnapshots': [{'timestamp': str((T0 + D) * 10**6), 'market': {'name': 'AID_USDC'}, 'liquidations': '1', 'repaidUSD': str(repaid * 10**12), 'seizedAssets': str(seized), 'badDebtAssets': str(bad), 'badDebtUSD': str(bad * 10**12)}]})])
print('liq', repaid, rsh, bad, bad_sh)

# ---------------- uniswap-pools.json ----------------
P = 'POOL_AID_USDC'   # token0 USDC (0x…a01) < token1 AID (0x…a03); par token USDC
Q96 = 2**96
sp0 = 10**6 * Q96; tick0 = 276324
L = 5 * 10**18
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400),
      ev(P, 'Initialize', sqrtPriceX96=sp0, tick=tick0),
      ev(P, 'Mint', sender='BOB', owner='BOB', tickLower=276300, tickUpper=276360, amount=L, amount0=100_000 * 10**6, amount1=100_000 * E18),
      ev(P, 'Mint', sender='BOB', owner='BOB', tickLower=200000, tickUpper=200060, amount=7, amount0=0, amount1=3)]  # out of range
sp1 = sp0 - 10**27; tick1 = 276323
sp2 = sp0 + 10**27; tick2 = 276325
b1 = [ev(P, 'Swap', sender='ALICE', recipient='ALICE', amount0=1000 * 10**6, amount1=-999 * E18, sqrtPriceX96=sp1, liquidity=L, tick=tick1)]
b2 = [ev(P, 'Swap', sender='ALICE', recipient='CAROL', amount0=-500 * 10**6, amount1=501 * E18, sqrtPriceX96=sp2, liquidity=L, tick=tick2),
      ev(P, 'Swap', sender='CAROL', recipient='CAROL', amount0=-1 * 10**6, amount1=10**18, sqrtPriceX96=sp2, liquidity=L, tick=tick2)]
b3 = [ev(P, 'Burn', owner='BOB', tickLower=276300, tickUpper=276360, amount=2 * 10**18, amount0=40_000 * 10**6, amount1=40_000 * E18),
      ev('POOL_SAID_AID', 'Swap', sender='ALICE', recipient='ALICE', amount0=10 * E18, amount1=-9 * E18, sqrtPriceX96=Q96, liquidity=1, tick=0)]
write(f'{out}/uniswap-pools.json', 'Uniswap v3 pools: initialize, in- and out-of-range mints, swaps both ways, burn; daily volume',
  [block(T0 + 10, b0, stable_calls()), block(T0 + D + 10, b1), block(T0 + 2 * D + 10, b2), block(T0 + 3 * D + 10, b3)],
  [q('{ pool(id: "%s") { name token0 { symbol } token1 { symbol } sqrtPriceX96 tick liquidity volumeToken0 volumeToken1 volumeUSD swapCount createdTimestamp } }' % low(P),
     {'pool': {'name': 'AID_USDC', 'token0': {'symbol': 'USDC'}, 'token1': {'symbol': 'AID'}, 'sqrtPriceX96': str(sp2), 'tick': tick2, 'liquidity': str(L - 2 * 10**18),
       'volumeToken0': str(1501 * 10**6), 'volumeToken1': str(1501 * E18), 'volumeUSD': str(1501 * E18), 'swapCount': 3, 'createdTimestamp': str(T0 + 10)}}),
   q('{ swaps(orderBy: timestamp) { pool { name } sender recipient amount0 amount1 amountUSD sqrtPriceX96 liquidity tick } poolMints(orderBy: amount) { owner tickLower tickUpper amount amount0 amount1 } poolBurns { owner amount amount0 amount1 } }',
     {'swaps': [
       {'pool': {'name': 'AID_USDC'}, 'sender': low('ALICE'), 'recipient': low('ALICE'), 'amount0': str(1000 * 10**6), 'amount1': str(-999 * E18), 'amountUSD': str(1000 * E18), 'sqrtPriceX96': str(sp1), 'liquidity': str(L), 'tick': tick1},
       {'pool': {'name': 'AID_USDC'}, 'sender': low('ALICE'), 'recipient': low('CAROL'), 'amount0': str(-500 * 10**6), 'amount1': str(501 * E18), 'amountUSD': str(500 * E18), 'sqrtPriceX96': str(sp2), 'liquidity': str(L), 'tick': tick2},
       {'pool': {'name': 'AID_USDC'}, 'sender': low('CAROL'), 'recipient': low('CAROL'), 'amount0': str(-1 * 10**6), 'amount1': str(E18), 'amountUSD': str(E18), 'sqrtPriceX96': str(sp2), 'liquidity': str(L), 'tick': tick2},
       {'pool': {'name': 'SAID_AID'}, 'sender': low('ALICE'), 'recipient': low('ALICE'), 'amount0': str(10 * E18), 'amount1': str(-9 * E18), 'amountUSD': str(10 * E18), 'sqrtPriceX96': str(Q96), 'liquidity': '1', 'tick': 0}],
      'poolMints': [{'owner': low('BOB'), 'tickLower': 200000, 'tickUpper': 200060, 'amount': '7', 'amount0': '0', 'amount1': '3'},
                    {'owner': low('BOB'), 'tickLower': 276300, 'tickUpper': 276360, 'amount': str(L), 'amount0': str(100_000 * 10**6), 'amount1': str(100_000 * E18)}],
      'poolBurns': [{'owner': low('BOB'), 'amount': str(2 * 10**18), 'amount0': str(40_000 * 10**6), 'amount1': str(40_000 * E18)}]}),
   q(qfile('pool-volume-by-day'),
     {'poolSnapshots': [
       {'timestamp': str((T0 + D) * 10**6), 'pool': {'name': 'AID_USDC'}, 'volumeUSD': str(1000 * E18), 'volumeToken0': str(1000 * 10**6), 'volumeToken1': str(999 * E18), 'swapCount': '1', 'closeTick': tick1},
       {'timestamp': str((T0 + 2 * D) * 10**6), 'pool': {'name': 'AID_USDC'}, 'volumeUSD': str(501 * E18), 'volumeToken0': str(501 * 10**6), 'volumeToken1': str(502 * E18), 'swapCount': '2', 'closeTick': tick2}]})])
