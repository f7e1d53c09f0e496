"""Method A (thermal compensation + scale/offset fit) with Cth = 56 J/K from the cycle-1 energy balance (cth_energy.py)."""
import common
common.K0S = (1.0, 1.5, 2.0); common.A0S = (0.0, 0.1, 0.3)
import method_a_thermal as m
m.fit_scale_offset = common.fit_scale_offset
common.summarize('A thermal-compensated scale/offset fit, Cth=56 (cycle-1 energy balance)', m.run(56.0))
