"""Combination variants over D2 + per-amplitude jumps (development splits 101..120 only): (a) one more candidate
with all five jumps together at a wide width; (b) prune: average only the candidates whose own inner-CV MAE beats
the backbone's (the backbone always kept). Usage: python3 study5.py FILE method ..."""
import numpy as np
import study as S
import study2 as T

EXTRAS = S.EX + T.AMP


def combo(F, U, soc, soh, tr, te, ids, fold, k, allamp=False, prune=False, margin=0.0):
    G = dict(F)
    T.add_amp_raw(G, U, soc, soh, tr)
    y = soh[tr]
    e0, ls, lam, p0 = S.backbone(S.mat(G, ['SOC', 'U1'], tr), y, fold, k)
    cands = [(['SOC', 'U1'], [ls, ls])]
    for f in EXTRAS:
        for w in S.EXTRA_W:
            cands.append((['SOC', 'U1', f], [ls, ls, w]))
    if allamp:
        for w in [5, 20]:
            cands.append((['SOC', 'U1'] + T.AMP, [ls, ls] + [w] * 5))
    P = np.column_stack([S.oof(S.mat(G, c, tr), y, fold, k, w, lam) for c, w in cands])
    if prune:
        mae = np.abs(P - y[:, None]).mean(0)
        keep = mae <= mae[0] * (1 - margin)
        keep[0] = True
        idx = np.nonzero(keep)[0]
        wt = np.zeros(len(cands))
        wt[idx] = S.simplex_ls(P[:, idx], y)
    else:
        wt = S.simplex_ls(P, y)
    res = P @ wt - y
    sig = S.sigma_table(soc[tr], res)
    pred = sum(wt[i] * S.krr_pred(S.krr_fit(S.mat(G, c, tr), y, w, lam), S.mat(G, c, te))
               for i, (c, w) in enumerate(cands) if wt[i] > 1e-6)
    return pred, np.array([sig[s] for s in soc[te]])


S.METHODS['allamp'] = lambda *a: combo(*a, allamp=True)
S.METHODS['prune'] = lambda *a: combo(*a, prune=True)
S.METHODS['allamp+prune'] = lambda *a: combo(*a, allamp=True, prune=True)
if __name__ == '__main__':
    S.main()
