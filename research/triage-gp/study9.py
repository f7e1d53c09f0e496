"""Turn-off jumps (issue #14 follow-up), development splits 101..120 only: the voltage step when each pulse's current
stops (U3-U4, U7-U8, U11-U12, U15-U16, U19-U20), per C: the ohmic resistance at the pulse's end, after 5 s of
current, which the start jumps (the per-amplitude R0 of #5) do not see. Offered next to #5's chosen candidates.
Usage: python3 study9.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study2 as T

OFF = {'F05c': (2, 3, .5, 1), 'F05d': (6, 7, .5, -1), 'F1c': (10, 11, 1, 1), 'F1d': (14, 15, 1, -1),
       'F15c': (18, 19, 1.5, 1)}
NET = {'N05c': (1, 3, .5, 1), 'N05d': (5, 7, .5, -1), 'N1c': (9, 11, 1, 1), 'N1d': (13, 15, 1, -1),
       'N15c': (17, 19, 1.5, 1)}


def add(G, U, soc, soh, tr):
    T.add_amp_raw(G, U, soc, soh, tr)
    for nm, (a, b, c, sgn) in OFF.items():
        G[nm] = sgn * (U[:, a] - U[:, b]) / c
    G['ROFF'] = sum(G[n] for n in OFF) / 5
    # rest start minus pulse start: polarisation left once the ohmic part is gone (ohmic off vs on asymmetry)
    for nm, (a, b, c, sgn) in NET.items():
        G[nm] = sgn * (U[:, b] - U[:, a]) / c
    G['RNET'] = sum(G[n] for n in NET) / 5


def run(extras):
    def f(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        add(G, U, soc, soh, tr)
        return S.stack(G, soc, soh, tr, te, fold, k, extras)
    return f


BASE = S.EX + T.AMP
S.METHODS['ampraw'] = run(BASE)
S.METHODS['+roff'] = run(BASE + ['ROFF'])
S.METHODS['+off'] = run(BASE + list(OFF))
S.METHODS['+rnet'] = run(BASE + ['RNET'])
S.METHODS['+net'] = run(BASE + list(NET))
S.METHODS['+off+net'] = run(BASE + list(OFF) + list(NET))
if __name__ == '__main__':
    S.main()
