import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np, study as S, study2 as T
from load import load
ids, soc, soh, U = load(sys.argv[1]); F = S.feats(U, soc); T.add_amp_raw(F, U, soc, soh, None)
bat = np.unique(ids); fold = S.folds_of(ids, 10, np.random.default_rng(1))
X = S.mat(F, ['SOC', 'U1'], np.ones(len(ids), bool))
p = S.oof(X, soh, fold, 10, [0.5, 0.5], 0.01); e = p - soh
bm = np.array([e[ids == b].mean() for b in bat]); bs = np.array([e[ids == b].std() for b in bat])
print('MAE', np.abs(e).mean(), 'battery-mean sd', bm.std(), 'within sd', np.sqrt((bs**2).mean()))
print('battery mean residual sorted', np.round(np.sort(bm), 1))
sohb = np.array([soh[ids == b][0] for b in bat])
print('corr bm vs soh', np.corrcoef(bm, sohb)[0, 1])
# correlate per-battery mean residual with per-battery mean of each raw U difference at each SOC level
names = list(F.keys())
for n in names:
    v = np.array([F[n][ids == b].mean() for b in bat])
    print(n, 'corr %.2f' % np.corrcoef(bm, v)[0, 1])
# pairwise diffs of U at SOC level 25
for l in (10, 25, 45):
    m = soc == l
    best = []
    for i in range(21):
        for j in range(i + 1, 21):
            v = U[m, j] - U[m, i]
            best.append((abs(np.corrcoef(e[m], v)[0, 1]), i + 1, j + 1))
    best.sort(reverse=True); print('SOC', l, [(round(c, 2), i, j) for c, i, j in best[:6]])
