"""Additive combination (issue #14 follow-up), development splits 101..120 only. Each member (backbone + one feature
at one width) differs from the backbone by what its feature adds; #5's average adds about 1/37 of each of those
differences (4/37 of each feature's), as if the features said the same thing. Here the estimate is the backbone
plus c times the sum over features of each feature's difference (averaged over its widths), c chosen by the inner
battery-fold CV from a grid. Usage: python3 study12.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

CS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0]


def additive(F, U, soc, soh, tr, te, ids, fold, k, extras=study9.BASE, cs=CS, per_feature=False):
    G = dict(F)
    study9.add(G, U, soc, soh, tr)
    y = soh[tr]
    e0, ls, lam, p0 = S.backbone(S.mat(G, ['SOC', 'U1'], tr), y, fold, k)
    nw = len(S.EXTRA_W)
    cands = [(['SOC', 'U1'], [ls, ls])] + [(['SOC', 'U1', f], [ls, ls, w]) for f in extras for w in S.EXTRA_W]
    P = np.column_stack([S.oof(S.mat(G, c, tr), y, fold, k, w, lam) for c, w in cands])
    Pt = np.column_stack([S.krr_pred(S.krr_fit(S.mat(G, c, tr), y, w, lam), S.mat(G, c, te)) for c, w in cands])

    def devs(M):
        return np.column_stack([(M[:, 1 + j * nw:1 + (j + 1) * nw] - M[:, :1]).mean(1) for j in range(len(extras))])
    D, Dt = devs(P), devs(Pt)
    best = None
    for c in cs:
        e = np.abs(P[:, 0] + c * D.sum(1) - y).mean()
        if best is None or e < best[0]:
            best = (e, c)
    c = best[1]
    res = P[:, 0] + c * D.sum(1) - y
    sig = S.sigma_table(soc[tr], res)
    if os.environ.get('VERBOSE'):
        print('c', c, round(best[0], 3), flush=True)
    return Pt[:, 0] + c * Dt.sum(1), np.array([sig[s] for s in soc[te]])


S.METHODS['add'] = additive
S.METHODS['add+off'] = lambda *a: additive(*a, extras=study9.BASE + list(study9.OFF))
if __name__ == '__main__':
    S.main()
