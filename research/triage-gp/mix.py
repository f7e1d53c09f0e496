"""Held-out predictions of several candidates on the development splits 101..120, then the MAE of fixed mixtures
(a look at how correlated their errors are, not a choice of weights). Usage: python3 mix.py FILE m1 m2 ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S, study2, study7, study8, ridge, study19
from load import load

name, methods = sys.argv[1], sys.argv[2:]
ids, soc, soh, U = load(name)
F = S.feats(U, soc)
bat = np.unique(ids)
P = {m: [] for m in methods}; Y = []; SOC = []
for seed in range(101, 121):
    rng = np.random.default_rng(seed); b = bat.copy(); rng.shuffle(b)
    cal = set(b[:max(2, round(.3 * len(b)))]); tr = np.array([i in cal for i in ids]); te = ~tr
    k = min(5, len(cal)); fold = S.folds_of(ids[tr], k, np.random.default_rng(seed))
    for m in methods:
        P[m].append(S.METHODS[m](F, U, soc, soh, tr, te, ids, fold, k)[0])
    Y.append(soh[te]); SOC.append(soc[te])
Y = np.concatenate(Y); SOC = np.concatenate(SOC)
P = {m: np.concatenate(v) for m, v in P.items()}
np.savez('mix_%s.npz' % name.split('_')[0], y=Y, soc=SOC, **P)
for m in methods:
    print(m, 'MAE %.3f' % np.abs(P[m] - Y).mean())
a = methods[0]
for m in methods[1:]:
    print(a, m, 'err corr %.2f' % np.corrcoef(P[a] - Y, P[m] - Y)[0, 1],
          ' '.join('w%.1f:%.3f' % (w, np.abs(w * P[a] + (1 - w) * P[m] - Y).mean()) for w in (.9, .8, .7, .6, .5)))
