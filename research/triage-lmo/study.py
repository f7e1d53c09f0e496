"""Numpy study of pulse-triage candidates on the DEVELOPMENT splits only (seeds 101..120, 30 % of batteries
calibrate, 70 % held out, split by battery). Reimplements the Java KernelRidge (Gaussian kernel over a linear mean on
standardised inputs) so candidates can be compared quickly; the chosen one is then ported to Java and re-checked with
`voltrace triage validate --seed 101`. Usage: python3 study.py LMO_10Ah.csv [method ...]"""
import sys
import numpy as np
from load import load

LS = [0.5, 1, 2]
LAM = [0.01, 0.1, 1]
EXTRA_W = [1, 2, 5, 20]


def krr_fit(x, y, ls, lam):
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-12] = 1
    z = (x - mu) / sd
    p = np.hstack([np.ones((len(z), 1)), z])
    w = np.linalg.solve(p.T @ p + 1e-3 * np.eye(p.shape[1]), p.T @ y)
    r = y - p @ w
    k = kern(z, z, ls) + lam * np.eye(len(z))
    a = np.linalg.solve(k, r)
    return (mu, sd, w, z, a, np.asarray(ls, float))


def krr_pred(m, x):
    mu, sd, w, z0, a, ls = m
    z = (x - mu) / sd
    return w[0] + z @ w[1:] + kern(z, z0, ls) @ a


def kern(a, b, ls):
    a = a / ls
    b = b / ls
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return np.exp(-np.maximum(d2, 0) / 2)


def folds_of(ids, k, rng):
    b = np.unique(ids)
    rng.shuffle(b)
    f = {bb: i % k for i, bb in enumerate(b)}
    return np.array([f[i] for i in ids])


def oof(x, y, fold, k, ls, lam):
    p = np.zeros(len(y))
    for f in range(k):
        tr = fold != f
        m = krr_fit(x[tr], y[tr], ls, lam)
        p[~tr] = krr_pred(m, x[~tr])
    return p


# ---- pulse features (as PulseFeature.java) ----
CH = [(0, 1, 2, .5), (8, 9, 10, 1), (16, 17, 18, 1.5)]
DI = [(4, 5, 6, .5), (12, 13, 14, 1)]
RESTS = [(3, 4, 1), (7, 8, -1), (11, 12, 1), (15, 16, -1), (19, 20, 1)]


def feats(U, soc):
    r0 = (sum((U[:, b] - U[:, a]) / c for a, b, _, c in CH) + sum((U[:, a] - U[:, b]) / c for a, b, _, c in DI)) / 5
    rp = (sum((U[:, e] - U[:, b]) / c for a, b, e, c in CH) + sum((U[:, b] - U[:, e]) / c for a, b, e, c in DI)) / 5
    rlx = sum((U[:, s] - U[:, e]) * d for s, e, d in RESTS) / 5
    du = U[:, 20] - U[:, 0]
    return {'SOC': soc, 'U1': U[:, 0], 'R0': r0, 'RP': rp, 'RLX': rlx, 'DU21': du}


def backbone(X, y, fold, k):
    best = None
    for ls in LS:
        for lam in LAM:
            p = oof(X, y, fold, k, [ls, ls], lam)
            e = np.abs(p - y).mean()
            if best is None or e < best[0]:
                best = (e, ls, lam, p)
    return best


def simplex_proj(v):
    u = np.sort(v)[::-1]
    css = np.cumsum(u)
    rho = np.nonzero(u - (css - 1) / np.arange(1, len(u) + 1) > 0)[0][-1]
    th = (css[rho] - 1) / (rho + 1)
    return np.maximum(v - th, 0)


def simplex_ls(P, y, iters=2000, centred=False):
    """As Simplex.java (centred=False: early-stopped); centred=True: on P - y, well conditioned, near convergence."""
    A = P - y[:, None] if centred else P
    b = np.zeros(len(y)) if centred else y
    ptp = A.T @ A
    pty = A.T @ b
    step = 1 / (np.linalg.eigvalsh(ptp).max() * 1.01)
    w = np.full(P.shape[1], 1 / P.shape[1])
    for _ in range(iters):
        w = simplex_proj(w - step * (ptp @ w - pty))
    return w


def sigma_table(soc, res):
    lv = np.unique(soc)
    rms = np.abs(res)
    fac = max(1, np.sort(np.abs(res))[int(np.ceil(.95 * len(res))) - 1] / (1.96 * np.sqrt((res ** 2).mean())))
    out = {}
    for i, l in enumerate(lv):
        lo, hi = lv[max(0, i - 1)], lv[min(len(lv) - 1, i + 1)]
        m = (soc >= lo) & (soc <= hi)
        out[l] = fac * np.sqrt((res[m] ** 2).mean())
    return out


def main():
    name = sys.argv[1]
    methods = sys.argv[2:]
    ids, soc, soh, U = load(name)
    F = feats(U, soc)
    bat = np.unique(ids)
    res = {m: [] for m in methods}
    for seed in range(101, 121):
        rng = np.random.default_rng(seed)
        b = bat.copy()
        rng.shuffle(b)
        cal = set(b[:max(2, round(.3 * len(b)))])
        tr = np.array([i in cal for i in ids])
        te = ~tr
        k = min(5, len(cal))
        fold = folds_of(ids[tr], k, np.random.default_rng(seed))
        for m in methods:
            pred, sig = METHODS[m](F, U, soc, soh, tr, te, ids, fold, k)
            res[m].append((soc[te], pred - soh[te], sig))
    for m in methods:
        s = np.concatenate([r[0] for r in res[m]])
        e = np.concatenate([r[1] for r in res[m]])
        g = np.concatenate([r[2] for r in res[m]])
        lv = ' '.join('%.2f' % np.abs(e[s == l]).mean() for l in np.unique(s))
        cov = ' '.join('%.0f' % (100 * (np.abs(e[s == l]) <= 2 * g[s == l]).mean()) for l in np.unique(s))
        print('%-14s MAE %.3f cov %.1f | %s | cov %s' % (m, np.abs(e).mean(), 100 * (np.abs(e) <= 2 * g).mean(), lv, cov),
              flush=True)


def mat(F, names, rows):
    return np.column_stack([F[n][rows] for n in names])


def stack(F, soc, soh, tr, te, fold, k, extras, extra_cols=None, weights='early'):
    """Backbone (SOC, U1) plus each extra as a third input at EXTRA_W widths; combine."""
    y = soh[tr]
    e0, ls, lam, p0 = backbone(mat(F, ['SOC', 'U1'], tr), y, fold, k)
    cands = [(['SOC', 'U1'], [ls, ls])]
    for f in extras:
        for w in EXTRA_W:
            cands.append((['SOC', 'U1', f], [ls, ls, w]))
    P = np.column_stack([oof(mat(F, c, tr), y, fold, k, w, lam) for c, w in cands])
    if weights == 'early':
        wt = simplex_ls(P, y)
    elif weights == 'converged':
        wt = simplex_ls(P, y, iters=20000, centred=True)
    elif weights == 'equal':
        wt = np.full(len(cands), 1 / len(cands))
    res = P @ wt - y
    sig = sigma_table(soc[tr], res)
    pred = sum(wt[i] * krr_pred(krr_fit(mat(F, c, tr), y, w, lam), mat(F, c, te)) for i, (c, w) in enumerate(cands)
               if wt[i] > 1e-6)
    return pred, np.array([sig[s] for s in soc[te]])


METHODS = {}
EX = ['R0', 'RP', 'RLX', 'DU21']
METHODS['A'] = lambda F, U, soc, soh, tr, te, ids, fold, k: stack(F, soc, soh, tr, te, fold, k, [])
METHODS['D2'] = lambda F, U, soc, soh, tr, te, ids, fold, k: stack(F, soc, soh, tr, te, fold, k, EX)
METHODS['D2conv'] = lambda F, U, soc, soh, tr, te, ids, fold, k: stack(F, soc, soh, tr, te, fold, k, EX,
                                                                       weights='converged')

if __name__ == '__main__':
    main()
