"""Backbone settings chosen for the whole combination (issue #14 follow-up), development splits 101..120 only: #5's
method picks the SOC-U1 width and penalty by the backbone's own inner-CV error and then builds every member with
them; here each of the 9 settings builds the whole combination and the one whose combination has the smallest
inner-CV error is kept. Usage: python3 study11.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

EXTRAS = study9.BASE


def joint(F, U, soc, soh, tr, te, ids, fold, k, extras=EXTRAS):
    G = dict(F)
    study9.add(G, U, soc, soh, tr)
    y = soh[tr]
    best = None
    for ls in S.LS:
        for lam in S.LAM:
            cands = [(['SOC', 'U1'], [ls, ls])] + [(['SOC', 'U1', f], [ls, ls, w]) for f in extras for w in S.EXTRA_W]
            P = np.column_stack([S.oof(S.mat(G, c, tr), y, fold, k, w, lam) for c, w in cands])
            wt = S.simplex_ls(P, y)
            e = np.abs(P @ wt - y).mean()
            if best is None or e < best[0]:
                best = (e, ls, lam, cands, wt, P @ wt - y)
    e, ls, lam, cands, wt, res = best
    sig = S.sigma_table(soc[tr], res)
    pred = sum(wt[i] * S.krr_pred(S.krr_fit(S.mat(G, c, tr), y, w, lam), S.mat(G, c, te))
               for i, (c, w) in enumerate(cands) if wt[i] > 1e-6)
    return pred, np.array([sig[s] for s in soc[te]])


S.METHODS['joint'] = joint
if __name__ == '__main__':
    S.main()
