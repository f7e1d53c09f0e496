#!/bin/sh
# Re-run every experiment of REPORT.md (NumPy 2.x + SciPy; data read in place from ../shared/data/aging-nasa beside the project).
# Total ~10 min on one core; method_a_thermal.py is the slow one (~4-8 min).
cd "$(dirname "$0")"
set -e
python3 method_outside_corr.py      # balance (prior) + step-shift correction            (B)
python3 sens_step.py                # B: slope span, window edges
python3 method_b_step_aligned.py    # B with time-aligned step resistance
python3 cth_energy.py               # Cth from a closed charge+discharge energy loop
python3 method_b_thermal.py         # B with in-window thermal d_eta
python3 diag_shift_vs_heat.py       # diagnosis: needed shift vs thermal / step estimates
python3 method_c_drift.py           # (c) linear-in-q polarisation, curvature-only fit
python3 dva_features2.py            # (e) DVA feature spacing
python3 method_d_charge.py          # (d) partial charge windows (6 staged B0005 charges)
python3 cross_cell.py               # cross-cell regressions
python3 method_a_thermal.py         # (a) thermal compensation + scale/offset fit, Cth 0/30/40/50
python3 method_a_run56.py           # (a) with Cth = 56 J/K
