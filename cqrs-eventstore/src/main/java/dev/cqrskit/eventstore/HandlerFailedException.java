package dev.cqrskit.eventstore;

/** A handler (or the decoding for it) failed on one event of a batch; the batch's transaction rolls back. */
final class HandlerFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long position;
    private final String eventType;

    HandlerFailedException(long position, String eventType, Throwable cause) {
        super("handler failed at position " + position + " (" + eventType + "): " + cause, cause);
        this.position = position;
        this.eventType = eventType;
    }

    long position() {
        return position;
    }

    String eventType() {
        return eventType;
    }
}
