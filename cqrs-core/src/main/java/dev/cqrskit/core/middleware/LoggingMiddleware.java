package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Objects;

/**
 * Puts the message's ids into the slf4j MDC while it is handled, and logs its start, end and failure.
 *
 * <p>MDC keys: {@value #CORRELATION_ID}, {@value #CAUSATION_ID}, {@value #MESSAGE_ID}; every log line written by
 * the handler (and by anything it calls on the same thread) carries them. The previous values are restored
 * afterwards, so nested dispatches leave the outer ids in place. Start and success are logged at DEBUG, failures
 * at WARN with the exception type and message (the caller decides whether to log the stack).
 *
 * <p>Threadsafe.
 *
 * @since 0.1.0
 */
public final class LoggingMiddleware implements Middleware {

    /** MDC key of the correlation id. */
    public static final String CORRELATION_ID = "correlationId";
    /** MDC key of the causation id (empty for the first message). */
    public static final String CAUSATION_ID = "causationId";
    /** MDC key of the message id. */
    public static final String MESSAGE_ID = "messageId";

    private final Logger log;

    /** Creates a middleware that logs to {@code dev.cqrskit.core.middleware.LoggingMiddleware}. */
    public LoggingMiddleware() {
        this(LoggerFactory.getLogger(LoggingMiddleware.class));
    }

    /**
     * Creates a middleware that logs to the given logger.
     *
     * @param log the logger
     */
    public LoggingMiddleware(Logger log) {
        this.log = Objects.requireNonNull(log, "log must not be null");
    }

    @Override
    public Object invoke(Request<?> request, Next next) {
        Metadata metadata = MessageContext.require();
        String previousCorrelation = MDC.get(CORRELATION_ID);
        String previousCausation = MDC.get(CAUSATION_ID);
        String previousMessage = MDC.get(MESSAGE_ID);
        MDC.put(CORRELATION_ID, metadata.correlationId().toString());
        MDC.put(CAUSATION_ID, metadata.causationId().map(Object::toString).orElse(""));
        MDC.put(MESSAGE_ID, metadata.messageId().toString());
        String name = request.getClass().getSimpleName();
        try {
            log.debug("Handling {}", name);
            Object result = next.invoke(request);
            log.debug("Handled {}", name);
            return result;
        } catch (RuntimeException | Error failure) {
            log.warn("Handling {} failed: {}: {}", name, failure.getClass().getName(), failure.getMessage());
            throw failure;
        } finally {
            restore(CORRELATION_ID, previousCorrelation);
            restore(CAUSATION_ID, previousCausation);
            restore(MESSAGE_ID, previousMessage);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
