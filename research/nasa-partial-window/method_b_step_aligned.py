"""Balance + polarisation-shift correction with the step resistance read at a FIXED time after the last rest reading
(cycle 1 has 18.9 s between them; cycles sampled every 9.4 s would otherwise read the step ~10 s after load-on and
see less diffusion polarisation). R = (V_rest - V_loaded(t_rest + dt)) / I, V_loaded interpolated linearly."""
from method_outside_corr import *

def r_since_rest(c, dt=18.9):
    L = np.where(c['load'])[0]; i = L[0]
    tl, Vl = c['t'][L], c['V'][L]
    return (c['V'][i-1] - np.interp(c['t'][i-1] + dt, tl, Vl)) / (-c['I'][i])

if __name__ == '__main__':
    summarize('B step (first loaded reading), 3.9-3.5', run2(rfun=r_step))
    for dt in (18.9, 25.0, 30.0):
        summarize('B step at t_rest+%.1f s, 3.9-3.5' % dt, run2(rfun=lambda c, dt=dt: r_since_rest(c, dt)))
    e = run2(rfun=r_since_rest)
    for cell in e:
        a = np.array(e[cell])
        print(cell, 'by 20-cycle block MAE:', ' '.join('%.1f' % np.mean(np.abs(a[i:i+20])) for i in range(0, 168, 20)),
              '| |err|>2%%: %d, >4%%: %d' % ((np.abs(a) > 2).sum(), (np.abs(a) > 4).sum()))
    for hi, lo in ((3.9, 3.6), (3.8, 3.5), (3.8, 3.4), (3.7, 3.4), (3.9, 3.45), (3.9, 3.55)):
        summarize('  A base %.2f-%.2f' % (hi, lo), run(vhi=hi, vlo=lo))
        summarize('  B aligned step %.2f-%.2f' % (hi, lo), run2(vhi=hi, vlo=lo, rfun=r_since_rest))
