package io.voltrace.analytics.soh.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@link CellModel} files, refusing other formats and versions with the reason. */
public final class CellModels {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private CellModels() {
    }

    public static void write(CellModel model, Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(model) + "\n");
    }

    public static String toJson(CellModel model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CellModel read(Path file) throws IOException {
        CellModel m;
        try {
            m = JSON.readValue(file.toFile(), CellModel.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a cell model (" + e.getOriginalMessage()
                    + "); make one with 'voltrace soh calibrate'");
        }
        if (!CellModel.FORMAT.equals(m.format())) {
            throw new IllegalArgumentException(file + ": format '" + m.format() + "' is not " + CellModel.FORMAT
                    + "; make one with 'voltrace soh calibrate'");
        }
        if (m.version() != CellModel.VERSION) {
            throw new IllegalArgumentException(file + ": cell model version " + m.version() + ", this voltrace reads "
                    + "version " + CellModel.VERSION + "; recalibrate with 'voltrace soh calibrate'");
        }
        if (!(m.nominalAh() > 0) || (m.charge() == null && m.discharge() == null)) {
            throw new IllegalArgumentException(file + ": cell model without nominal capacity or windows");
        }
        return m;
    }
}
