"""Shared loading for the LMO triage studies (issue #5 session): reads ../shared/data in place."""
import csv, os
import numpy as np

DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'retired-pulse')


def load(name):
    rows = list(csv.DictReader(open(os.path.join(DATA, name))))
    ids = [r['ID'].split('-')[0] if name.startswith('NMC') else r['ID'] for r in rows]
    soc = np.array([float(r['SOC']) for r in rows])
    soh = np.array([float(r['SOH']) for r in rows]) * 100
    U = np.array([[float(r['U%d' % k]) for k in range(1, 22)] for r in rows])
    return np.array(ids), soc, soh, U
