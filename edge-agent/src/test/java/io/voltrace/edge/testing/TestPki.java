package io.voltrace.edge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A throw-away certificate authority made with the {@code openssl} command, for TLS tests. */
public final class TestPki {
    private final Path dir;
    private final String name;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** Creates a self-signed CA {@code <dir>/<name>.pem} with its key. */
    public static TestPki create(Path dir, String name) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir, name);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "2", "-subj", "/CN=" + name);
        return pki;
    }

    public Path caCertificate() {
        return dir.resolve(name + ".pem");
    }

    /**
     * Issues a certificate signed by this CA; {@code subjectAltName} e.g. {@code DNS:localhost,IP:127.0.0.1}.
     * Returns the certificate; the key (unencrypted PKCS#8) is {@link #keyOf}.
     */
    public Path issue(String file, String commonName, String subjectAltName, boolean client) throws Exception {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", file + ".key", "-out", file + ".csr",
                "-subj", "/CN=" + commonName);
        Path ext = dir.resolve(file + ".ext");
        Files.writeString(ext, (subjectAltName == null ? "" : "subjectAltName=" + subjectAltName + "\n")
                + "extendedKeyUsage=" + (client ? "clientAuth" : "serverAuth") + "\n");
        openssl(dir, "x509", "-req", "-in", file + ".csr", "-CA", name + ".pem", "-CAkey", name + ".key",
                "-CAcreateserial", "-out", file + ".pem", "-days", "2", "-extfile", ext.getFileName().toString());
        return dir.resolve(file + ".pem");
    }

    public Path keyOf(Path certificate) {
        String n = certificate.getFileName().toString();
        return certificate.resolveSibling(n.substring(0, n.length() - 4) + ".key");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
