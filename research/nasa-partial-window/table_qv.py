"""Remaining charge to NASA's end (cap - q) at voltage crossings, per cycle: where along the curve is capacity lost?"""
from method_outside_corr import *
Vs = (3.95, 3.9, 3.8, 3.7, 3.6, 3.5, 3.4, 3.3, 3.2, 3.0)
for cell, C in D.items():
    print(cell, 'cap  q(V) from start | remaining cap-q(V)   Vs=', Vs)
    for n in (1, 2, 10, 30, 50, 70, 90, 110, 130, 150, 168):
        c = C[n]; qs = [crossing(c, v) for v in Vs]
        print('%3d %.3f ' % (n, c['cap']) + ' '.join('%5.3f' % x for x in qs) + ' | ' + ' '.join('%5.3f' % (c['cap'] - x) for x in qs))
