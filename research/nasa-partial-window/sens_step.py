"""Sensitivity of the step-corrected balance (method B) to its free choices: slope span, window."""
from method_outside_corr import *
if __name__ == '__main__':
    for span in (0.03, 0.05, 0.10):
        summarize('B step, span %.2f V, 3.9-3.5' % span, run2(rfun=r_step, span=span))
    for hi, lo in ((4.0, 3.6), (3.9, 3.6), (3.8, 3.5), (3.8, 3.4), (3.9, 3.4), (3.7, 3.4)):
        summarize('A base, window %.1f-%.1f' % (hi, lo), run(vhi=hi, vlo=lo))
        summarize('B step, window %.1f-%.1f' % (hi, lo), run2(vhi=hi, vlo=lo, rfun=r_step))
    e = run2(rfun=r_step)
    for cell in e:
        a = np.array(e[cell])
        print(cell, 'by 20-cycle block MAE:', ' '.join('%.1f' % np.mean(np.abs(a[i:i+20])) for i in range(0, 168, 20)),
              '| cycles |err|>2%%: %d, >4%%: %d' % ((np.abs(a) > 2).sum(), (np.abs(a) > 4).sum()))
