package io.voltrace.edge.bms;

import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcParseException;
import io.voltrace.edge.dbc.DbcParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** voltrace's own BMS DBC, shipped in the jar: what the simulator speaks and {@link SignalMapping#voltraceReference()} maps. */
public final class ReferenceDbc {
    public static final String RESOURCE = "/dbc/voltrace-bms.dbc";

    private ReferenceDbc() {
    }

    public static DbcDatabase load() {
        try (InputStream in = ReferenceDbc.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE + "; rebuild it");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return DbcParser.parse("voltrace-bms.dbc", reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DbcParseException e) {
            throw new IllegalStateException("the shipped reference DBC does not parse: " + e.getMessage(), e);
        }
    }
}
