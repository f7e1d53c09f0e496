from method_outside_corr import *
for cell, C in D.items():
    c1 = C[1]; W1 = crossing(c1,3.5)-crossing(c1,3.9)
    print(cell)
    for n in list(range(1, 169, 6)):
        c = C[n]; L = np.where(c['load'])[0]; i = L[0]
        base = c1['cap'] - W1 + crossing(c,3.5)-crossing(c,3.9)
        need = (c['cap'] - base) / slope_at(c, 3.5)
        print(n, 't_rest %.1f t_load %.1f dtfirst %.1f Rstep %.4f T %.1f  V1 %.3f V2 %.3f V3 %.3f  need_deta %+.4f' % (
            c['t'][i-1], c['t'][i], c['t'][i+1]-c['t'][i], r_step(c), c['T'][i], c['V'][i], c['V'][i+1], c['V'][i+2], need))
