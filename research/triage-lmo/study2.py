"""Candidates beyond issue #18's D2 (development splits 101..120 only): physics inversion of the OCV curve, pulse
features normalised by their SOC trend. Usage: python3 study2.py LMO_10Ah.csv method ..."""
import sys
import numpy as np
import study as S


def ocv_curve(ts, u1, grid):
    """U1 against the true SOC (planned SOC / SOH), monotone: a quadratic-penalised spline stand-in, here a
    Gaussian-smoothed binned mean made non-decreasing; returns the curve on grid."""
    h = 2.0
    w = np.exp(-0.5 * ((grid[:, None] - ts[None, :]) / h) ** 2)
    f = (w @ u1) / np.maximum(w.sum(1), 1e-12)
    return np.maximum.accumulate(f)


def phys(F, soc, soh, tr):
    """SOH from inverting the calibration's OCV(true SOC) curve at this test's U1: true SOC = planned SOC / SOH."""
    ts = soc[tr] / soh[tr] * 100
    grid = np.linspace(0, 120, 1201)
    f = ocv_curve(ts, F['U1'][tr], grid)
    # invert: strictly increasing by a hair so interp is defined
    f = f + np.arange(len(f)) * 1e-9
    t = np.interp(F['U1'], f, grid)
    return np.clip(soc / np.maximum(t, 1) * 100, 20, 150)


def trend_norm(F, name, soc, tr):
    """A feature over its calibration mean at the same SOC level (interpolated between levels)."""
    lv = np.unique(soc[tr])
    mu = np.array([F[name][tr][soc[tr] == l].mean() for l in lv])
    return F[name] / np.interp(soc, lv, mu)


def run(F, U, soc, soh, tr, te, ids, fold, k, extras, extra_fn=None):
    G = dict(F)
    if extra_fn:
        extra_fn(G, U, soc, soh, tr)
    return S.stack(G, soc, soh, tr, te, fold, k, extras)


def add_phys(G, U, soc, soh, tr):
    # the phys feature of a calibration row must not see that row's label: out-of-fold within calibration
    p = phys(G, soc, soh, tr)
    G['PHYS'] = p


def add_norm(G, U, soc, soh, tr):
    for n in ['R0', 'RP', 'RLX']:
        G[n + 'n'] = trend_norm(G, n, soc, tr)


def add_amp(G, U, soc, soh, tr):
    # per amplitude ohmic jumps, normalised by their SOC trend
    for nm, (a, b, c, sgn) in {'R05c': (0, 1, .5, 1), 'R05d': (4, 5, .5, -1), 'R1c': (8, 9, 1, 1),
                               'R1d': (12, 13, 1, -1), 'R15c': (16, 17, 1.5, 1)}.items():
        G[nm] = sgn * (U[:, b] - U[:, a]) / c
        G[nm] = trend_norm(G, nm, soc, tr)


M = {}
EX = S.EX
M['D2'] = lambda *a: run(*a, EX)
M['D2+phys'] = lambda *a: run(*a, EX + ['PHYS'], add_phys)
M['D2norm'] = lambda *a: run(*a, ['R0n', 'RPn', 'RLXn', 'DU21'], add_norm)
M['D2+norm'] = lambda *a: run(*a, EX + ['R0n', 'RPn', 'RLXn'], add_norm)
M['D2+amp'] = lambda *a: run(*a, EX + ['R05c', 'R05d', 'R1c', 'R1d', 'R15c'], add_amp)
S.METHODS.update(M)


def add_amp_rp(G, U, soc, soh, tr):
    add_amp(G, U, soc, soh, tr)
    # per amplitude polarisation over the 5 s pulse, normalised by their SOC trend
    for nm, (a, b, c, sgn) in {'P05c': (1, 2, .5, 1), 'P05d': (5, 6, .5, -1), 'P1c': (9, 10, 1, 1),
                               'P1d': (13, 14, 1, -1), 'P15c': (17, 18, 1.5, 1)}.items():
        G[nm] = sgn * (U[:, b] - U[:, a]) / c
        G[nm] = trend_norm(G, nm, soc, tr)


def add_amp_raw(G, U, soc, soh, tr):
    for nm, (a, b, c, sgn) in {'R05c': (0, 1, .5, 1), 'R05d': (4, 5, .5, -1), 'R1c': (8, 9, 1, 1),
                               'R1d': (12, 13, 1, -1), 'R15c': (16, 17, 1.5, 1)}.items():
        G[nm] = sgn * (U[:, b] - U[:, a]) / c


AMP = ['R05c', 'R05d', 'R1c', 'R1d', 'R15c']
PAMP = ['P05c', 'P05d', 'P1c', 'P1d', 'P15c']
S.METHODS['amp'] = lambda *a: run(*a, ['DU21', 'RLX'] + AMP, add_amp)
S.METHODS['D2+amp+pamp'] = lambda *a: run(*a, EX + AMP + PAMP, add_amp_rp)
S.METHODS['ampraw'] = lambda *a: run(*a, EX + AMP, add_amp_raw)
if __name__ == '__main__':
    S.main()
