"""Backbone variants (development splits 101..120 only): separate SOC and U1 widths chosen by inner CV; averaging
over the backbone's grid instead of picking its best cell. Usage: python3 study3.py LMO_10Ah.csv method ..."""
import numpy as np
import study as S


def ard(F, U, soc, soh, tr, te, ids, fold, k):
    y = soh[tr]
    X = S.mat(F, ['SOC', 'U1'], tr)
    best = None
    for a in S.LS:
        for b in S.LS:
            for lam in S.LAM:
                e = np.abs(S.oof(X, y, fold, k, [a, b], lam) - y).mean()
                if best is None or e < best[0]:
                    best = (e, a, b, lam)
    _, a, b, lam = best
    p = S.oof(X, y, fold, k, [a, b], lam)
    sig = S.sigma_table(soc[tr], p - y)
    pred = S.krr_pred(S.krr_fit(X, y, [a, b], lam), S.mat(F, ['SOC', 'U1'], te))
    return pred, np.array([sig[s] for s in soc[te]])


def grid_avg(F, U, soc, soh, tr, te, ids, fold, k, extras=(), widths=S.EXTRA_W):
    """Equal average over every backbone grid cell × (backbone alone, each extra at each width)."""
    y = soh[tr]
    cands = []
    for ls in S.LS:
        for lam in S.LAM:
            cands.append((['SOC', 'U1'], [ls, ls], lam))
            for f in extras:
                for w in widths:
                    cands.append((['SOC', 'U1', f], [ls, ls, w], lam))
    P = np.column_stack([S.oof(S.mat(F, c, tr), y, fold, k, w, lam) for c, w, lam in cands])
    p = P.mean(1)
    sig = S.sigma_table(soc[tr], p - y)
    pred = np.mean([S.krr_pred(S.krr_fit(S.mat(F, c, tr), y, w, lam), S.mat(F, c, te)) for c, w, lam in cands], 0)
    return pred, np.array([sig[s] for s in soc[te]])


S.METHODS['ARD'] = ard
S.METHODS['Aavg'] = grid_avg
S.METHODS['D2avg'] = lambda *a: grid_avg(*a, extras=S.EX)
if __name__ == '__main__':
    S.main()
