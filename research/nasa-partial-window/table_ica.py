"""dq/dV [Ah/V] of the loaded curve on a 25 mV grid (crossing-interpolated), to look for features usable in a window."""
from method_outside_corr import *
Vg = np.arange(4.0, 3.15, -0.025)
for cell, C in D.items():
    print(cell, 'V grid mid:', ' '.join('%5.2f' % v for v in 0.5 * (Vg[1:] + Vg[:-1])))
    for n in (1, 2, 20, 50, 80, 110, 140, 168):
        q = np.array([crossing(C[n], v) for v in Vg])
        print('%3d' % n, ' '.join('%5.2f' % x for x in np.diff(q) / 0.025))
