"""Kernel ridge with a per-battery noise block (issue #14 follow-up), development splits 101..120 only. A battery's
rows at its 10 SOC levels share an offset (its OCV curve sits apart: between-battery SD of the error about 2 %,
within about 0.9 %); plain kernel ridge treats the rows as independent and bends its surface to follow each
calibration battery's offset, which a test battery nearby then inherits. Here the noise covariance is
lambda * I + tau * B (B_ij = 1 when rows i, j are the same battery): the fit discounts what a battery's rows share.
Usage: python3 study18.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

CTX = {}


def krr_fit_b(x, y, ls, lam, groups, tau):
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-12] = 1
    z = (x - mu) / sd
    p = np.hstack([np.ones((len(z), 1)), z])
    w = np.linalg.solve(p.T @ p + 1e-3 * np.eye(p.shape[1]), p.T @ y)
    r = y - p @ w
    B = (groups[:, None] == groups[None, :]).astype(float)
    k = S.kern(z, z, np.asarray(ls, float)) + lam * np.eye(len(z)) + tau * B
    a = np.linalg.solve(k, r)
    return (mu, sd, w, z, a, np.asarray(ls, float))


def oof_b(x, y, fold, k, ls, lam, groups, tau):
    p = np.zeros(len(y))
    for f in range(k):
        t = fold != f
        m = krr_fit_b(x[t], y[t], ls, lam, groups[t], tau)
        p[~t] = S.krr_pred(m, x[~t])
    return p


def method(taus, extras):
    def run(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        study9.add(G, U, soc, soh, tr)
        y = soh[tr]
        g = ids[tr]
        X = S.mat(G, ['SOC', 'U1'], tr)
        best = None
        for ls in S.LS:
            for lam in S.LAM:
                for tau in taus:
                    p = oof_b(X, y, fold, k, [ls, ls], lam, g, tau)
                    e = np.abs(p - y).mean()
                    if best is None or e < best[0]:
                        best = (e, ls, lam, tau)
        _, ls, lam, tau = best
        if os.environ.get('VERBOSE'):
            print('chosen', ls, lam, tau, flush=True)
        cands = [(['SOC', 'U1'], [ls, ls])] + [(['SOC', 'U1', f], [ls, ls, w]) for f in extras for w in S.EXTRA_W]
        P = np.column_stack([oof_b(S.mat(G, c, tr), y, fold, k, w, lam, g, tau) for c, w in cands])
        wt = S.simplex_ls(P, y)
        res = P @ wt - y
        sig = S.sigma_table(soc[tr], res)
        pred = sum(wt[i] * S.krr_pred(krr_fit_b(S.mat(G, c, tr), y, w, lam, g, tau), S.mat(G, c, te))
                   for i, (c, w) in enumerate(cands) if wt[i] > 1e-6)
        return pred, np.array([sig[s] for s in soc[te]])
    return run


S.METHODS['Ab'] = method([0, 0.01, 0.1, 1, 10], [])
S.METHODS['A0'] = method([0], [])
S.METHODS['ampb'] = method([0, 0.01, 0.1, 1, 10], study9.BASE)
S.METHODS['ampb2'] = method([0, 0.003, 0.01, 0.03, 0.1], study9.BASE)
if __name__ == '__main__':
    S.main()
