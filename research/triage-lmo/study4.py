"""More pulse quantities offered next to the per-amplitude ohmic jumps (development splits 101..120 only):
charge/discharge asymmetry, OCV shift after net-zero pulse pairs, relaxation-to-jump ratios.
Usage: python3 study4.py LMO_10Ah.csv method ..."""
import study as S
import study2 as T


def add_more(G, U, soc, soh, tr):
    T.add_amp_raw(G, U, soc, soh, tr)
    G['A05'] = G['R05c'] - G['R05d']
    G['A1'] = G['R1c'] - G['R1d']
    G['Z1'] = U[:, 8] - U[:, 0]    # U9 - U1: after +0.5C then -0.5C (net zero charge)
    G['Z2'] = U[:, 16] - U[:, 8]   # U17 - U9: after +1C then -1C
    # relaxation over each rest relative to the jump that started the pulse
    G['SH1'] = (U[:, 3] - U[:, 4]) / (U[:, 1] - U[:, 0])
    G['SH3'] = (U[:, 19] - U[:, 20]) / (U[:, 17] - U[:, 16])


BASE = S.EX + T.AMP
S.METHODS['+asym'] = lambda *a: T.run(*a, BASE + ['A05', 'A1'], add_more)
S.METHODS['+ocvz'] = lambda *a: T.run(*a, BASE + ['Z1', 'Z2'], add_more)
S.METHODS['+shape'] = lambda *a: T.run(*a, BASE + ['SH1', 'SH3'], add_more)
if __name__ == '__main__':
    S.main()
