package io.voltrace.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Catena-X Battery Pass 6.1.0 and traction battery code 2.0.0 JSON schemas (draft-04), read in place from the
 * shared data folder ({@code battery-pass/}) and never copied into the repository. A test that needs them is
 * skipped, with a visible notice, where the folder is absent.
 */
public final class CatenaXSchemas {
    public static final String BATTERY_PASS = "battery_pass-6.1.0-BatteryPass-schema.json";
    public static final String BATTERY_PASS_EXAMPLE = "battery_pass-6.1.0-BatteryPass.json";
    public static final String TRACTION_BATTERY_CODE = "traction_battery_code-2.0.0-TractionBatteryCode-schema.json";

    private CatenaXSchemas() {
    }

    /** The shared data folder: system property {@code voltrace.sharedData} (surefire sets it), else ../../shared/data. */
    public static Path sharedData() {
        String configured = System.getProperty("voltrace.sharedData");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** A file of the battery-pass folder; the calling test is skipped, saying so, when it is missing. */
    public static Path file(String name) {
        Path file = sharedData().resolve("battery-pass").resolve(name);
        if (!Files.isRegularFile(file)) {
            System.out.println("skipped: Catena-X schema not found at " + file);
        }
        assumeTrue(Files.isRegularFile(file), "skipped: Catena-X schema not found at " + file);
        return file;
    }

    /** The schema in {@code name}, as draft-04 (the Catena-X generator's dialect). */
    public static Schema schema(String name) {
        Path file = file(name);
        try {
            // The SAMM generator's own keywords describe, they do not constrain: known, so the validator stays quiet.
            Dialect draft4 = Dialect.builder(Dialects.getDraft4())
                    .keyword(new NonValidationKeyword("x-samm-aspect-model-urn"))
                    .keyword(new NonValidationKeyword("components"))
                    .build();
            return SchemaRegistry.withDefaultDialect(draft4).getSchema(Files.readString(file), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** What {@code schema} finds wrong with the JSON text {@code json}, one line per error; empty when valid. */
    public static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
