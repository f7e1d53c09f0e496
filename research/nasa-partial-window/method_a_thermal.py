"""(a) Thermal estimate of overpotential.
Lumped model: Cth dT/dt = I*eta_tot - (T - Ta)/Rth, tau = Rth*Cth from cycle 1's cooling tail (Ta = rest reading before load).
eta_tot(t) = Cth/I * (dT/dt + (T - Ta)/tau)   (irreversible + entropic heat, all as volts)
U = V + eta_tot, a state function if heat is the only thing aging changes; fit U_n(window) to U_1(full cycle 1) by scale/offset.
Capacity = C_ref / k.
"""
import sys
from common import *
D = cells()

def tau_cycle1(c, C=None):
    L = np.where(c['load'])[0]; iend = L[-1]
    if len(c['t']) - iend < 6 and C is not None:   # B0006 cycle 1 ends under load: first cycle with a cooling tail
        return tau_cycle1(next(cc for cc in C.values() if len(cc['t']) - np.where(cc['load'])[0][-1] >= 6))
    t = c['t'][iend+1:]; T = c['T'][iend+1:]; Ta = c['T'][0]
    return -(t[-1]-t[0]) / np.log((T[-1]-Ta)/(T[0]-Ta))

def pseudo_ocv(c, Cth, tau, win_s):
    L = c['load']; Ta = c['T'][0]
    t, T, V, I = c['t'][L], c['T'][L], c['V'][L], -c['I'][L]
    Ts, dT = smooth_deriv(t, T, win_s)
    eta = Cth / I * (dT + (Ts - Ta) / tau)
    return c['q'][L], V + eta, eta, np.where(L)[0]

def run(Cth, win_s=120.0, vhi=3.9, vlo=3.5, tau=None, verbose=False):
    errs = {}
    for cell, C in D.items():
        c1 = C[1]; tau1 = tau or tau_cycle1(c1, C)
        qr, Ur, _, _ = pseudo_ocv(c1, Cth, tau1, win_s)
        e = []
        for n, c in C.items():
            q, U, eta, li = pseudo_ocv(c, Cth, tau1, win_s)
            w = window(c, vhi, vlo)
            m = np.isin(li, w)
            k, a, rms = fit_scale_offset(q[m], U[m], qr, Ur)
            est = c1['cap'] / k
            e.append(100 * (est - c['cap']) / c['cap'])
            if verbose and n in (1, 2, 20, 50, 100, 150, 168):
                print(cell, n, 'k %.3f a %.3f rms %.4f est %.3f true %.3f  eta mean %.3f' % (k, a, rms, est, c['cap'], eta[m].mean()))
        errs[cell] = e
    return errs

if __name__ == '__main__':
    print('tau cycle1', {k: round(tau_cycle1(C[1], C)) for k, C in D.items()})
    summarize('baseline: no compensation (Cth=0)', run(0.0, verbose=True))
    for Cth in (30.0, 40.0, 50.0):
        summarize('thermal Cth=%g J/K' % Cth, run(Cth, verbose=(Cth == 40.0)))
