import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import *
T0 = 1699920000; D = 86400
out = sys.argv[1]
def aidmint(to, v): e = ev('AID', 'Transfer', **{'from': 'ZERO', 'to': to, 'value': v}); return e
W = '0x000000000000000000000000000000000000d0d0'
REP = '0x0000000000000000000000000000000000005e90'
M1 = 1_000_000
# ---------------- deal-lifecycle.json ----------------
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400),
      ev('RESERVE', 'Minted', caller='ALICE', receiver='ALICE', stable='USDC', amountIn=M1 * 10**6, aidOut=M1 * E18, fee=0),
      aidmint('ALICE', M1 * E18)]

b1 = [ev('RESERVE', 'DealFunded', dealId=1, stable='USDC', amount=500_000 * 10**6, payoutWallet=W),
      ev('DEALBOOK', 'DealActivated', dealId=1, principal=500_000 * E18, start=T0 + D, maturity=T0 + 366 * D),
      ev('DEALBOOK', 'NavMarked', dealId=1, collateralValue=800_000 * E18, ltvBps=6250, reporter=REP),
      ev('DEALBOOK', 'DealCancelled', dealId=2)]
b2 = [ev('DEALBOOK', 'MarginCall', dealId=1, ltvBps=9000, maxLtvBps=8000),
      ev('DEALBOOK', 'DealLate', dealId=1)]
b3 = [ev('DEALBOOK', 'MarginCallCleared', dealId=1, ltvBps=7000),
      ev('DEALBOOK', 'DealCured', dealId=1),
      ev('DEALBOOK', 'RepaymentRecorded', dealId=1, principal=100_000 * E18, income=5_000 * E18, outstandingPrincipal=400_000 * E18),
      ev('RESERVE', 'RepaymentReceived', dealId=1, stable='USDC', principal=100_000 * 10**6, income=5_000 * 10**6, performanceFee=500 * E18, protocolFee=250 * E18, netYield=4_250 * E18)]
b4 = [ev('DEALBOOK', 'RepaymentRecorded', dealId=1, principal=400_000 * E18, income=1_000 * E18, outstandingPrincipal=0),
      ev('RESERVE', 'RepaymentReceived', dealId=1, stable='USDC', principal=400_000 * 10**6, income=1_000 * 10**6, performanceFee=100 * E18, protocolFee=50 * E18, netYield=850 * E18),
      ev('DEALBOOK', 'DealRepaid', dealId=1)]
liquid = (M1 - 500_000 + 105_000 + 401_000) * E18
write(f'{out}/deal-lifecycle.json', 'Deal lifecycle: funded, activated, NAV mark, margin call and clear, late and cured, repayments (income split), repaid; a cancelled deal',
  [block(T0 + 10, b0, stable_calls()), block(T0 + D, b1), block(T0 + 2 * D, b2), block(T0 + 3 * D, b3), block(T0 + 4 * D, b4)],
  [q('{ deal(id: "1") { originator status marginCall ltvBps principalUSD outstandingPrincipalUSD carryingValueUSD principalRepaidUSD incomeReceivedUSD lossUSD collateralValueUSD fundedStable fundedAmountStable start maturity activatedAt closedAt lastMarkedAt navMarks { collateralValueUSD ltvBps reporter } repayments { principalStable incomeStable principalUSD incomeUSD performanceFeeUSD protocolFeeUSD netYieldUSD } } }',
     {'deal': {'originator': A['ZERO'], 'status': 'Repaid', 'marginCall': False, 'ltvBps': '0', 'principalUSD': str(500_000 * E18), 'outstandingPrincipalUSD': '0',
       'carryingValueUSD': '0', 'principalRepaidUSD': str(500_000 * E18), 'incomeReceivedUSD': str(6_000 * E18), 'lossUSD': '0', 'collateralValueUSD': str(800_000 * E18),
       'fundedStable': low('USDC'), 'fundedAmountStable': str(500_000 * 10**6), 'start': str(T0 + D), 'maturity': str(T0 + 366 * D), 'activatedAt': str(T0 + D),
       'closedAt': str(T0 + 4 * D), 'lastMarkedAt': str(T0 + D),
       'navMarks': [{'collateralValueUSD': str(800_000 * E18), 'ltvBps': '6250', 'reporter': REP}],
       'repayments': [
         {'principalStable': str(100_000 * 10**6), 'incomeStable': str(5_000 * 10**6), 'principalUSD': str(100_000 * E18), 'incomeUSD': str(5_000 * E18), 'performanceFeeUSD': str(500 * E18), 'protocolFeeUSD': str(250 * E18), 'netYieldUSD': str(4_250 * E18)},
         {'principalStable': str(400_000 * 10**6), 'incomeStable': str(1_000 * 10**6), 'principalUSD': str(400_000 * E18), 'incomeUSD': str(1_000 * E18), 'performanceFeeUSD': str(100 * E18), 'protocolFeeUSD': str(50 * E18), 'netYieldUSD': str(850 * E18)}]}}),
   q('{ protocols { totalLiquidUSD totalCarryingValueUSD totalDeployedPrincipalUSD totalBackingUSD collateralRatio cumulativeIncomeUSD cumulativePerformanceFeesUSD cumulativeProtocolFeesUSD cumulativeNetYieldUSD } }',
     {'protocols': [{'totalLiquidUSD': str(liquid), 'totalCarryingValueUSD': '0', 'totalDeployedPrincipalUSD': '0', 'totalBackingUSD': str(liquid),
       'collateralRatio': str(liquid * E18 // (M1 * E18)), 'cumulativeIncomeUSD': str(6_000 * E18), 'cumulativePerformanceFeesUSD': str(600 * E18),
       'cumulativeProtocolFeesUSD': str(300 * E18), 'cumulativeNetYieldUSD': str(5_100 * E18)}]}),
   # Mid-life state, by time travel to the block of the late + margin-call events.
   q('{ deal(id: "1", block: { number: 2 }) { status marginCall ltvBps carryingValueUSD } protocols(block: { number: 2 }) { totalCarryingValueUSD totalDeployedPrincipalUSD totalLiquidUSD } }',
     {'deal': {'status': 'Late', 'marginCall': True, 'ltvBps': '9000', 'carryingValueUSD': str(500_000 * E18)},
      'protocols': [{'totalCarryingValueUSD': str(500_000 * E18), 'totalDeployedPrincipalUSD': str(500_000 * E18), 'totalLiquidUSD': str(500_000 * E18)}]}),
   q(qfile('deal-book-by-status'),
     {'deals': [
       {'dealId': '1', 'status': 'Repaid', 'marginCall': False, 'ltvBps': '0', 'principalUSD': str(500_000 * E18), 'outstandingPrincipalUSD': '0', 'carryingValueUSD': '0', 'principalRepaidUSD': str(500_000 * E18), 'incomeReceivedUSD': str(6_000 * E18), 'lossUSD': '0'},
       {'dealId': '2', 'status': 'Cancelled', 'marginCall': False, 'ltvBps': '0', 'principalUSD': '0', 'outstandingPrincipalUSD': '0', 'carryingValueUSD': '0', 'principalRepaidUSD': '0', 'incomeReceivedUSD': '0', 'lossUSD': '0'}]})])

# ---------------- deal-default.json ----------------
b0 = [ev('RESERVE', 'StableConfigured', stable='USDC', enabled=True, feed='F_USDC_USD', maxFeedAge=86400),
      ev('RESERVE', 'Minted', caller='ALICE', receiver='ALICE', stable='USDC', amountIn=M1 * 10**6, aidOut=M1 * E18, fee=0),
      aidmint('ALICE', M1 * E18),
      ev('RESERVE', 'DealFunded', dealId=7, stable='USDC', amount=600_000 * 10**6, payoutWallet=W),
      ev('DEALBOOK', 'DealActivated', dealId=7, principal=600_000 * E18, start=T0 + 10, maturity=T0 + 180 * D)]
b1 = [ev('DEALBOOK', 'DealLate', dealId=7),
      ev('DEALBOOK', 'DealDefaulted', dealId=7, carryingValueBefore=600_000 * E18, recoveryValue=450_000 * E18, loss=150_000 * E18),
      ev('RESERVE', 'LossAbsorbed', dealId=7, loss=150_000 * E18, insuranceCovered=50_000 * E18, stakersCovered=80_000 * E18, uncovered=20_000 * E18)]
b2 = [ev('DEALBOOK', 'DealLiquidated', dealId=7, proceeds=400_000 * E18, carryingValueBefore=450_000 * E18),
      ev('RESERVE', 'LiquidationProceeds', dealId=7, stable='USDC', proceeds=400_000 * 10**6, carryingValue=450_000 * E18),
      ev('RESERVE', 'LossAbsorbed', dealId=7, loss=50_000 * E18, insuranceCovered=0, stakersCovered=30_000 * E18, uncovered=20_000 * E18)]
b3 = [ev('RESERVE', 'MintPaused', paused=True)]
r = lambda backing: str(backing * E18 // M1)
write(f'{out}/deal-default.json', 'Deal default: written down to recovery value, loss absorbed (insurance, stakers, uncovered), collateral liquidated with a shortfall',
  [block(T0 + 10, b0, stable_calls()), block(T0 + D + 10, b1), block(T0 + 2 * D + 10, b2), block(T0 + 3 * D + 10, b3)],
  [q('{ deal(id: "7") { status carryingValueUSD recoveryValueUSD lossUSD liquidationProceedsUSD outstandingPrincipalUSD closedAt losses { lossUSD } } }',
     {'deal': {'status': 'Liquidated', 'carryingValueUSD': '0', 'recoveryValueUSD': str(450_000 * E18), 'lossUSD': str(150_000 * E18),
       'liquidationProceedsUSD': str(400_000 * E18), 'outstandingPrincipalUSD': str(600_000 * E18), 'closedAt': str(T0 + 2 * D + 10),
       'losses': [{'lossUSD': str(150_000 * E18)}, {'lossUSD': str(50_000 * E18)}]}}),
   q('{ protocols { totalLiquidUSD totalCarryingValueUSD totalDeployedPrincipalUSD totalBackingUSD collateralRatio } }',
     {'protocols': [{'totalLiquidUSD': str(800_000 * E18), 'totalCarryingValueUSD': '0', 'totalDeployedPrincipalUSD': '0', 'totalBackingUSD': str(800_000 * E18), 'collateralRatio': r(800_000)}]}),
   q(qfile('protocol-losses'),
     {'protocols': [{'cumulativeLossUSD': str(200_000 * E18), 'cumulativeInsuranceCoveredUSD': str(50_000 * E18), 'cumulativeStakersLossUSD': str(110_000 * E18), 'cumulativeUncoveredLossUSD': str(40_000 * E18)}],
      'lossReports': [
        {'deal': {'dealId': '7', 'status': 'Liquidated'}, 'lossUSD': str(150_000 * E18), 'insuranceCoveredUSD': str(50_000 * E18), 'stakersCoveredUSD': str(80_000 * E18), 'uncoveredUSD': str(20_000 * E18), 'timestamp': str(T0 + D + 10)},
        {'deal': {'dealId': '7', 'status': 'Liquidated'}, 'lossUSD': str(50_000 * E18), 'insuranceCoveredUSD': '0', 'stakersCoveredUSD': str(30_000 * E18), 'uncoveredUSD': str(20_000 * E18), 'timestamp': str(T0 + 2 * D + 10)}]}),
   q(qfile('backing-ratio-over-time'),
     {'protocolSnapshots': [
       {'timestamp': str(T0 * 10**6), 'collateralRatio': r(M1), 'minCollateralRatio': '0', 'maxCollateralRatio': r(M1), 'totalBackingUSD': str(M1 * E18), 'totalAidSupply': str(M1 * E18)},
       {'timestamp': str((T0 + D) * 10**6), 'collateralRatio': r(850_000), 'minCollateralRatio': r(850_000), 'maxCollateralRatio': r(850_000), 'totalBackingUSD': str(850_000 * E18), 'totalAidSupply': str(M1 * E18)},
       {'timestamp': str((T0 + 2 * D) * 10**6), 'collateralRatio': r(800_000), 'minCollateralRatio': r(400_000), 'maxCollateralRatio': r(800_000), 'totalBackingUSD': str(800_000 * E18), 'totalAidSupply': str(M1 * E18)}]})])
