package io.voltrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a user sees when a command throws: one line on standard error naming the command, what failed and what to do
 * next, and exit status {@link ExitCodes#FAILURE}. The stack trace is shown only with {@value #DEBUG_ENV}=1, because
 * a script's log or a user's terminal is not the place for one.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
    public static final String DEBUG_ENV = "VOLTRACE_DEBUG";

    private final boolean stackTraces;

    public FailureHandler(Map<String, String> environment) {
        String debug = environment.get(DEBUG_ENV);
        this.stackTraces = debug != null && !debug.isBlank() && !debug.equals("0") && !debug.equalsIgnoreCase("false");
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        Throwable cause = unwrap(ex);
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + line(cause));
        if (stackTraces) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    /** What failed and what to do next, on one line. */
    String line(Throwable cause) {
        String next = stackTraces ? "" : "; for the stack trace run again with " + DEBUG_ENV + "=1";
        if (cause instanceof NoSuchFileException e) {
            return "no such file or folder: " + e.getFile() + " (check the path)";
        }
        if (cause instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile() + " (check its permissions)";
        }
        if (cause instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile() + " (choose another path or remove it)";
        }
        if (cause instanceof NotDirectoryException e) {
            return "not a folder: " + e.getFile();
        }
        if (cause instanceof BindException) {
            return "cannot listen: " + message(cause) + " (another process holds the port: stop it or choose "
                    + "another port)";
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return "cannot connect: " + message(cause) + " (is the service up, and the address right?)";
        }
        if (cause instanceof IOException) {
            return "I/O error: " + message(cause) + " (check the paths, free disk space and that the services it "
                    + "needs are up)" + next;
        }
        if (cause instanceof InterruptedException) {
            return "interrupted";
        }
        return "failed: " + message(cause) + next;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** The exception that says what happened, not the wrappers around it. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current.getCause() != null && (current instanceof ExecutionException
                || current instanceof CompletionException || current instanceof UncheckedIOException
                || current instanceof InvocationTargetException
                || current instanceof CommandLine.ExecutionException)) {
            current = current.getCause();
        }
        return current;
    }
}
