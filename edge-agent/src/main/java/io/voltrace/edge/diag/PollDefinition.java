package io.voltrace.edge.diag;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A vehicle's diagnostic poll list, read from a poll-definition file ({@code polls/README.md} describes the format):
 * the ECUs, the requests and the layout of their responses, and which values feed the BMS model.
 *
 * @param name     the file's name without {@code .json}, or the shipped name
 * @param vehicle  free text
 * @param sources  where the layouts come from (free text, one entry per source)
 * @param modules  the ECUs
 * @param requests every request of every module, in file order
 */
public record PollDefinition(String name, String vehicle, List<String> sources, List<PollModule> modules,
                             List<PollRequest> requests) {

    /** The definitions shipped with the agent. */
    public static final List<String> SHIPPED = List.of("hyundai-kona-ev", "nissan-leaf-aze0", "renault-zoe-gen1");

    public PollDefinition {
        sources = List.copyOf(sources);
        modules = List.copyOf(modules);
        requests = List.copyOf(requests);
    }

    /** A shipped definition by name. */
    public static PollDefinition shipped(String name) throws PollDefinitionException {
        if (!SHIPPED.contains(name)) {
            throw new PollDefinitionException("no shipped poll definition '" + name + "'; shipped: "
                    + String.join(", ", SHIPPED) + " (or give a file)");
        }
        try (InputStream in = PollDefinition.class.getResourceAsStream("/polls/" + name + ".json")) {
            if (in == null) {
                throw new PollDefinitionException("shipped poll definition " + name + " is missing from the jar");
            }
            return PollDefinitionReader.read(name, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PollDefinitionException(name + ": " + e.getMessage());
        }
    }

    /** Reads a definition file. */
    public static PollDefinition load(Path file) throws PollDefinitionException, IOException {
        String name = String.valueOf(file.getFileName()).replaceFirst("\\.json$", "");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return PollDefinitionReader.read(name, r);
        }
    }

    /** A shipped name, or else a file path. */
    public static PollDefinition named(String nameOrFile) throws PollDefinitionException, IOException {
        if (SHIPPED.contains(nameOrFile)) {
            return shipped(nameOrFile);
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new PollDefinitionException("'" + nameOrFile + "' is neither a shipped poll definition ("
                    + String.join(", ", SHIPPED) + ") nor a file");
        }
        return load(p);
    }

    /** The requests of one module. */
    public List<PollRequest> requests(PollModule m) {
        List<PollRequest> out = new ArrayList<>();
        for (PollRequest r : requests) {
            if (r.module() == m) {
                out.add(r);
            }
        }
        return out;
    }

    /** The request a response payload from {@code m} answers, or null. */
    public PollRequest answered(PollModule m, byte[] payload) {
        for (PollRequest r : requests) {
            if (r.answers(m, payload)) {
                return r;
            }
        }
        return null;
    }
}
