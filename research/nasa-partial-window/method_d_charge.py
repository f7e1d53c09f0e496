"""(d) Partial CHARGE windows, B0005 only: just 6 charge files staged (1,2,3,50,100,168) -> indicative, not 'all cycles'.
Charge file n precedes discharge n (NASA order charge, discharge); truth = discharge n's capacity.
Features: CC-phase charge between two terminal voltages (1.5 A), CV-phase charge (4.2 V, current tapering), total.
Estimators vs cycle 1: ratio C1*X_n/X_1 and 'rest unchanged' C1 - X_1 + X_n.
"""
import numpy as np, glob, re
from load import ROOT, load_cell
caps = {n: c['cap'] for n, c in load_cell('B0005').items()}
rows = []
for n in (1, 2, 3, 50, 100, 168):
    a = np.genfromtxt(f'{ROOT}/charge_cycles_sample/B0005_charge_{n}.csv', delimiter=',', names=True)
    V, I, t = a['voltage'], a['current'], a['charge_time']
    Ip = np.where(I > 0.01, I, 0.0)
    q = np.concatenate([[0], np.cumsum(0.5 * (Ip[1:] + Ip[:-1]) * np.diff(t)) / 3600])
    cc = (I > 1.4)
    icv = np.argmax((V > 4.19) & (I < 1.45) & (t > 60))
    def qat(v):
        j = np.where(cc & (V >= v))[0]
        return q[j[0]] if len(j) else np.nan
    f = dict(n=n, cap=caps[n], total=q[-1], cc=q[icv], cv=q[-1] - q[icv], v0=V[1],
             w39_41=qat(4.1) - qat(3.9), w40_42=q[icv] - qat(4.0), w38_41=qat(4.1) - qat(3.8), tcv=t[-1]-t[icv])
    rows.append(f)
    print(' '.join(f'{k}={v:.3f}' if isinstance(v, float) else f'{k}={v}' for k, v in f.items()))
r1 = rows[0]
for key in ('w39_41', 'w40_42', 'w38_41', 'cv', 'cc'):
    for name, fn in (('ratio', lambda x, x1: r1['cap'] * x / x1), ('rest-unchanged', lambda x, x1: r1['cap'] - x1 + x)):
        e = [100 * (fn(r[key], r1[key]) - r['cap']) / r['cap'] for r in rows[1:]]
        print(f'{key:7s} {name:15s} errors cycles 2,3,50,100,168: ' + ' '.join('%+6.1f%%' % x for x in e), ' MAE %.1f%%' % np.mean(np.abs(e)))
print('--- reference = charge 2 (charge 1 starts from 3.48 V, a part-charged as-received cell: not a full reference)')
r1 = rows[1]
for key in ('w39_41', 'w40_42', 'w38_41', 'cv', 'cc'):
    for name, fn in (('ratio', lambda x, x1: r1['cap'] * x / x1), ('rest-unchanged', lambda x, x1: r1['cap'] - x1 + x)):
        e = [100 * (fn(r[key], r1[key]) - r['cap']) / r['cap'] for r in rows[2:]]
        print(f'{key:7s} {name:15s} errors cycles 3,50,100,168: ' + ' '.join('%+6.1f%%' % x for x in e), ' MAE %.1f%%' % np.mean(np.abs(e)))
