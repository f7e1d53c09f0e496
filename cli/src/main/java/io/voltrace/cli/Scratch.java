package io.voltrace.cli;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Throwaway resources of commands that run services for a while: free loopback ports, temporary folders. */
public final class Scratch {
    private Scratch() {
    }

    /** A port free right now (the OS picks it); a service started soon after can bind it. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Work that runs in a folder and answers an exit code. */
    @FunctionalInterface
    public interface FolderJob {
        int run(Path folder) throws Exception;
    }

    /**
     * Runs {@code job} in {@code given} (made if missing), or, when it is null, in a new temporary folder named from
     * {@code prefix} that is deleted afterwards, whatever the job did.
     */
    public static int inFolder(Path given, String prefix, FolderJob job) throws Exception {
        Path folder = given != null ? Files.createDirectories(given) : Files.createTempDirectory(prefix);
        try {
            return job.run(folder);
        } finally {
            if (given == null) {
                deleteTree(folder);
            }
        }
    }

    /** Deletes a folder and everything in it; nothing happens when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
