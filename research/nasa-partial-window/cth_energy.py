"""Heat capacity Cth from an energy balance over one closed loop (B0005 charge 2 + discharge 2; charge 2 starts from
the relaxed end of discharge 1 and discharge 2 ends at the same 2.7 V cutoff): heat = E_in - E_out, and
heat/Cth = sum over the two records of [T_last - T_first + integral (T - Ta) dt / tau] (stored heat left at a record's
end dissipates in the gap). Entropic heat cancels over a closed loop. tau from discharge 1's cooling tail."""
import numpy as np
from load import ROOT, load_cell, add_q
from method_a_thermal import tau_cycle1
c5 = {n: add_q(c) for n, c in load_cell('B0005').items()}
tau = tau_cycle1(c5[1])
a = np.genfromtxt(f'{ROOT}/charge_cycles_sample/B0005_charge_2.csv', delimiter=',', names=True)
d = c5[2]; Ta = d['T'][0]
E_in = np.trapezoid(a['voltage'] * a['current'], a['charge_time'])          # J (current > 0 charging)
E_out = np.trapezoid(d['V'] * -d['I'], d['t'])
Q_in = np.trapezoid(a['current'], a['charge_time']) / 3600; Q_out = np.trapezoid(-d['I'], d['t']) / 3600
def h(t, T): return T[-1] - T[0] + np.trapezoid(T - Ta, t) / tau
H = h(a['charge_time'], a['temperature']) + h(d['t'], d['T'])
print('tau %.0f s  Ta %.2f  E_in %.0f J  E_out %.0f J  Q_in %.3f Ah Q_out %.3f Ah' % (tau, Ta, E_in, E_out, Q_in, Q_out))
print('heat %.0f J; thermal integral %.2f K  ->  Cth = %.1f J/K' % (E_in - E_out, H, (E_in - E_out) / H))
# charge-balance mismatch (coulombic) biases the loop: correct with the energy of the excess charge at ~3.7 V
dE = (Q_in - Q_out) * 3600 * 3.7
print('with the loop closed in charge (excess %.3f Ah at 3.7 V removed): Cth = %.1f J/K' % (Q_in - Q_out, (E_in - E_out - dE) / H))
hc, hd = h(a['charge_time'], a['temperature']), h(d['t'], d['T'])
print('parts: charge %.2f K (%.0f s, T first/last/min %.2f/%.2f/%.2f), discharge %.2f K' % (hc, a['charge_time'][-1], a['temperature'][0], a['temperature'][-1], a['temperature'].min(), hd))
for dTa in (-0.5, 0.5):
    Ta2 = Ta + dTa
    H2 = sum(T[-1] - T[0] + np.trapezoid(T - Ta2, t) / tau for t, T in ((a['charge_time'], a['temperature']), (d['t'], d['T'])))
    print('Ta %+.1f K -> Cth %.1f J/K' % (dTa, (E_in - E_out - dE) / H2))
