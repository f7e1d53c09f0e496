"""Cross-cell (allowed only if reported as such): one coefficient fitted on the other cell's capacities.
Models in x = W_n/W_1 (window charge ratio, 3.9-3.5 V) and y = C_n/C_1:
  lin:      y = 1 - b*(1 - x)                 (b=1 would be ... C1*W... ; balance method is b = W1/C1)
  lin2:     y = a + b*x (2 coefficients)
  +step:    y = 1 - b*(1 - x) + g*I*dR/C1     (2 coefficients, dR = step resistance growth)"""
from method_outside_corr import *

def feats(C, vhi=3.9, vlo=3.5):
    c1 = C[1]; W1 = crossing(c1, vlo) - crossing(c1, vhi); R1 = r_step(c1)
    x = np.array([(crossing(c, vlo) - crossing(c, vhi)) / W1 for c in C.values()])
    r = np.array([2.0 * (r_step(c) - R1) / c1['cap'] for c in C.values()])
    y = np.array([c['cap'] / c1['cap'] for c in C.values()])
    return x, r, y

F = {cell: feats(C) for cell, C in D.items()}
def ev(name, design):
    out = {}
    for test, train in (('B0005', 'B0006'), ('B0006', 'B0005')):
        Xtr, ytr = design(*F[train][:2]), F[train][2]
        coef, *_ = np.linalg.lstsq(Xtr, ytr - 1 if name.startswith('lin1') or 'step' in name else ytr, rcond=None)
        Xte, yte = design(*F[test][:2]), F[test][2]
        yhat = Xte @ coef + (1 if name.startswith('lin1') or 'step' in name else 0)
        out[test] = 100 * (yhat - yte) / yte
        print('   fitted on %s: coef %s' % (train, np.round(coef, 3)))
    summarize(name, out)

ev('lin1 cross-cell: y=1-b(1-x)', lambda x, r: (x - 1)[:, None])
ev('lin2 cross-cell: y=a+bx', lambda x, r: np.c_[np.ones_like(x), x])
ev('lin1+step cross-cell: y=1-b(1-x)+g*dR', lambda x, r: np.c_[x - 1, r])
print('balance method is b = W1/C1 =', {k: round(crossing(C[1],3.5)-crossing(C[1],3.9), 3) for k, C in D.items()})
