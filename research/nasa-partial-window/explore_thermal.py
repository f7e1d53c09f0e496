"""Look at the cooling tail (load off) to get tau, and heat-rate per C in the window."""
from load import *
from scipy.optimize import curve_fit
D = cells()
for k, C in D.items():
    for n in (1, 2, 50, 100, 150, 168):
        c = C[n]; L = c['load']; idx = np.where(L)[0]; iend = idx[-1]
        t = c['t'][iend+1:]; T = c['T'][iend+1:]; Ta = c['T'][0]
        f = lambda tt, A, tau, Tinf: Tinf + A*np.exp(-(tt - t[0])/tau)
        p, _ = curve_fit(f, t, T, p0=(T[0]-Ta, 800, Ta), maxfev=20000)
        tau_fixedTa = -(t[-1]-t[0]) / np.log((T[-1]-Ta)/(T[0]-Ta))
        print(k, n, 'tail %d pts %.0f s' % (len(t), t[-1]-t[0]), 'free fit A %.2f tau %.0f Tinf %.2f' % tuple(p),
              ' tau(Ta=T0=%.2f) %.0f' % (Ta, tau_fixedTa))
