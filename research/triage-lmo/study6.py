"""U1 against its SOC trend (development splits 101..120 only): the backbone on (SOC, U1z), U1z = (U1 − calibration
mean U1 at that SOC) / calibration SD at that SOC, interpolated between levels, so the kernel resolves differences
within a SOC level instead of across the whole OCV curve. Usage: python3 study6.py FILE method ..."""
import numpy as np
import study as S
import study2 as T


def add_z(G, U, soc, soh, tr):
    T.add_amp_raw(G, U, soc, soh, tr)
    lv = np.unique(soc[tr])
    mu = np.array([G['U1'][tr][soc[tr] == l].mean() for l in lv])
    sd = np.array([G['U1'][tr][soc[tr] == l].std() for l in lv])
    G['U1'] = (G['U1'] - np.interp(soc, lv, mu)) / np.interp(soc, lv, sd)


S.METHODS['z'] = lambda *a: T.run(*a, [], add_z)
S.METHODS['zD2amp'] = lambda *a: T.run(*a, S.EX + T.AMP, add_z)
if __name__ == '__main__':
    S.main()
