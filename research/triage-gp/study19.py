"""An offset-free backbone (issue #14 follow-up), development splits 101..120 only: the OCV slope at the battery's
true SOC (study15's SLOPE, from the six rests) does not see a shift of the battery's OCV curve, which U1 does; a
regression on (SOC, SLOPE) and its mixture with #5's method. Usage: python3 mix.py FILE ampraw slopeA slopeD"""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import study as S
import study9, study15


def run(backbone, extras):
    def f(F, U, soc, soh, tr, te, ids, fold, k):
        G = dict(F)
        study15.add(G, U, soc, soh, tr)
        G['U1'] = G[backbone]
        return S.stack(G, soc, soh, tr, te, fold, k, extras)
    return f


S.METHODS['slopeA'] = run('SLOPE', [])
S.METHODS['slopeD'] = run('SLOPE', ['R0', 'RP', 'RLX', 'R05c', 'R05d', 'R1c', 'R1d', 'R15c'])
