package io.voltrace.analytics.soh.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.evidence.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellModelsTest {

    @TempDir
    Path dir;

    private static CellModel model(String sigmaSource) {
        WindowSet charge = new WindowSet(Direction.CHARGE, 0.5, 0.3,
                List.of(new WindowFit(3.7, 0.1, 2.0, 0.0, 0.01, 100, 0.2, 0.5)));
        return new CellModel(CellModel.FORMAT, CellModel.VERSION, "lco", 1.1, List.of("A", "B"), sigmaSource, charge,
                null);
    }

    @Test
    void aModelSurvivesItsFile() throws IOException {
        Path f = dir.resolve("m.json");
        CellModels.write(model("leave-one-cell-out"), f);
        assertThat(CellModels.read(f)).isEqualTo(model("leave-one-cell-out"));
    }

    @Test
    void anotherVersionOrNoModelAtAllIsRefusedWithWhatToDo() throws IOException {
        Path f = dir.resolve("m.json");
        CellModels.write(model("leave-one-cell-out"), f);
        Files.writeString(f, Files.readString(f).replace("\"version\" : 1", "\"version\" : 7"));
        assertThatThrownBy(() -> CellModels.read(f)).hasMessageContaining("version 7")
                .hasMessageContaining("soh calibrate");
        Files.writeString(f, "{\"a\": [1, 2");
        assertThatThrownBy(() -> CellModels.read(f)).hasMessageContaining("not a cell model");
    }

    @Test
    void theQuadraticIsRecoveredAndAGroupCanBeLeftOut() {
        double[] x = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 9};
        double[] y = new double[x.length];
        int[] group = {0, 0, 0, 0, 0, 0, 1};
        for (int i = 0; i < x.length; i++) {
            y[i] = 0.2 + 1.5 * x[i] - 0.7 * x[i] * x[i];
        }
        y[6] = 1000; // an outlier only in group 1
        double[] c = Quadratic.fit(x, y, group, 1);
        assertThat(c[0]).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c[1]).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c[2]).isCloseTo(-0.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Quadratic.fit(new double[]{1, 1, 1, 1}, new double[]{1, 2, 3, 4}, null, -1)).isNull();
    }
}
