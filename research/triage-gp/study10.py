"""Robust (Huber, by iteratively reweighted) kernel ridge members, development splits 101..120 only: a few
calibration batteries whose OCV sits apart from the rest (leave-one-out offsets up to 5-6 points) pull a
least-squares fit toward them. Usage: HUBER=1.5 python3 study10.py FILE method ..."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import numpy as np
import study as S
import study9

DELTA = float(os.environ.get('HUBER', '1.5'))
_plain = S.krr_fit


def krr_huber(x, y, ls, lam):
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-12] = 1
    z = (x - mu) / sd
    p = np.hstack([np.ones((len(z), 1)), z])
    K0 = S.kern(z, z, np.asarray(ls, float))
    wts = np.ones(len(y))
    for _ in range(int(os.environ.get('IRLS', '5'))):
        W = wts[:, None]
        w = np.linalg.solve((p * W).T @ p + 1e-3 * np.eye(p.shape[1]), (p * W).T @ y)
        r = y - p @ w
        a = np.linalg.solve(K0 + lam * np.diag(1 / wts), r)
        fit = p @ w + K0 @ a
        res = np.abs(y - fit)
        wts = np.minimum(1, DELTA / np.maximum(res, 1e-9))
    return (mu, sd, w, z, a, np.asarray(ls, float))


S.krr_fit = krr_huber
if __name__ == '__main__':
    S.main()
