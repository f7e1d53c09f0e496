"""Backbone settings chosen by a repeated inner CV (issue #14 follow-up), development splits 101..120 only: the width
and penalty of the SOC-U1 backbone, which every member shares, are picked by the mean inner-CV error over R
shuffles of the calibration batteries into folds (R = 1 is #5's method), so the choice depends less on one
shuffle. Usage: REPS=3 python3 study13.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

REPS = int(os.environ.get('REPS', '3'))


def rep(F, U, soc, soh, tr, te, ids, fold, k, extras=study9.BASE):
    G = dict(F)
    study9.add(G, U, soc, soh, tr)
    y = soh[tr]
    X = S.mat(G, ['SOC', 'U1'], tr)
    folds = [fold] + [S.folds_of(ids[tr], k, np.random.default_rng(1000 + r)) for r in range(1, REPS)]
    best = None
    for ls in S.LS:
        for lam in S.LAM:
            e = np.mean([np.abs(S.oof(X, y, f, k, [ls, ls], lam) - y).mean() for f in folds])
            if best is None or e < best[0]:
                best = (e, ls, lam)
    _, ls, lam = best
    cands = [(['SOC', 'U1'], [ls, ls])] + [(['SOC', 'U1', f], [ls, ls, w]) for f in extras for w in S.EXTRA_W]
    P = np.column_stack([S.oof(S.mat(G, c, tr), y, fold, k, w, lam) for c, w in cands])
    wt = S.simplex_ls(P, y)
    res = P @ wt - y
    sig = S.sigma_table(soc[tr], res)
    pred = sum(wt[i] * S.krr_pred(S.krr_fit(S.mat(G, c, tr), y, w, lam), S.mat(G, c, te))
               for i, (c, w) in enumerate(cands) if wt[i] > 1e-6)
    return pred, np.array([sig[s] for s in soc[te]])


S.METHODS['rep'] = rep
if __name__ == '__main__':
    S.main()
