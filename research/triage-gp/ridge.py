"""Numpy twin of RidgeBaseline (raw U1..U21 and SOC, standardised, one penalty by battery-fold inner CV), and a
local version: the same ridge fitted per SOC level on that level and its neighbours."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

LAMS = [1e-3, 1e-2, .1, 1, 10, 100, 1000]


def rfit(X, y, lam):
    mu, sd = X.mean(0), X.std(0); sd[sd < 1e-12] = 1
    Z = np.hstack([np.ones((len(X), 1)), (X - mu) / sd])
    P = lam * np.eye(Z.shape[1]); P[0, 0] = 0
    w = np.linalg.solve(Z.T @ Z + P, Z.T @ y)
    return lambda Xn: np.hstack([np.ones((len(Xn), 1)), (Xn - mu) / sd]) @ w


def ridge(F, U, soc, soh, tr, te, ids, fold, k):
    X = np.column_stack([U, soc]); y = soh[tr]; Xt = X[tr]
    best = None
    for lam in LAMS:
        p = np.zeros(len(y))
        for f in range(k):
            t = fold != f
            p[~t] = rfit(Xt[t], y[t], lam)(Xt[~t])
        e = np.abs(p - y).mean()
        if best is None or e < best[0]:
            best = (e, lam, p)
    res = best[2] - y
    sig = S.sigma_table(soc[tr], res)
    return rfit(Xt, y, best[1])(X[te]), np.array([sig[s] for s in soc[te]])


def local(F, U, soc, soh, tr, te, ids, fold, k, reach=1):
    X = np.column_stack([U, soc]); y = soh[tr]; Xt = X[tr]; st = soc[tr]
    lv = np.unique(st)
    best = None
    for lam in LAMS:
        p = np.zeros(len(y))
        for f in range(k):
            for i, l in enumerate(lv):
                lo, hi = lv[max(0, i - reach)], lv[min(len(lv) - 1, i + reach)]
                t = (fold != f) & (st >= lo) & (st <= hi)
                q = (fold == f) & (st == l)
                p[q] = rfit(Xt[t], y[t], lam)(Xt[q])
        e = np.abs(p - y).mean()
        if best is None or e < best[0]:
            best = (e, lam, p)
    lam = best[1]
    out = np.zeros(te.sum()); ste = soc[te]; Xe = X[te]
    for i, l in enumerate(lv):
        lo, hi = lv[max(0, i - reach)], lv[min(len(lv) - 1, i + reach)]
        t = (st >= lo) & (st <= hi)
        out[ste == l] = rfit(Xt[t], y[t], lam)(Xe[ste == l])
    res = best[2] - y
    sig = S.sigma_table(soc[tr], res)
    return out, np.array([sig[s] for s in soc[te]])


S.METHODS['ridge'] = ridge
S.METHODS['local'] = local
S.METHODS['ampraw'] = study9.run(study9.BASE)


def local_feats(names):
    import study15

    def f(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        study15.add(G, U, soc, soh, tr)
        X = np.column_stack([G[n] for n in names])
        return local(F, X, soc, soh, tr, te, ids, fold, k)
    return f


PHYS = ['U1', 'R0', 'RP', 'RLX', 'DU21'] + ['R05c', 'R05d', 'R1c', 'R1d', 'R15c']
S.METHODS['localphys'] = local_feats(PHYS)
S.METHODS['localphys+'] = local_feats(PHYS + list(study9.OFF) + ['SLOPE', 'RHO'])
S.METHODS['localU1'] = local_feats(['U1'])

S.METHODS['local0'] = lambda *a: local(*a, reach=0)
S.METHODS['local2'] = lambda *a: local(*a, reach=2)


def local_uf(names, reach=1):
    import study15

    def f(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        study15.add(G, U, soc, soh, tr)
        X = np.column_stack([U] + [G[n] for n in names])
        return local(F, X, soc, soh, tr, te, ids, fold, k, reach)
    return f


S.METHODS['localUphys'] = local_uf(PHYS[1:] + list(study9.OFF) + ['SLOPE', 'RHO'])
