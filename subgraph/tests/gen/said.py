import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import *
from decimal import Decimal, getcontext
getcontext().prec = 60
T0 = 1699920000; D = 86400; WEEK = 7 * D
out = sys.argv[1]
VAULT = 'SAID'
class Vault:
    def __init__(s): s.stored = 0; s.amount = 0; s.start = 0; s.end = 0; s.shares = 0; s.bal = {}; s.rate = E18; s.rate_ts = 0; s.points = []
    def unvested(s, t):
        if t + 1 > s.end: return 0
        return mul_div_up(s.amount, s.end - t, s.end - s.start)
    def total_assets(s, t): return s.stored - s.unvested(t)
    def point(s, t, reason, blockno):
        ta = s.total_assets(t); rate = E18 * (ta + 1) // (s.shares + 1)
        if s.rate_ts and s.rate and t > s.rate_ts:
            apr = Decimal(rate - s.rate) * Decimal(365 * D) * 100 / (Decimal(s.rate) * Decimal(t - s.rate_ts))
        else: apr = Decimal(0)
        s.points.append(dict(reason=reason, rate=str(rate), totalAssets=str(ta), totalShares=str(s.shares), blockNumber=str(blockno), timestamp=str(t), apr=apr))
        s.rate = rate; s.rate_ts = t
        return rate
    def mint(s, to, n):
        s.shares += n; s.bal[to] = s.bal.get(to, 0) + n
        return ev(VAULT, 'Transfer', **{'from': 'ZERO', 'to': to, 'value': n})
    def burn(s, frm, n):
        s.shares -= n; s.bal[frm] -= n
        return ev(VAULT, 'Transfer', **{'from': frm, 'to': 'ZERO', 'value': n})
    def move(s, frm, to, n):
        s.bal[frm] -= n; s.bal[to] = s.bal.get(to, 0) + n
        return ev(VAULT, 'Transfer', **{'from': frm, 'to': to, 'value': n})
    def deposit(s, t, who, assets):
        ta = s.total_assets(t); sh = assets * (s.shares + 1) // (ta + 1)
        s.stored += assets
        return [ev(VAULT, 'Deposit', sender=who, owner=who, assets=assets, shares=sh), s.mint(who, sh)]
    def distribute(s, t, amount, end, blockno):
        s.stored += amount; s.amount = amount; s.start = t; s.end = end
        e = ev(VAULT, 'YieldDistributed', caller='DISTRIBUTOR', amount=amount, vestingEnd=end)
        s.point(t, 'YIELD_DISTRIBUTED', blockno); return e

# ---------------- said-yield.json ----------------
v = Vault()
t0 = T0 + 10
b0 = v.deposit(t0, 'ALICE', 1000 * E18)
b0.append(v.distribute(t0, 100 * E18, t0 + WEEK, 0))
t1 = t0 + WEEK // 2   # half vested
b1 = v.deposit(t1, 'BOB', 100 * E18)
ta = v.total_assets(t1); w_sh = 50 * E18; w_assets = w_sh * (ta + 1) // (v.shares + 1)
b1 += [ev(VAULT, 'Withdraw', sender='ALICE', receiver='CAROL', owner='ALICE', assets=w_assets, shares=w_sh), v.burn('ALICE', w_sh)]
v.stored -= w_assets
b1.append(v.move('ALICE', 'CAROL', 10 * E18))
t2 = t0 + WEEK + D     # everything vested; a new distribution
b2 = [v.distribute(t2, 20 * E18, t2 + WEEK, 2)]
blocks = [block(t0, b0), block(t1, b1), block(t2, b2)]
# a last block two days later rolls up the distribution's day
t3 = t2 + 2 * D
b3 = v.deposit(t3, 'CAROL', 1 * E18)
blocks.append(block(t3, b3))
pts = v.points
def day(t): return (t // D) * D * 10**6
apy = [
  {'timestamp': str(day(t0)), 'openRate': pts[0]['rate'], 'closeRate': pts[0]['rate'], 'aprPercent': '0', 'points': '1'},
  {'timestamp': str(day(t2)), 'openRate': pts[1]['rate'], 'closeRate': pts[1]['rate'], 'aprPercent': str(pts[1]['apr']), 'points': '1'}]
sh = v.shares
write(f'{out}/said-yield.json', 'sAID: deposits, withdrawal, transfers, yield distributions vesting linearly; exchange-rate points and APR',
  blocks,
  [q('{ accounts(orderBy: sAidBalance) { id sAidBalance } tokens(where: { symbol: "sAID" }) { totalSupply } }',
     {'accounts': sorted([{'id': low(k), 'sAidBalance': str(n)} for k, n in v.bal.items()], key=lambda a: int(a['sAidBalance'])), 'tokens': [{'totalSupply': str(sh)}]}),
   q('{ protocols { sAidStoredAssets sAidVestingAmount sAidVestingStart sAidVestingEnd sAidExchangeRate cumulativeYieldDistributedAid } yieldDistributions(orderBy: timestamp) { amount vestingStart vestingEnd } }',
     {'protocols': [{'sAidStoredAssets': str(v.stored), 'sAidVestingAmount': str(20 * E18), 'sAidVestingStart': str(t2), 'sAidVestingEnd': str(t2 + WEEK), 'sAidExchangeRate': pts[-1]['rate'], 'cumulativeYieldDistributedAid': str(120 * E18)}],
      'yieldDistributions': [{'amount': str(100 * E18), 'vestingStart': str(t0), 'vestingEnd': str(t0 + WEEK)}, {'amount': str(20 * E18), 'vestingStart': str(t2), 'vestingEnd': str(t2 + WEEK)}]}),
   q(qfile('said-rate-history'), {'exchangeRatePoints': [{k: p[k] for k in ('reason', 'rate', 'totalAssets', 'totalShares', 'blockNumber', 'timestamp')} for p in pts]}),
   q('{ stakedAidRateDatas(where: { aprPercent_gt: "%s", aprPercent_lt: "%s" }) { rate } }' % (str(pts[1]['apr'] - Decimal('0.000001')), str(pts[1]['apr'] + Decimal('0.000001'))), {'stakedAidRateDatas': [{'rate': pts[1]['rate']}]}),
   q(qfile('apy-history'), {'stakedAidRateSnapshots': apy})])
print('apr', pts[1]['apr'], [p['rate'] for p in pts])

# ---------------- said-loss.json ----------------
v = Vault()
t0 = T0 + 10
b0 = v.deposit(t0, 'ALICE', 1000 * E18)
b0.append(v.distribute(t0, 100 * E18, t0 + 1000, 0))
# Loss 1 at half vesting: 50 unvested, 30 of them cancelled; the other 20 vest again from now to the same end.
t1 = t0 + 500
unv = v.unvested(t1); assert unv == 50 * E18
v.amount = unv - 30 * E18; v.start = t1; v.stored -= 30 * E18
b1 = [ev(VAULT, 'LossReported', reporter='RESERVE', recipient='INSURANCE', amount=30 * E18, unvestedCancelled=30 * E18)]
v.point(t1, 'LOSS_REPORTED', 1)
# Loss 2 bigger than what is left vesting: all 10 unvested cancelled, the rest comes out of stakers' assets.
t2 = t0 + 750
unv2 = v.unvested(t2); assert unv2 == 10 * E18, unv2
v.amount = 0; v.start = t2; v.stored -= 40 * E18
b2 = [ev(VAULT, 'LossReported', reporter='RESERVE', recipient='INSURANCE', amount=40 * E18, unvestedCancelled=unv2)]
v.point(t2, 'LOSS_REPORTED', 2)
# Loss 3 with nothing vesting.
t3 = t0 + 2000
v.stored -= 20 * E18
b3 = [ev(VAULT, 'LossReported', reporter='RESERVE', recipient='INSURANCE', amount=20 * E18, unvestedCancelled=0)]
v.point(t3, 'LOSS_REPORTED', 3)
pts = v.points
write(f'{out}/said-loss.json', 'sAID loss reports: unvested yield cancelled first (schedule restarted), then stakers; exchange rate after each',
  [block(t0, b0), block(t1, b1), block(t2, b2), block(t3, b3)],
  [q('{ vaultLosses(orderBy: timestamp) { reporter amount unvestedCancelled timestamp } }',
     {'vaultLosses': [{'reporter': low('RESERVE'), 'amount': str(30 * E18), 'unvestedCancelled': str(30 * E18), 'timestamp': str(t1)},
                      {'reporter': low('RESERVE'), 'amount': str(40 * E18), 'unvestedCancelled': str(10 * E18), 'timestamp': str(t2)},
                      {'reporter': low('RESERVE'), 'amount': str(20 * E18), 'unvestedCancelled': '0', 'timestamp': str(t3)}]}),
   q('{ exchangeRatePoints(orderBy: timestamp) { reason rate totalAssets totalShares } }',
     {'exchangeRatePoints': [{k: p[k] for k in ('reason', 'rate', 'totalAssets', 'totalShares')} for p in pts]}),
   # by block: after loss 1 the remaining 20 vest from t1 to the end
   q('{ protocols(block: { number: 1 }) { sAidStoredAssets sAidVestingAmount sAidVestingStart sAidVestingEnd } }',
     {'protocols': [{'sAidStoredAssets': str(1070 * E18), 'sAidVestingAmount': str(20 * E18), 'sAidVestingStart': str(t1), 'sAidVestingEnd': str(t0 + 1000)}]}),
   q('{ protocols { sAidStoredAssets sAidVestingAmount sAidExchangeRate } }',
     {'protocols': [{'sAidStoredAssets': str(v.stored), 'sAidVestingAmount': '0', 'sAidExchangeRate': pts[-1]['rate']}]})])
print('loss rates', [p['rate'] for p in pts])

# ---------------- said-epoch.json ----------------
v = Vault()
t0 = T0 + 10
b0 = v.deposit(t0, 'ALICE', 1000 * E18) + v.deposit(t0, 'BOB', 500 * E18)
t1 = t0 + 100
b1 = [ev(VAULT, 'RedeemRequest', controller='ALICE', owner='ALICE', requestId=0, sender='ALICE', shares=400 * E18), v.move('ALICE', VAULT, 400 * E18),
      ev(VAULT, 'RedeemRequest', controller='BOB', owner='BOB', requestId=0, sender='BOB', shares=300 * E18), v.move('BOB', VAULT, 300 * E18)]
# Epoch 1: 700 queued, 500 filled at rate 1 (a cap on the epoch's exit), 200 carried over.
t2 = t0 + D
ta = v.total_assets(t2); rate1 = E18 * (ta + 1) // (v.shares + 1)
fill_assets = 500 * E18 * (ta + 1) // (v.shares + 1)
b2 = [v.burn(VAULT, 500 * E18), ev(VAULT, 'EpochSettled', epoch=1, queuedShares=700 * E18, filledShares=500 * E18, filledAssets=fill_assets, exitRate=rate1)]
v.stored -= fill_assets; v.point(t2, 'EPOCH_SETTLED', 2)
# Epoch 2: the 200 carried are filled.
t3 = t0 + 2 * D
ta = v.total_assets(t3); rate2 = E18 * (ta + 1) // (v.shares + 1)
fill2 = 200 * E18 * (ta + 1) // (v.shares + 1)
b3 = [v.burn(VAULT, 200 * E18), ev(VAULT, 'EpochSettled', epoch=2, queuedShares=200 * E18, filledShares=200 * E18, filledAssets=fill2, exitRate=rate2),
      ev(VAULT, 'ExitClaimed', controller='ALICE', receiver='ALICE', assets=400 * E18), ev(VAULT, 'ExitClaimed', controller='BOB', receiver='CAROL', assets=300 * E18)]
v.stored -= fill2; v.point(t3, 'EPOCH_SETTLED', 3)
write(f'{out}/said-epoch.json', 'sAID exit epochs: requests escrowed, partial fill with carry-over, next epoch fills the rest, claims',
  [block(t0, b0), block(t1, b1), block(t2, b2), block(t3, b3)],
  [q('{ epoches(orderBy: epoch) { epoch queuedShares filledShares filledAssets carriedShares exitRate } }',
     {'epoches': [{'epoch': '1', 'queuedShares': str(700 * E18), 'filledShares': str(500 * E18), 'filledAssets': str(fill_assets), 'carriedShares': str(200 * E18), 'exitRate': str(rate1)},
                  {'epoch': '2', 'queuedShares': str(200 * E18), 'filledShares': str(200 * E18), 'filledAssets': str(fill2), 'carriedShares': '0', 'exitRate': str(rate2)}]}),
   q('{ exitRequests(orderBy: shares) { controller { id } owner sender shares } exitClaims(orderBy: assets) { controller { id } receiver assets } }',
     {'exitRequests': [{'controller': {'id': low('BOB')}, 'owner': low('BOB'), 'sender': low('BOB'), 'shares': str(300 * E18)}, {'controller': {'id': low('ALICE')}, 'owner': low('ALICE'), 'sender': low('ALICE'), 'shares': str(400 * E18)}],
      'exitClaims': [{'controller': {'id': low('BOB')}, 'receiver': low('CAROL'), 'assets': str(300 * E18)}, {'controller': {'id': low('ALICE')}, 'receiver': low('ALICE'), 'assets': str(400 * E18)}]}),
   q('{ accounts(orderBy: sAidBalance) { id sAidBalance } exchangeRatePoints(orderBy: timestamp) { reason rate totalAssets totalShares } protocols { sAidStoredAssets } }',
     {'accounts': sorted([{'id': low(k), 'sAidBalance': str(n)} for k, n in v.bal.items()], key=lambda a: int(a['sAidBalance'])),
      'exchangeRatePoints': [{k: p[k] for k in ('reason', 'rate', 'totalAssets', 'totalShares')} for p in v.points],
      'protocols': [{'sAidStoredAssets': str(v.stored)}]})])
