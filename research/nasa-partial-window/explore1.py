from load import *
D = cells()
for k, C in D.items():
    for n in (1, 2, 10, 50, 100, 150, 168):
        c = C[n]; w = window(c)
        V, T, t, q = c['V'], c['T'], c['t'], c['q']
        print(k, n, 'cap %.3f' % c['cap'], 'npts', len(t), 'dt med %.1f' % np.median(np.diff(t)),
              'win pts', len(w), 'Wq %.3f' % (q[w[-1]] - q[w[0]]), 'q0 %.3f' % q[w[0]],
              'T0 %.2f Twin %.2f->%.2f Tmax %.2f' % (T[0], T[w[0]], T[w[-1]], T.max()),
              'first V', np.round(V[:4], 3), 't', np.round(t[:4], 1))
