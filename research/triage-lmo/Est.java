import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.triage.PulseCsv;
import io.voltrace.analytics.triage.PulseTest;
import io.voltrace.analytics.triage.TriageGrade;
import io.voltrace.analytics.triage.TriageModel;
import io.voltrace.analytics.triage.TriageModelFile;
import java.nio.file.Path;

/** One row's estimate as `voltrace triage estimate` prints it: java -cp … Est.java MODEL CSV ID SOC. */
public class Est {
    public static void main(String[] a) throws Exception {
        TriageModel m = TriageModelFile.read(Path.of(a[0]));
        for (PulseTest t : PulseCsv.read(Path.of(a[1]), false).tests()) {
            if (t.id().equals(a[2]) && t.soc() == Double.parseDouble(a[3])) {
                TriageModel.Estimate e = m.estimate(t);
                System.out.printf("%s soc %.0f soh %.1f uncertainty %.1f grade %s check %s%n", t.id(), t.soc(),
                        e.soh(), e.uncertainty(), TriageGrade.of(e.soh(), e.uncertainty(),
                                GradingPolicy.defaults()).grade(), m.check(t));
            }
        }
    }
}
