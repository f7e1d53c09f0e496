package io.voltrace.edge.mqtt;

import java.nio.file.Path;

/**
 * TLS towards the broker. The server is always verified: against {@code caFile} when given, else against the JVM's
 * trusted roots; and its certificate must name the host in the server URI unless {@code verifyHostname} is off.
 *
 * @param caFile         PEM file with the CA certificate(s) to trust, or null for the JVM's roots
 * @param certFile       PEM client certificate (chain) for mutual TLS, or null
 * @param keyFile        PEM private key of the client certificate (PKCS#8, unencrypted), or null
 * @param verifyHostname check that the server certificate names the host connected to
 */
public record TlsConfig(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {
    public TlsConfig {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both its certificate and its key file");
        }
    }

    public boolean clientCertificate() {
        return certFile != null;
    }
}
