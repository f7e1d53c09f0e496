"""OCV slope from the six rested voltages (issue #14 follow-up), development splits 101..120 only. The rests end
at U1, U5, U9, U13, U17, U21 after a net charge of 0, 2.5, 0, 5, 0, 7.5 C·s, the last pulse +0.5, -0.5, +1, -1,
+1.5 C: V = OCV0 + slope * Q + rho * I (rho: polarisation not yet relaxed after 75 s, per C) separates the OCV
slope at the battery's true SOC, which is blind to an offset of its OCV curve, from the relaxation. Usage:
python3 study15.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

REST = [0, 4, 8, 12, 16, 20]
Q = np.array([0, 2.5, 0, 5, 0, 7.5])
I = np.array([0, .5, -.5, 1, -1, 1.5])
A = np.column_stack([np.ones(6), Q, I])
PINV = np.linalg.pinv(A)  # 3 x 6


def add(G, U, soc, soh, tr):
    study9.add(G, U, soc, soh, tr)
    coef = U[:, REST] @ PINV.T
    G['SLOPE'] = coef[:, 1] * 1000  # mV per C·s
    G['RHO'] = coef[:, 2] * 1000
    G['OCV0'] = coef[:, 0]
    for i in range(21):
        G['U%d' % (i + 1)] = U[:, i]


def run(extras, backbone_u='U1'):
    def f(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        add(G, U, soc, soh, tr)
        G['U1'] = G[backbone_u]
        return S.stack(G, soc, soh, tr, te, fold, k, extras)
    return f


BASE = study9.BASE
S.METHODS['+slope'] = run(BASE + ['SLOPE'])
S.METHODS['+slope+rho'] = run(BASE + ['SLOPE', 'RHO'])
S.METHODS['ocv0'] = run(BASE, 'OCV0')
if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[2] == 'corr':
        from load import load
        ids, soc, soh, U = load(sys.argv[1]); G = S.feats(U, soc); add(G, U, soc, soh, None)
        for l in np.unique(soc)[::3]:
            m = soc == l
            print(l, 'SLOPE mean %.3f sd %.3f corr SOH %.2f | DU21 corr %.2f' % (G['SLOPE'][m].mean(), G['SLOPE'][m].std(),
                  np.corrcoef(G['SLOPE'][m], soh[m])[0, 1], np.corrcoef(G['DU21'][m], soh[m])[0, 1]))
    else:
        S.main()
