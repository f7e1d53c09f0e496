"""(e) DVA feature spacing, local-extremum detection. P1 = small dq/dV peak (local max of dV/dq, i.e. flattest local
point) between 3.65 and 3.9 V; P3 = main dq/dV peak (flattest point) between 3.2 and 3.55 V. Both positions are in q,
hence blind to a uniform voltage shift. C = C1 * (qP3 - qP1)_n / (qP3 - qP1)_1."""
from method_outside_corr import *
from scipy.signal import find_peaks
from dva_features import dvdq

def feats(c, hw=0.04):
    g, d, v = dvdq(c, hw)
    pk, pr = find_peaks(d, prominence=0.005)
    m1 = [p for p in pk if 3.62 < v[p] < 3.92]
    i1 = max(m1, key=lambda p: pr['prominences'][list(pk).index(p)]) if m1 else None
    m3 = (v > 3.2) & (v < 3.55); i3 = np.where(m3)[0][np.argmax(d[m3])]
    return (g[i1] if i1 is not None else np.nan), (v[i1] if i1 is not None else np.nan), g[i3], v[i3]

if __name__ == '__main__':
    for hw in (0.03, 0.04, 0.06):
        for cell, C in D.items():
            F = {n: feats(c, hw) for n, c in C.items()}
            s1 = F[1][2] - F[1][0]; e = []
            for n, c in C.items():
                s = F[n][2] - F[n][0]; e.append(100 * (C[1]['cap'] * s / s1 - c['cap']) / c['cap'])
                if hw == 0.04 and (n % 20 == 1 or n == 168):
                    print(cell, n, 'cap %.3f P1 q %.3f V %.3f  P3 q %.3f V %.3f spacing %.3f' % ((c['cap'],) + F[n] + (s,)))
            e = np.array(e); ok = ~np.isnan(e)
            if ok.sum()>0: print("hw %.2f" % hw, cell, 'P1->P3 spacing ratio: found %d/168 MAE %.2f%% max %.2f%% bias %+.2f%%' % (ok.sum(), np.mean(abs(e[ok])), np.max(abs(e[ok])), np.mean(e[ok])))
