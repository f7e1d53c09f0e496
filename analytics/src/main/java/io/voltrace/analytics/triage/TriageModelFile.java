package io.voltrace.analytics.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Writes and reads the versioned JSON model file; a file of another format or a newer version is refused. */
public final class TriageModelFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a later minor addition stays readable

    private TriageModelFile() {
    }

    public static void write(Path file, TriageModel model) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writeValueAsString(model));
    }

    public static String toJson(TriageModel model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static TriageModel read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such model file; make one with 'voltrace triage "
                    + "calibrate'");
        }
        return parse(text, file.toString());
    }

    public static TriageModel parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !TriageModel.FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(source + ": not a pulse-triage model (\"format\" should be \""
                    + TriageModel.FORMAT + "\")");
        }
        int version = root.path("version").asInt(-1);
        if (version != TriageModel.VERSION) {
            throw new IllegalArgumentException(source + ": model file version " + version + ", this voltrace reads "
                    + "version " + TriageModel.VERSION + "; calibrate the model again with this voltrace");
        }
        TriageModel model;
        try {
            model = JSON.treeToValue(root, TriageModel.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": damaged model file: " + e.getMessage());
        }
        if (model.members() == null || model.members().isEmpty() || model.sigma() == null
                || model.sigma().length == 0 || model.voltages() == null
                || model.voltages().length != PulseTest.VOLTAGES || model.ocvBySoc() == null
                || model.ocvBySoc().length == 0 || !membersConsistent(model)) {
            throw new IllegalArgumentException(source + ": damaged model file: a part is missing or inconsistent; "
                    + "calibrate again");
        }
        return model;
    }

    /** Every regression whole (inputs, widths, points and weights agree) and the weights an average. */
    private static boolean membersConsistent(TriageModel model) {
        double sum = 0;
        for (TriageModel.Member m : model.members()) {
            KernelRidge r = m.regression();
            if (m.inputs() == null || m.inputs().isEmpty() || m.inputs().contains(null) || r == null
                    || r.alpha() == null || r.points() == null || r.alpha().length != r.points().length
                    || r.lengthScales() == null || r.lengthScales().length != m.inputs().size()
                    || r.linear() == null || r.linear().length != m.inputs().size() + 1 || !(m.weight() >= 0)) {
                return false;
            }
            sum += m.weight();
        }
        return Math.abs(sum - 1) < 1e-3;
    }
}
