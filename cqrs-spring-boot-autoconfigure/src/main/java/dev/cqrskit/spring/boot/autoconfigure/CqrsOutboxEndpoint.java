package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.ParkedMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.function.SingletonSupplier;

/**
 * The outbox's operations as the actuator endpoint {@code cqrsoutbox}: read lists parked messages, write
 * ({@code POST /actuator/cqrsoutbox/{messageId}}) retries one, delete discards one. Like every actuator endpoint but
 * health, it is not exposed over HTTP until the application lists it in
 * {@code management.endpoints.web.exposure.include}; secure it as the application secures its other write endpoints.
 * Threadsafe.
 *
 * @since 0.1.0
 */
@Endpoint(id = "cqrsoutbox")
public class CqrsOutboxEndpoint {

    /** How many parked messages one read lists. */
    public static final int LIMIT = 100;

    private final Supplier<OutboxOperations> operations;

    /**
     * Creates the endpoint.
     *
     * @param operations the outbox's operations, not null
     */
    public CqrsOutboxEndpoint(OutboxOperations operations) {
        this(SingletonSupplier.of(Objects.requireNonNull(operations, "operations must not be null")));
    }

    /** Creates the endpoint on operations looked up on the first call, as the auto-configuration does. */
    CqrsOutboxEndpoint(Supplier<OutboxOperations> operations) {
        this.operations = Objects.requireNonNull(operations, "operations must not be null");
    }

    /**
     * Lists the oldest parked messages.
     *
     * @return at most {@link #LIMIT} parked messages, oldest first
     */
    @ReadOperation
    public List<ParkedMessage> parked() {
        return operations.get().parked(LIMIT);
    }

    /**
     * Makes a parked message due again.
     *
     * @param messageId the message
     * @return {@code retried: true}, or {@code false} when no parked message has the id
     */
    @WriteOperation
    public Map<String, Object> retry(@Selector UUID messageId) {
        return Map.of("messageId", messageId, "retried", operations.get().retry(messageId));
    }

    /**
     * Deletes a parked message; it is never published.
     *
     * @param messageId the message
     * @return {@code discarded: true}, or {@code false} when no parked message has the id
     */
    @DeleteOperation
    public Map<String, Object> discard(@Selector UUID messageId) {
        return Map.of("messageId", messageId, "discarded", operations.get().discard(messageId));
    }
}
