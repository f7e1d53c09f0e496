import io.voltrace.analytics.triage.PulseCsv;
import io.voltrace.analytics.triage.TriageCalibrator;
import io.voltrace.analytics.triage.TriageModel;
import io.voltrace.analytics.triage.TriageModelFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** What `voltrace triage calibrate` fits on a whole file, summarised: java -cp … Fit.java FILE OUT.json. */
public class Fit {
    public static void main(String[] a) throws Exception {
        PulseCsv.Table t = PulseCsv.read(Path.of(a[0]), true);
        TriageModel m = new TriageCalibrator("-", 1).calibrate(t.tests(), a[0], t.material());
        TriageModelFile.write(Path.of(a[1]), m);
        System.out.println(m.calibration());
        System.out.printf("members %d, weights %.3f-%.3f, sigma %.2f %% at %.0f %% SOC to %.2f %% at %.0f %%, file %d kB%n",
                m.members().size(), m.members().stream().mapToDouble(TriageModel.Member::weight).min().orElseThrow(),
                m.members().stream().mapToDouble(TriageModel.Member::weight).max().orElseThrow(), m.sigma()[0][1],
                m.sigma()[0][0], m.sigma()[m.sigma().length - 1][1], m.sigma()[m.sigma().length - 1][0],
                Files.size(Path.of(a[1])) / 1024);
    }
}
