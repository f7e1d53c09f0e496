"""#5's combination blended with a per-SOC-level linear ridge on the physical pulse quantities (issue #14
follow-up), development splits 101..120 only. The ridge fits each SOC level on that level's and its neighbours'
calibration rows (SOC an input too), its penalty by the inner battery-fold CV; its errors correlate with the kernel
combination's at about 0.76 (LMO), so a blend (1 - v) * combination + v * ridge, v from a grid by the same inner CV,
averages part of them out. Usage: python3 study16.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9, study15, ridge

VS = [0, .1, .2, .3, .4, .5]
LOCAL = ridge.PHYS + list(study9.OFF) + ['SLOPE', 'RHO']


def local_oof_and_pred(G, soc, soh, tr, te, fold, k, names, reach=1):
    X = np.column_stack([G[n] for n in names] + [soc])
    y = soh[tr]; Xt = X[tr]; st = soc[tr]
    lv = np.unique(st)
    best = None
    for lam in ridge.LAMS:
        p = np.zeros(len(y))
        for f in range(k):
            for i, l in enumerate(lv):
                lo, hi = lv[max(0, i - reach)], lv[min(len(lv) - 1, i + reach)]
                t = (fold != f) & (st >= lo) & (st <= hi)
                q = (fold == f) & (st == l)
                p[q] = ridge.rfit(Xt[t], y[t], lam)(Xt[q])
        e = np.abs(p - y).mean()
        if best is None or e < best[0]:
            best = (e, lam, p)
    lam = best[1]
    out = np.zeros(te.sum()); ste = soc[te]; Xe = X[te]
    for i, l in enumerate(lv):
        lo, hi = lv[max(0, i - reach)], lv[min(len(lv) - 1, i + reach)]
        t = (st >= lo) & (st <= hi)
        out[ste == l] = ridge.rfit(Xt[t], y[t], lam)(Xe[ste == l])
    return best[2], out


def blend(F, U, soc, soh, tr, te, ids, fold, k, extras=study9.BASE, names=LOCAL):
    G = dict(F)
    study15.add(G, U, soc, soh, tr)
    y = soh[tr]
    e0, ls, lam, p0 = S.backbone(S.mat(G, ['SOC', 'U1'], tr), y, fold, k)
    cands = [(['SOC', 'U1'], [ls, ls])] + [(['SOC', 'U1', f], [ls, ls, w]) for f in extras for w in S.EXTRA_W]
    P = np.column_stack([S.oof(S.mat(G, c, tr), y, fold, k, w, lam) for c, w in cands])
    wt = S.simplex_ls(P, y)
    ens_oof = P @ wt
    ens = sum(wt[i] * S.krr_pred(S.krr_fit(S.mat(G, c, tr), y, w, lam), S.mat(G, c, te))
              for i, (c, w) in enumerate(cands) if wt[i] > 1e-6)
    loc_oof, loc = local_oof_and_pred(G, soc, soh, tr, te, fold, k, names)
    best = min(VS, key=lambda v: np.abs((1 - v) * ens_oof + v * loc_oof - y).mean())
    if os.environ.get('VERBOSE'):
        print('v', best, flush=True)
    res = (1 - best) * ens_oof + best * loc_oof - y
    sig = S.sigma_table(soc[tr], res)
    return (1 - best) * ens + best * loc, np.array([sig[s] for s in soc[te]])


S.METHODS['blend'] = blend
S.METHODS['blendU'] = lambda *a: blend(*a, names=['U%d' % i for i in range(1, 22)])
if __name__ == '__main__':
    S.main()
