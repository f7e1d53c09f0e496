"""Diagnosis (uses the true capacity ONLY to measure, never to estimate): the voltage shift that, with the TRUE scale
k = C1/Cn, best lays the 3.9-3.5 V window on cycle 1's curve, against the in-window thermal estimate of overpotential
growth (Cth = 56 J/K from the cycle-1 energy balance) and the rest->load step growth (2 A x dR)."""
from method_outside_corr import *
from method_a_thermal import tau_cycle1
from method_b_thermal import heat_rate
from scipy.optimize import least_squares
CTH = 56.0
for cell, C in D.items():
    c1 = C[1]; L1 = c1['load']; qr, Vr = c1['q'][L1], c1['V'][L1]
    tau = tau_cycle1(c1, C); h1 = heat_rate(c1, 3.9, 3.5, tau); R1 = r_step(c1)
    print(cell, ' n   cap   oracle_shift_V  thermal_deta_V  step_deta_V')
    for n in range(1, 169, 12):
        c = C[n]; w = window(c); q, V = c['q'][w], c['V'][w]; k = c1['cap'] / c['cap']
        res = lambda p: np.interp(p[0] + k * (q - q[0]), qr, Vr) - (V + p[1])
        s = least_squares(res, (0.05, 0.0))
        I = -c['I'][np.where(c['load'])[0][0]]
        print('%3d %.3f   %+.3f          %+.3f           %+.3f' % (n, c['cap'], s.x[1], CTH / I * (heat_rate(c, 3.9, 3.5, tau) - h1), I * (r_step(c) - R1)))
