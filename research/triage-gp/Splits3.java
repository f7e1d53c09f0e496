import io.voltrace.analytics.triage.PulseCsv;
import io.voltrace.analytics.triage.TriageValidation;
import java.nio.file.Path;

/**
 * Splits.java with three decimals. Runs the product's TriageValidation (what `voltrace triage validate` runs) from the analytics classes, without
 * building the CLI: java -cp analytics/target/classes:DEPS research/triage-lmo/Splits.java FILE SEED [SPLITS].
 */
public class Splits3 {
    public static void main(String[] a) {
        PulseCsv.Table t = PulseCsv.read(Path.of(a[0]), true);
        int splits = a.length > 2 ? Integer.parseInt(a[2]) : 20;
        long t0 = System.nanoTime();
        TriageValidation.Result r = new TriageValidation(splits, 0.3, "-", Long.parseLong(a[1])).run(t.tests(),
                s -> { });
        System.out.printf("%s seeds %s..%d, %d batteries, %.0f s wall%n", a[0], a[1], Long.parseLong(a[1]) + splits - 1,
                r.batteries(), (System.nanoTime() - t0) / 1e9);
        System.out.println("| SOC % | triage MAE | inside ±2σ | ridge MAE |");
        r.triage().forEach((soc, x) -> System.out.printf("| %.0f | %.3f %% | %.1f %% | %.3f %% |%n", soc, x.mae(),
                100 * x.within2Sigma(), r.baseline().get(soc).mae()));
        System.out.printf("| **all** | **%.3f %%** | **%.1f %%** | %.3f %% |%n", r.triageAll().mae(),
                100 * r.triageAll().within2Sigma(), r.baselineAll().mae());
        System.out.println("refused by the envelope check (still scored): " + r.refused());
    }
}
