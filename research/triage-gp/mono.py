import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np, study as S
from load import load
ids, soc, soh, U = load(sys.argv[1]); F = S.feats(U, soc); bat = np.unique(ids)
for seed in (101, 102, 103):
    rng = np.random.default_rng(seed); b = bat.copy(); rng.shuffle(b)
    cal = set(b[:max(2, round(.3 * len(b)))]); tr = np.array([i in cal for i in ids]); te = ~tr
    k = min(5, len(cal)); fold = S.folds_of(ids[tr], k, np.random.default_rng(seed))
    X = S.mat(F, ['SOC', 'U1'], tr); e0, ls, lam, _ = S.backbone(X, soh[tr], fold, k)
    m = S.krr_fit(X, soh[tr], [ls, ls], lam)
    Xt = S.mat(F, ['SOC', 'U1'], te); h = 0.002
    d = (S.krr_pred(m, Xt + [0, h]) - S.krr_pred(m, Xt - [0, h])) / (2 * h)
    print(seed, ls, lam, 'dSOH/dU1 >0 share %.3f' % (d > 0).mean(), 'median %.0f' % np.median(d))
