"""Shared evaluation helpers."""
import numpy as np
from scipy.optimize import least_squares
from scipy.signal import savgol_filter
from load import *

def smooth_deriv(t, y, win_s=120.0, order=2):
    """Local polynomial (Savitzky-Golay style, non-uniform time) value and derivative."""
    ys = np.empty_like(y); dy = np.empty_like(y)
    for i in range(len(t)):
        m = np.abs(t - t[i]) <= win_s / 2
        if m.sum() < order + 2:
            m = np.argsort(np.abs(t - t[i]))[:order + 2]
        p = np.polyfit(t[m] - t[i], y[m], order)
        ys[i] = p[-1]; dy[i] = p[-2]
    return ys, dy

K0S = (1.0, 1.2, 1.5, 2.0)
A0S = tuple(np.linspace(0, 0.9, 6))
def fit_scale_offset(qw, Uw, qref, Uref):
    """Fit Uw(q) ~ Uref(a + k*(q - qw[0])); return k, a, rms. qref increasing."""
    qr = qw - qw[0]
    f = lambda p: np.interp(p[1] + p[0] * qr, qref, Uref, left=np.nan, right=np.nan) - Uw
    def res(p):
        r = f(p); return np.where(np.isnan(r), 0.5, r)
    best = None
    for k0 in K0S:
        for a0 in A0S:
            s = least_squares(res, (k0, a0), bounds=([0.5, -0.2], [4.0, qref[-1]]))
            if best is None or s.cost < best.cost: best = s
    return best.x[0], best.x[1], np.sqrt(2 * best.cost / len(qw))

def summarize(name, errs):
    out = {}
    for cell, e in errs.items():
        e = np.array(e)
        out[cell] = (np.mean(np.abs(e)), np.max(np.abs(e)), np.mean(e), len(e))
    s = name.ljust(60) + ' '.join('%s MAE %5.2f%% max %5.2f%% bias %+5.2f%% n=%d' % ((cell,) + v) for cell, v in out.items())
    print(s, flush=True)
    return out
