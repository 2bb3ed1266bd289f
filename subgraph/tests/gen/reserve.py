import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import *
T0 = 1699920000
D = 86400
out = sys.argv[1]

# ---------------- core-reserve.json ----------------
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400),
      ev('RESERVE', 'Minted', caller='ALICE', receiver='ALICE', stable='USDC', amountIn=1000 * 10**6, aidOut=999 * E18, fee=E18),
      ev('AID', 'Transfer', **{'from': 'ZERO', 'to': 'ALICE', 'value': 999 * E18}),
      ev('AID', 'Transfer', **{'from': 'ZERO', 'to': 'TREASURY', 'value': E18})]
b1 = [ev('RESERVE', 'Redeemed', caller='ALICE', receiver='BOB', stable='USDC', aidIn=100 * E18, amountOut=99_900_000, fee=10**17),
      ev('AID', 'Transfer', **{'from': 'ALICE', 'to': 'ZERO', 'value': 999 * 10**17}),
      ev('AID', 'Transfer', **{'from': 'ALICE', 'to': 'TREASURY', 'value': 10**17}),
      ev('AID', 'Transfer', **{'from': 'ALICE', 'to': 'BOB', 'value': 50 * E18}),
      ev('RESERVE', 'MintPaused', paused=True), ev('RESERVE', 'RedeemPaused', paused=True), ev('RESERVE', 'MintPaused', paused=False)]
for e in b0[2:] + b1[1:4]: e['address'] = A['AID']
supply = 1000 * E18 - 999 * 10**17
liquid = 1000 * E18 - 999 * 10**17
write(f'{out}/core-reserve.json', 'Reserve: stable registered (declared calls), mint, instant redeem, pauses; AID balances and supply',
  [block(T0 + 10, b0, stable_calls()), block(T0 + 20, b1)],
  [q('{ protocols { totalAidSupply totalLiquidUSD totalBackingUSD collateralRatio cumulativeMintedAid cumulativeMintFeesAid cumulativeRedeemedAid cumulativeRedeemFeesAid mintPaused redeemPaused mintCount redemptionCount aid { symbol totalSupply } } }',
     {'protocols': [{'totalAidSupply': str(supply), 'totalLiquidUSD': str(liquid), 'totalBackingUSD': str(liquid), 'collateralRatio': str(E18),
       'cumulativeMintedAid': str(999 * E18), 'cumulativeMintFeesAid': str(E18), 'cumulativeRedeemedAid': str(100 * E18), 'cumulativeRedeemFeesAid': str(10**17),
       'mintPaused': False, 'redeemPaused': True, 'mintCount': 1, 'redemptionCount': 1, 'aid': {'symbol': 'AID', 'totalSupply': str(supply)}}]}),
   q('{ accounts(orderBy: aidBalance) { id aidBalance } }',
     {'accounts': [{'id': low('TREASURY'), 'aidBalance': str(11 * 10**17)}, {'id': low('BOB'), 'aidBalance': str(50 * E18)}, {'id': low('ALICE'), 'aidBalance': str(849 * E18)}]}),
   q('{ tokens(where: { symbol: "USDC" }) { id name decimals } mints { receiver { id } stable amountInStable aidOut feeAid } redemptions { caller { id } receiver aidIn amountOutStable feeAid } }',
     {'tokens': [{'id': low('USDC'), 'name': 'USD Coin', 'decimals': 6}],
      'mints': [{'receiver': {'id': low('ALICE')}, 'stable': low('USDC'), 'amountInStable': str(1000 * 10**6), 'aidOut': str(999 * E18), 'feeAid': str(E18)}],
      'redemptions': [{'caller': {'id': low('ALICE')}, 'receiver': low('BOB'), 'aidIn': str(100 * E18), 'amountOutStable': '99900000', 'feeAid': str(10**17)}]})])

# ---------------- redemption-queue.json ----------------
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400),
      ev('RESERVE', 'Minted', caller='ALICE', receiver='ALICE', stable='USDC', amountIn=1000 * 10**6, aidOut=1000 * E18, fee=0)]
b1 = [ev('RESERVE', 'RedeemRequested', requestId=1, owner='ALICE', receiver='ALICE', stable='USDC', aidAmount=100 * E18),
      ev('RESERVE', 'RedeemRequested', requestId=2, owner='BOB', receiver='CAROL', stable='USDC', aidAmount=50 * E18),
      ev('RESERVE', 'RedeemRequested', requestId=3, owner='CAROL', receiver='CAROL', stable='USDC', aidAmount=30 * E18),
      ev('RESERVE', 'RedeemRequested', requestId=4, owner='ALICE', receiver='ALICE', stable='USDC', aidAmount=20 * E18)]
b2 = [ev('RESERVE', 'RedeemProcessed', requestId=1, payout=99 * 10**6),
      ev('RESERVE', 'RedeemProcessed', requestId=2, payout=49_500_000),
      ev('RESERVE', 'RedeemCancelled', requestId=3, owner='CAROL', aidReturned=30 * E18)]
b3 = [ev('RESERVE', 'RedeemClaimed', requestId=1, receiver='ALICE', aidBurned=100 * E18, payout=99 * 10**6)]
queue = qfile('redemption-queue')
write(f'{out}/redemption-queue.json', 'Reserve redemption queue: requested, processed (claimable), claimed, cancelled; queued AID and buffer',
  [block(T0 + 10, b0, stable_calls()), block(T0 + 20, b1), block(T0 + 30, b2), block(T0 + 40, b3)],
  [q('{ redeemRequests(orderBy: requestId) { requestId status aidAmount payoutStable requestedAt processedAt claimedAt cancelledAt } }',
     {'redeemRequests': [
       {'requestId': '1', 'status': 'Claimed', 'aidAmount': str(100 * E18), 'payoutStable': str(99 * 10**6), 'requestedAt': str(T0 + 20), 'processedAt': str(T0 + 30), 'claimedAt': str(T0 + 40), 'cancelledAt': None},
       {'requestId': '2', 'status': 'Claimable', 'aidAmount': str(50 * E18), 'payoutStable': '49500000', 'requestedAt': str(T0 + 20), 'processedAt': str(T0 + 30), 'claimedAt': None, 'cancelledAt': None},
       {'requestId': '3', 'status': 'Cancelled', 'aidAmount': str(30 * E18), 'payoutStable': None, 'requestedAt': str(T0 + 20), 'processedAt': None, 'claimedAt': None, 'cancelledAt': str(T0 + 30)},
       {'requestId': '4', 'status': 'Pending', 'aidAmount': str(20 * E18), 'payoutStable': None, 'requestedAt': str(T0 + 20), 'processedAt': None, 'claimedAt': None, 'cancelledAt': None}]}),
   q('{ protocols { totalQueuedAid totalLiquidUSD cumulativeRedeemedAid redemptionCount } accounts(where: { id: "%s" }) { redeemRequests { requestId } } }' % low('ALICE'),
     {'protocols': [{'totalQueuedAid': str(70 * E18), 'totalLiquidUSD': str(901 * E18), 'cumulativeRedeemedAid': str(100 * E18), 'redemptionCount': 1}],
      'accounts': [{'redeemRequests': [{'requestId': '1'}, {'requestId': '4'}]}]}),
   q(queue, {'redeemRequests': [
       {'requestId': '2', 'owner': {'id': low('BOB')}, 'receiver': low('CAROL'), 'aidAmount': str(50 * E18), 'payoutStable': '49500000', 'status': 'Claimable', 'requestedAt': str(T0 + 20), 'processedAt': str(T0 + 30)},
       {'requestId': '4', 'owner': {'id': low('ALICE')}, 'receiver': low('ALICE'), 'aidAmount': str(20 * E18), 'payoutStable': None, 'status': 'Pending', 'requestedAt': str(T0 + 20), 'processedAt': None}]})])
