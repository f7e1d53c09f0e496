package io.voltrace.ingest.api;

/** A request that cannot be served, with the HTTP status and a message for the caller. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }
}
