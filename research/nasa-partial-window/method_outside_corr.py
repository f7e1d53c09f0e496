"""Charge-below-window balance with a polarisation-shift correction (no parameter fitted on capacities).
Baseline (prior work): C_n = C_1 - W_1 + W_n (charge outside the 3.9-3.5 V window unchanged).
Correction: if the loaded curve sinks by d_eta relative to cycle 1, charge crosses the lower window edge into the
'below' part: dQ_below ~ d_eta * (dq/dV at 3.5 V, measured on the window's own lower end) - d_eta * (dq/dV at cutoff, tiny).
So C_n = C_1 - W_1 + W_n + d_eta * (S_n - S_cut).
d_eta sources: (i) rest->load step resistance growth x I (start of discharge), (ii) none.
"""
from common import *
D = cells()

def crossing(c, v, first=True):
    """Interpolated discharged charge where loaded V first crosses v downward."""
    L = np.where(c['load'])[0]
    V, q = c['V'][L], c['q'][L]
    j = np.argmax(V < v)  # first below
    if j == 0: return np.nan
    return q[j-1] + (V[j-1] - v) / (V[j-1] - V[j]) * (q[j] - q[j-1])

def readings_window(c, vhi, vlo):
    w = window(c, vhi, vlo); return c['q'][w[-1]] - c['q'][w[0]]

def slope_at(c, vlo, span=0.05):
    """dq/dV [Ah/V] (positive) from a line fit of q vs V over loaded readings in [vlo, vlo+span]."""
    L = np.where(c['load'])[0]; V, q = c['V'][L], c['q'][L]
    j = np.argmax(V < vlo); m = np.arange(len(V)) < j
    m &= V <= vlo + span
    p = np.polyfit(V[m], q[m], 1); return -p[0]

def r_step(c):
    L = np.where(c['load'])[0]; i = L[0]
    return (c['V'][i-1] - c['V'][i]) / (-c['I'][i])

def run(vhi=3.9, vlo=3.5, mode='interp', corr=None, verbose=False):
    errs = {}
    for cell, C in D.items():
        c1 = C[1]
        W = (lambda c: crossing(c, vlo) - crossing(c, vhi)) if mode == 'interp' else (lambda c: readings_window(c, vhi, vlo))
        W1 = W(c1); R1 = r_step(c1)
        e = []
        for n, c in C.items():
            est = c1['cap'] - W1 + W(c)
            if corr == 'step':
                deta = -c['I'][np.where(c['load'])[0][0]] * (r_step(c) - R1)
                est += deta * slope_at(c, vlo)
            e.append(100 * (est - c['cap']) / c['cap'])
            if verbose and n in (1, 2, 5, 20, 50, 80, 100, 120, 150, 168):
                print(cell, n, 'W %.3f Rstep %.4f S3.5 %.2f Ah/V est %.3f true %.3f err %+.1f%%' % (W(c), r_step(c), slope_at(c, vlo), est, c['cap'], e[-1]))
        errs[cell] = e
    return errs

if __name__ == '__main__':
    summarize('outside-unchanged (readings, prior)', run(mode='readings'))
    summarize('outside-unchanged (interp crossings)', run(verbose=True))
    summarize('outside-unchanged + step-R shift x dq/dV(3.5V)', run(corr='step', verbose=True))

def r_at(c, tfix=35.7):
    """Resistance from the last rest reading to the loaded voltage interpolated at a fixed time since record start,
    so that 9.4 s and 18.7 s sampled cycles see the same relaxation time."""
    L = np.where(c['load'])[0]; i = L[0]
    tl, Vl = c['t'][L], c['V'][L]
    return (c['V'][i-1] - np.interp(tfix, tl, Vl)) / (-c['I'][i])

def run2(vhi=3.9, vlo=3.5, rfun=r_at, span=0.05, verbose=False, slope_src='own'):
    errs = {}
    for cell, C in D.items():
        c1 = C[1]; W = lambda c: crossing(c, vlo) - crossing(c, vhi)
        W1 = W(c1); R1 = rfun(c1)
        e = []
        for n, c in C.items():
            I = -c['I'][np.where(c['load'])[0][0]]
            deta = I * (rfun(c) - R1)
            S = slope_at(c, vlo, span) if slope_src == 'own' else slope_at(c1, vlo, span)
            est = c1['cap'] - W1 + W(c) + deta * S
            e.append(100 * (est - c['cap']) / c['cap'])
        errs[cell] = e
    return errs

if __name__ == '__main__':
    for tf in (35.7, 60.0, 120.0):
        summarize('outside-unchanged + R(t=%gs) shift x own dq/dV(3.5V)' % tf, run2(rfun=lambda c, tf=tf: r_at(c, tf)))
    summarize('outside-unchanged + R(t=35.7s) x cycle-1 dq/dV(3.5V)', run2(slope_src='ref'))
    summarize('  span 0.03 V', run2(span=0.03)); summarize('  span 0.10 V', run2(span=0.10))
