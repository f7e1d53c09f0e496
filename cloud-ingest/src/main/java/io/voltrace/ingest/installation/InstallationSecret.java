package io.voltrace.ingest.installation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A password generated once per installation and kept in a file only its owner may read (0600, in a 0700 folder).
 * The embedded stores are started with it and the ingest's own clients read it, so nobody else on the machine can
 * use the stores with a default or empty password. Not for secrets that must survive the loss of the data folder:
 * losing the file with the data is fine, the stores go with it.
 */
public record InstallationSecret(Path file, String value) {

    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private static final Logger LOG = LoggerFactory.getLogger(InstallationSecret.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 24;

    public InstallationSecret {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("installation secret " + file + " is empty");
        }
    }

    /**
     * Reads the secret at {@code file}, or generates and stores it when there is none yet. Several processes starting
     * at once agree on one value: the file appears complete or not at all (a hard link of a finished temporary file).
     *
     * @throws UncheckedIOException when the file cannot be read or written, naming it
     */
    public static InstallationSecret readOrCreate(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            restrict(dir, OWNER_ONLY_DIR);
            if (Files.notExists(file)) {
                create(file);
            }
            restrict(file, OWNER_ONLY_FILE);
            String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (value.isEmpty()) {
                throw new IOException("it is empty: delete it only together with the store it protects");
            }
            return new InstallationSecret(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the installation secret " + file + ": "
                    + e.getMessage() + " (check the folder's owner and free space)", e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] raw = new byte[BYTES];
        RANDOM.nextBytes(raw);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\n";
        Path temp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try (FileChannel ch = isPosix(file.toAbsolutePath().getParent())
                ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        try {
            Files.createLink(file, temp); // fails if another process was first: then theirs is read
            LOG.info("generated this installation's secret {}", file);
        } catch (FileAlreadyExistsException anotherProcessWasFirst) {
            // read theirs
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Sets owner-only permissions where the file system has POSIX permissions; says so when they were wider. */
    public static void restrict(Path path, Set<PosixFilePermission> wanted) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (!now.equals(wanted)) {
            view.setPermissions(wanted);
            LOG.info("{} was {}, now {} (owner only)", path, PosixFilePermissions.toString(now),
                    PosixFilePermissions.toString(wanted));
        }
    }

    private static boolean isPosix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    @Override
    public String toString() {
        return "InstallationSecret[" + file + "]";
    }
}
