"""Balance method with the polarisation growth taken from the window's own heating (in-window, idea a).
Window-mean heat per C: h = (T_end - T_start)/(t_end - t_start) + mean(T - Ta)/tau  [K/s]
d_eta = Cth/I * (h_n - h_1), Cth = 40 J/K (18650: ~45 g x ~0.9 J/(g K), physics, not fitted), tau from cycle 1 cooling tail.
C_n = C_1 - W_1 + W_n + d_eta * S_n(3.5 V).
"""
from method_outside_corr import *
from method_a_thermal import tau_cycle1

def heat_rate(c, vhi, vlo, tau):
    w = window(c, vhi, vlo); t, T = c['t'][w], c['T'][w]; Ta = c['T'][0]
    return (T[-1] - T[0]) / (t[-1] - t[0]) + np.trapezoid(T - Ta, t) / (t[-1] - t[0]) / tau

def run3(Cth=40.0, vhi=3.9, vlo=3.5, verbose=False, also_step=False):
    errs = {}
    for cell, C in D.items():
        c1 = C[1]; tau = tau_cycle1(c1, C); W = lambda c: crossing(c, vlo) - crossing(c, vhi)
        W1 = W(c1); h1 = heat_rate(c1, vhi, vlo, tau); R1 = r_step(c1)
        e = []
        for n, c in C.items():
            I = -c['I'][np.where(c['load'])[0][0]]
            deta = Cth / I * (heat_rate(c, vhi, vlo, tau) - h1)
            est = c1['cap'] - W1 + W(c) + deta * slope_at(c, vlo)
            e.append(100 * (est - c['cap']) / c['cap'])
            if verbose and n % 12 == 1:
                need = (c['cap'] - (c1['cap'] - W1 + W(c))) / slope_at(c, vlo)
                print(cell, n, 'deta_thermal %+.4f deta_step %+.4f needed %+.4f' % (deta, I * (r_step(c) - R1), need))
        errs[cell] = e
    return errs

if __name__ == '__main__':
    summarize('balance + thermal d_eta (Cth=40 J/K physics)', run3(verbose=True))
    for Cth in (20.0, 30.0, 50.0):
        summarize('  sensitivity Cth=%g' % Cth, run3(Cth))
