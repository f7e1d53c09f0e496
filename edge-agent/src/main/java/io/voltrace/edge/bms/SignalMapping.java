package io.voltrace.edge.bms;

import io.voltrace.edge.dbc.DbcDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Which DBC signals feed which BMS fields: what a mapping file says (see {@link MappingReader} for the format), not
 * yet checked against a DBC. {@link #resolve(DbcDatabase)} checks it and turns it into per-message slot arrays, so the
 * sampler's hot path is an array lookup per decoded signal.
 *
 * <p>Optional fields are null when the file does not map them. Pack voltage and current are required: without them
 * there is no sample and no coulomb counting.
 *
 * @param source               where the mapping was read from, for messages
 * @param vehicle              free text naming the vehicle, or null
 * @param dbc                  free text naming the DBC the mapping was written for, or null
 * @param packVoltage          pack voltage, V
 * @param packCurrent          pack current, A, with its sign convention
 * @param soc                  BMS state of charge, %
 * @param insulationResistance HV insulation resistance, kOhm
 * @param cellVoltages         cell voltages, V
 * @param cellTemperatures     cell temperatures, degC
 * @param faults               fault flags, in file order
 */
public record SignalMapping(String source, String vehicle, String dbc,
                            SignalField packVoltage, CurrentField packCurrent, SignalField soc,
                            SignalField insulationResistance, IndexedSource cellVoltages,
                            IndexedSource cellTemperatures, List<FaultField> faults, SignalField soh,
                            SignalField capacityAh, boolean partial) {

    /** Mappings shipped in the jar, as {@code mappings/<name>.json}. */
    public static final List<String> SHIPPED = List.of(
            "voltrace-bms", "chevrolet-bolt-ev", "tesla-model3", "nissan-leaf-aze0", "hyundai-kona-ev");

    public SignalMapping {
        Objects.requireNonNull(source, "source");
        if (!partial) {
            Objects.requireNonNull(packVoltage, "packVoltage");
            Objects.requireNonNull(packCurrent, "packCurrent");
        }
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** The mapping for voltrace's reference DBC ({@code dbc/voltrace-bms.dbc}): {@code mappings/voltrace-bms.json}. */
    public static SignalMapping voltraceReference() {
        return Reference.MAPPING;
    }

    /**
     * A mapping shipped in the jar.
     *
     * @param name one of {@link #SHIPPED}
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException    when the shipped file does not read (a broken build)
     */
    public static SignalMapping shipped(String name) {
        String resource = "/mappings/" + name + ".json";
        try (InputStream in = SignalMapping.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped mapping '" + name + "'; shipped: " + SHIPPED);
            }
            return MappingReader.read("mappings/" + name + ".json", new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MappingException e) {
            throw new IllegalStateException("the shipped mapping does not read: " + e.getMessage(), e);
        }
    }

    /** Reads a mapping file (UTF-8 JSON). Problems name the file as given. */
    public static SignalMapping load(Path file) throws IOException, MappingException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return MappingReader.read(file.toString(), reader);
        }
    }

    /** Reads a mapping from any reader; {@code sourceName} names it in problems. */
    public static SignalMapping read(String sourceName, Reader reader) throws IOException, MappingException {
        return MappingReader.read(sourceName, reader);
    }

    /** Checks this mapping against a DBC and resolves it into slot arrays. */
    public ResolvedMapping resolve(DbcDatabase database) throws MappingException {
        return ResolvedMapping.resolve(this, database);
    }

    /** Read once, on first use. */
    private static final class Reference {
        static final SignalMapping MAPPING = shipped("voltrace-bms");
    }
}
