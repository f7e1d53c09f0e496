"""Bagging (issue #14 follow-up), development splits 101..120 only: the calibration batteries are resampled with
replacement B times (by battery), #5's whole method (its own inner CV, settings and weights) is fitted on each, and
the estimates averaged: with 28 batteries the discrete choice of width and penalty, and the fit, vary from sample to
sample. Usage: BAGS=8 python3 study14.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

BAGS = int(os.environ.get('BAGS', '8'))


def bag(F, U, soc, soh, tr, te, ids, fold, k):
    base = S.METHODS['ampraw']
    p0, sig = base(F, U, soc, soh, tr, te, ids, fold, k)
    cal = np.unique(ids[tr])
    preds = [p0]
    for b in range(1, BAGS):
        rng = np.random.default_rng(7919 * b)
        pick = rng.choice(cal, len(cal), replace=True)
        # duplicate batteries get new ids so they are rows of distinct 'batteries' in folds
        rows = np.concatenate([np.nonzero(ids == c)[0] for c in pick])
        ids_b = np.concatenate([np.array(['%s#%d' % (c, j)] * (ids == c).sum()) for j, c in enumerate(pick)])
        Fb = {n: np.concatenate([v[rows], v[te]]) for n, v in F.items()}
        Ub = np.concatenate([U[rows], U[te]])
        socb = np.concatenate([soc[rows], soc[te]])
        sohb = np.concatenate([soh[rows], soh[te]])
        trb = np.concatenate([np.ones(len(rows), bool), np.zeros(te.sum(), bool)])
        idsb = np.concatenate([ids_b, ids[te]])
        # a duplicated battery must sit in one fold: fold by the original battery
        orig = np.array([s.split('#')[0] for s in ids_b])
        foldb = S.folds_of(orig, k, np.random.default_rng(b))
        preds.append(base(Fb, Ub, socb, sohb, trb, ~trb, idsb, foldb, k)[0])
    return np.mean(preds, 0), sig


S.METHODS['bag'] = bag
if __name__ == '__main__':
    S.main()
