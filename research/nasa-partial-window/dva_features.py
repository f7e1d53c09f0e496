"""(e) Differential-voltage features in q (position fixed to electrode stoichiometry, blind to a uniform voltage shift).
dV/dq from a local quadratic over +-hw Ah of loaded readings. Features: 
 P1 = dV/dq local minimum near 3.8 V (small dq/dV peak), 
 P2 = dV/dq local maximum after it (dq/dV valley, ~3.7-3.75 V), 
 P3 = dV/dq minimum of the main plateau (main dq/dV peak, 3.45 V new -> 3.3 V aged)."""
from method_outside_corr import *

def dvdq(c, hw=0.03):
    L = c['load']; q, V = c['q'][L], c['V'][L]
    g = np.arange(q[0] + hw, q[-1] - hw, 0.005); d = []; vv = []
    for x in g:
        m = np.abs(q - x) <= hw
        p = np.polyfit(q[m] - x, V[m], 2); d.append(p[1]); vv.append(p[2])
    return g, np.array(d), np.array(vv)

def features(c, hw=0.03):
    g, d, v = dvdq(c, hw)
    # P3: most negative-derivative-minimum in |dV/dq| over V in [3.2, 3.55]: main plateau flattest point
    m3 = (v > 3.2) & (v < 3.55); i3 = np.where(m3)[0][np.argmax(d[m3])]   # d<0; flattest = max(d)
    m1 = (v > 3.68) & (v < 3.9); i1 = np.where(m1)[0][np.argmax(d[m1])]
    m2 = (g > g[i1]) & (v > 3.6) & (g < g[i3]); i2 = np.where(m2)[0][np.argmin(d[m2])] if m2.any() else i1
    return g[i1], v[i1], g[i2], v[i2], g[i3], v[i3]

if __name__ == '__main__':
    res = {}
    for cell, C in D.items():
        print(cell, ' n   cap   qP1   VP1   qP2   VP2   qP3   VP3  | P3-P1  P3-P2  P2-P1')
        rows = []
        for n, c in C.items():
            f = features(c); rows.append((n, c['cap']) + f)
            if n % 15 == 1 or n == 168:
                print('%3d %.3f ' % (n, c['cap']) + ' '.join('%5.3f' % x for x in f) + ' | %.3f %.3f %.3f' % (f[4]-f[0], f[4]-f[2], f[2]-f[0]))
        res[cell] = np.array(rows)
    for cell, r in res.items():
        cap, c1 = r[:, 1], r[0, 1]
        for name, s in (('P3-P1', r[:, 6] - r[:, 2]), ('P3-P2', r[:, 6] - r[:, 4]), ('P2-P1', r[:, 4] - r[:, 2])):
            est = c1 * s / s[0]; e = 100 * (est - cap) / cap
            print(cell, 'C = C1 * spacing/spacing1 with', name, 'MAE %.2f%% max %.2f%% bias %+.2f%%' % (np.mean(abs(e)), np.max(abs(e)), np.mean(e)))
