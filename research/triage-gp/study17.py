"""#5's method with a narrower extra width offered (0.5 besides 1, 2, 5, 20), development splits 101..120 only."""
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'triage-lmo'))
import study as S
import study9
S.EXTRA_W = [0.5, 1, 2, 5, 20]
S.METHODS['w05'] = study9.run(study9.BASE)
if __name__ == '__main__':
    S.main()
