package io.voltrace.edge.dbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Small helpers shared by the DBC tests. */
final class TestDbc {

    private TestDbc() {
    }

    /** Parses inline DBC text as {@code test.dbc}. */
    static DbcDatabase parse(String text) throws DbcParseException {
        try {
            return DbcParser.parse("test.dbc", new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's own DBC, from the classpath. */
    static DbcDatabase voltraceBms() throws IOException, DbcParseException {
        try (InputStream in = TestDbc.class.getResourceAsStream("/dbc/voltrace-bms.dbc")) {
            if (in == null) {
                throw new IOException("resource /dbc/voltrace-bms.dbc not on the classpath");
            }
            return DbcParser.parse("voltrace-bms.dbc", new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    /**
     * The warnings but the one about missing {@code BS_}/{@code BU_} sections: test snippets leave those out for
     * brevity ({@link DbcParserTest#acceptsMissingBsAndBuAndUnindentedNamespace} checks that warning itself).
     */
    static java.util.List<String> warningsOf(DbcDatabase db) {
        return db.warnings().stream().filter(w -> !w.matches("[^:]+:\\d+: no BS_.*|[^:]+:\\d+: no BU_ section.*"))
                .toList();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
