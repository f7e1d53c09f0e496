"""(c) Aged curve = cycle-1 curve, compressed, minus a polarisation that grows linearly with depth of discharge:
V_n(q) = V_1(a + k q) - (eta0 + beta q). Differentiating removes eta0; the fit uses the window's dV/dq:
dV_n/dq = k V_1'(a + k q) - beta   (3 parameters: k, a, beta; beta=0 is prior work's dV/dq fit).
Also the curvature-only variant d2V/dq2 = k^2 V_1''(a + k q) (blind to eta0 and beta). C_n = C_1 / k."""
from method_outside_corr import *
from scipy.optimize import least_squares

def deriv_on_grid(c, idx=None, hw=0.04, step=0.01):
    L = np.where(c['load'])[0] if idx is None else idx
    q, V = c['q'][L], c['V'][L]
    g = np.arange(q[0] + hw, q[-1] - hw + 1e-9, step); d1 = []; d2 = []
    for x in g:
        m = np.abs(q - x) <= hw
        p = np.polyfit(q[m] - x, V[m], 2); d1.append(p[1]); d2.append(2 * p[0])
    return g, np.array(d1), np.array(d2)

def run(mode):
    errs = {}
    for cell, C in D.items():
        c1 = C[1]; gr, d1r, d2r = deriv_on_grid(c1)
        e = []
        for n, c in C.items():
            w = window(c); g, d1, d2 = deriv_on_grid(c, w); x = g - g[0]
            if mode == 'slope+beta':
                res = lambda p: np.interp(p[1] + p[0] * x, gr, d1r) * p[0] - p[2] - d1
                p0s = [(k0, a0, 0.0) for k0 in (1.0, 1.5, 2.0) for a0 in (0.05, 0.2, 0.4)]
            else:
                res = lambda p: np.interp(p[1] + p[0] * x, gr, d2r) * p[0] ** 2 - d2
                p0s = [(k0, a0) for k0 in (1.0, 1.5, 2.0) for a0 in (0.05, 0.2, 0.4)]
            best = min((least_squares(res, p0) for p0 in p0s), key=lambda s: s.cost)
            e.append(100 * (c1['cap'] / best.x[0] - c['cap']) / c['cap'])
        errs[cell] = e
    return errs

if __name__ == '__main__':
    summarize('(c) dV/dq = k V1\'(a+kq) - beta (linear-in-q polarisation)', run('slope+beta'))
    summarize('(c) curvature only d2V/dq2 = k^2 V1\'\'(a+kq)', run('curv'))
