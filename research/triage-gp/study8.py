"""Varying-coefficient kernel ridge (issue #14 follow-up), development splits 101..120 only: the backbone's Gaussian
kernel on (SOC, U1) plus c * k_SOC(s, s') * <f, f'> / p over the standardised pulse features f, i.e. SOH = g(SOC, U1)
+ sum_j beta_j(SOC) f_j with smooth coefficients, fitted jointly. Usage: python3 study8.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study2 as T

FEATS = ['R0', 'RP', 'RLX', 'DU21'] + T.AMP


def vc_fit(xb, xf, y, ls, lam, c, ws):
    mu, sd = xb.mean(0), xb.std(0); sd[sd < 1e-12] = 1
    fm, fs = xf.mean(0), xf.std(0); fs[fs < 1e-12] = 1
    z = (xb - mu) / sd
    g = (xf - fm) / fs
    p = np.hstack([np.ones((len(z), 1)), z])
    w = np.linalg.solve(p.T @ p + 1e-3 * np.eye(p.shape[1]), p.T @ y)
    r = y - p @ w
    K = vc_kern(z, g, z, g, ls, c, ws) + lam * np.eye(len(z))
    a = np.linalg.solve(K, r)
    return (mu, sd, fm, fs, w, z, g, a, ls, c, ws)


def vc_kern(z1, g1, z2, g2, ls, c, ws):
    kb = S.kern(z1, z2, np.array([ls, ls]))
    ks = S.kern(z1[:, :1], z2[:, :1], np.array([ws]))
    return kb + c * ks * (g1 @ g2.T) / g1.shape[1]


def vc_pred(m, xb, xf):
    mu, sd, fm, fs, w, z0, g0, a, ls, c, ws = m
    z = (xb - mu) / sd
    g = (xf - fm) / fs
    return w[0] + z @ w[1:] + vc_kern(z, g, z0, g0, ls, c, ws) @ a


def vc_oof(xb, xf, y, fold, k, *hp):
    p = np.zeros(len(y))
    for f in range(k):
        t = fold != f
        p[~t] = vc_pred(vc_fit(xb[t], xf[t], y[t], *hp), xb[~t], xf[~t])
    return p


def vc(F, U, soc, soh, tr, te, ids, fold, k, cs=(0.1, 0.3, 1, 3), wss=(0.5, 1, 2, 5), feats=FEATS):
    G = dict(F)
    T.add_amp_raw(G, U, soc, soh, tr)
    y = soh[tr]
    xb = S.mat(G, ['SOC', 'U1'], tr)
    xf = S.mat(G, feats, tr)
    e0, ls, lam, p0 = S.backbone(xb, y, fold, k)
    best = (e0, None, p0)
    for c in cs:
        for ws in wss:
            p = vc_oof(xb, xf, y, fold, k, ls, lam, c, ws)
            e = np.abs(p - y).mean()
            if e < best[0]:
                best = (e, (c, ws), p)
    res = best[2] - y
    sig = S.sigma_table(soc[tr], res)
    if best[1] is None:
        pred = S.krr_pred(S.krr_fit(xb, y, [ls, ls], lam), S.mat(G, ['SOC', 'U1'], te))
    else:
        pred = vc_pred(vc_fit(xb, xf, y, ls, lam, *best[1]), S.mat(G, ['SOC', 'U1'], te), S.mat(G, feats, te))
    if os.environ.get('VERBOSE'):
        print('chosen', best[1], round(best[0], 3), round(e0, 3), flush=True)
    return pred, np.array([sig[s] for s in soc[te]])


S.METHODS['vc'] = vc
S.METHODS['vcamp'] = lambda *a: vc(*a, feats=T.AMP)
if __name__ == '__main__':
    S.main()
