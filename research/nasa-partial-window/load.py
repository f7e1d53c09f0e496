"""Shared loader for NASA B0005/B0006 discharge CSVs (read in place)."""
import glob, os, re
import numpy as np
# ../shared/data beside the project folder, read in place (override with NASA_AGING_DIR).
ROOT = os.environ.get('NASA_AGING_DIR', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'data', 'aging-nasa'))

def load_cell(cell):
    out = {}
    for f in glob.glob(f'{ROOT}/discharge_cycles/{cell}/dis_*_cap_*.csv'):
        m = re.search(r'dis_(\d+)_cap_([0-9.eE-]+)\.csv', os.path.basename(f))
        n, cap = int(m.group(1)), float(m.group(2))
        a = np.genfromtxt(f, delimiter=',', names=True)
        out[n] = dict(cap=cap, V=a['voltage'], I=a['current'], T=a['temperature'],
                      t=a['discharge_time'], Vl=a['voltage_load'], Il=a['current_load'])
    return dict(sorted(out.items()))

def add_q(c):
    """Discharged charge q [Ah] (trapezoid of -current while |I|>0.5 A), monotone."""
    I = -c['I']; t = c['t']
    Ion = np.where(np.abs(I) > 0.5, I, 0.0)
    dq = 0.5 * (Ion[1:] + Ion[:-1]) * np.diff(t) / 3600.0
    c['q'] = np.concatenate([[0.0], np.cumsum(dq)])
    c['load'] = np.abs(I) > 0.5
    return c

def window(c, vhi=3.9, vlo=3.5):
    """Indices of loaded readings from first <= vhi to last >= vlo (before cutoff)."""
    V = c['V']; L = c['load']
    idx = np.where(L)[0]
    i0 = idx[np.argmax(V[idx] <= vhi)]
    after = idx[idx >= i0]
    # last reading >= vlo before voltage first drops below vlo
    below = after[V[after] < vlo]
    i1 = (below[0] - 1) if len(below) else after[-1]
    return np.arange(i0, i1 + 1)

def cells():
    return {k: {n: add_q(c) for n, c in load_cell(k).items()} for k in ('B0005', 'B0006')}
