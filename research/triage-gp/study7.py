"""Gaussian process with automatic relevance widths by marginal likelihood (issue #14 follow-up), development splits
101..120 only. Usage: OMP_NUM_THREADS=1 python3 study7.py FILE method ...  (run from research/triage-lmo's sibling)"""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
from scipy.optimize import minimize
import study as S
import study2 as T


def gp_fit(x, y, init_ls=None, restarts=1):
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-12] = 1
    z = (x - mu) / sd
    p = np.hstack([np.ones((len(z), 1)), z])
    w = np.linalg.solve(p.T @ p + 1e-3 * np.eye(p.shape[1]), p.T @ y)
    r = y - p @ w
    n, d = z.shape
    diff2 = (z[:, None, :] - z[None, :, :]) ** 2  # n n d

    def nll(th):
        ls = np.exp(th[:d]); sf2 = np.exp(2 * th[d]); sn2 = np.exp(2 * th[d + 1])
        k0 = np.exp(-0.5 * (diff2 / ls ** 2).sum(2))
        K = sf2 * k0 + (sn2 + 1e-8) * np.eye(n)
        L = np.linalg.cholesky(K)
        a = np.linalg.solve(L.T, np.linalg.solve(L, r))
        f = 0.5 * r @ a + np.log(np.diag(L)).sum()
        Ki = np.linalg.solve(L.T, np.linalg.solve(L, np.eye(n)))
        Wm = np.outer(a, a) - Ki
        g = np.zeros(d + 2)
        for j in range(d):
            dK = sf2 * k0 * diff2[:, :, j] / ls[j] ** 2
            g[j] = -0.5 * (Wm * dK).sum()
        g[d] = -0.5 * (Wm * (2 * sf2 * k0)).sum()
        g[d + 1] = -0.5 * np.trace(Wm) * 2 * sn2
        return f, g

    v = r.var()
    th0 = np.concatenate([np.log(init_ls if init_ls is not None else np.full(d, 1.0)), [0.5 * np.log(v * .8), 0.5 * np.log(v * .2)]])
    best = None
    for rs in range(restarts):
        t0 = th0 if rs == 0 else th0 + np.random.default_rng(rs).normal(0, .5, len(th0))
        lo = np.concatenate([np.full(d, np.log(0.1)), [np.log(1e-3), np.log(1e-3)]])
        hi = np.concatenate([np.full(d, np.log(100)), [np.log(100), np.log(100)]])
        o = minimize(nll, t0, jac=True, method='L-BFGS-B', bounds=list(zip(lo, hi)))
        if best is None or o.fun < best.fun:
            best = o
    th = best.x
    ls = np.exp(th[:d]); sf2 = np.exp(2 * th[d]); sn2 = np.exp(2 * th[d + 1])
    K = sf2 * np.exp(-0.5 * (diff2 / ls ** 2).sum(2)) + sn2 * np.eye(n)
    a = np.linalg.solve(K, r)
    return (mu, sd, w, z, a, ls, sf2)


def gp_pred(m, x):
    mu, sd, w, z0, a, ls, sf2 = m
    z = (x - mu) / sd
    return w[0] + z @ w[1:] + sf2 * S.kern(z, z0, ls) @ a


SETS = {
    'gp2': ['SOC', 'U1'],
    'gp4': ['SOC', 'U1', 'R0', 'RP'],
    'gp6': ['SOC', 'U1', 'R0', 'RP', 'RLX', 'DU21'],
    'gpamp': ['SOC', 'U1', 'R0', 'RP', 'RLX', 'DU21'] + T.AMP,
    'gpamp2': ['SOC', 'U1'] + T.AMP,
}


def gp_method(name):
    def run(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        T.add_amp_raw(G, U, soc, soh, tr)
        cols = SETS[name]
        y = soh[tr]
        X = S.mat(G, cols, tr)
        oofp = np.zeros(len(y))
        for f in range(k):
            t = fold != f
            oofp[~t] = gp_pred(gp_fit(X[t], y[t]), X[~t])
        res = oofp - y
        sig = S.sigma_table(soc[tr], res)
        m = gp_fit(X, y)
        print(name, 'ls', np.round(m[5], 2), flush=True) if os.environ.get('VERBOSE') else None
        return gp_pred(m, S.mat(G, cols, te)), np.array([sig[s] for s in soc[te]])
    return run


for n in SETS:
    S.METHODS[n] = gp_method(n)
if __name__ == '__main__':
    S.main()
