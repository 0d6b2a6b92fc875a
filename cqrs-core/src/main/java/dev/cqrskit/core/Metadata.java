package dev.cqrskit.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The facts that travel with every message: its id, the conversation it belongs to, what caused it, when it
 * happened, for which tenant and on whose behalf.
 *
 * <ul>
 *   <li>{@code messageId}: unique per message; consumers deduplicate on it.</li>
 *   <li>{@code correlationId}: shared by every message of one conversation (an HTTP request and everything that
 *       follows from it). A message that starts a conversation has {@code correlationId == messageId}.</li>
 *   <li>{@code causationId}: the id of the message that caused this one; empty for the first message.</li>
 *   <li>{@code occurredAt}: from the injected {@link java.time.Clock}.</li>
 *   <li>{@code tenant}, {@code principal}: optional, inherited along the conversation.</li>
 *   <li>{@code headers}: free-form text pairs, inherited along the conversation (trace context lives here, under
 *       {@code traceparent}).</li>
 * </ul>
 *
 * <p>Instances are immutable and threadsafe. Build one with {@link #builder()}, or derive one with
 * {@link #causedBy(Metadata, UUID, Instant)}; usually the buses and {@link MetadataFactory} do this for you.
 *
 * @since 0.1.0
 */
public final class Metadata {

    /** The header that carries W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    private final UUID messageId;
    private final UUID correlationId;
    private final UUID causationId;
    private final Instant occurredAt;
    private final String tenant;
    private final String principal;
    private final Map<String, String> headers;

    private Metadata(Builder builder) {
        this.messageId = Objects.requireNonNull(builder.messageId, "messageId must not be null");
        this.correlationId = builder.correlationId == null ? builder.messageId : builder.correlationId;
        this.causationId = builder.causationId;
        this.occurredAt = Objects.requireNonNull(builder.occurredAt, "occurredAt must not be null");
        this.tenant = builder.tenant;
        this.principal = builder.principal;
        this.headers = builder.headers.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
    }

    /**
     * Starts metadata for a message that begins a new conversation.
     *
     * @param messageId  the message's id
     * @param occurredAt when it happened
     * @return metadata whose correlation id is the message id and which has no causation id
     */
    public static Metadata root(UUID messageId, Instant occurredAt) {
        return builder().messageId(messageId).occurredAt(occurredAt).build();
    }

    /**
     * Derives the metadata of a message caused by another: the correlation id, tenant, principal and headers are
     * kept, the causation id becomes the cause's message id.
     *
     * @param cause      the metadata of the message that caused the new one
     * @param messageId  the new message's id
     * @param occurredAt when the new message happened
     * @return the new message's metadata
     */
    public static Metadata causedBy(Metadata cause, UUID messageId, Instant occurredAt) {
        Objects.requireNonNull(cause, "cause must not be null");
        return cause.toBuilder().messageId(messageId).causationId(cause.messageId).occurredAt(occurredAt).build();
    }

    /**
     * Returns a builder; {@code messageId} and {@code occurredAt} are required, a missing correlation id defaults
     * to the message id.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this metadata.
     *
     * @return a new builder holding this metadata's values
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.messageId = messageId;
        builder.correlationId = correlationId;
        builder.causationId = causationId;
        builder.occurredAt = occurredAt;
        builder.tenant = tenant;
        builder.principal = principal;
        builder.headers.putAll(headers);
        return builder;
    }

    /** @return the message's unique id */
    public UUID messageId() {
        return messageId;
    }

    /** @return the id shared by every message of the conversation */
    public UUID correlationId() {
        return correlationId;
    }

    /** @return the id of the message that caused this one, empty for the first message of a conversation */
    public Optional<UUID> causationId() {
        return Optional.ofNullable(causationId);
    }

    /** @return when the message happened */
    public Instant occurredAt() {
        return occurredAt;
    }

    /** @return the tenant the message belongs to, if any */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** @return who the message acts for (a user id, a service name), if known */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** @return the headers, unmodifiable, never null */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns one header.
     *
     * @param name the header's name
     * @return its value, if present
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /**
     * Returns a copy with another tenant.
     *
     * @param tenant the tenant, or {@code null} for none
     * @return the copy
     */
    public Metadata withTenant(String tenant) {
        return toBuilder().tenant(tenant).build();
    }

    /**
     * Returns a copy with another principal.
     *
     * @param principal the principal, or {@code null} for none
     * @return the copy
     */
    public Metadata withPrincipal(String principal) {
        return toBuilder().principal(principal).build();
    }

    /**
     * Returns a copy with one more header (or a header replaced).
     *
     * @param name  the header's name
     * @param value its value
     * @return the copy
     */
    public Metadata withHeader(String name, String value) {
        return toBuilder().header(name, value).build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Metadata that
                && messageId.equals(that.messageId)
                && correlationId.equals(that.correlationId)
                && Objects.equals(causationId, that.causationId)
                && occurredAt.equals(that.occurredAt)
                && Objects.equals(tenant, that.tenant)
                && Objects.equals(principal, that.principal)
                && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return messageId.hashCode();
    }

    @Override
    public String toString() {
        return "Metadata[messageId=" + messageId + ", correlationId=" + correlationId + ", causationId=" + causationId
                + ", occurredAt=" + occurredAt + ", tenant=" + tenant + ", principal=" + principal
                + ", headers=" + headers + "]";
    }

    /**
     * Builds {@link Metadata}. Not threadsafe; use one builder per thread.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private UUID messageId;
        private UUID correlationId;
        private UUID causationId;
        private Instant occurredAt;
        private String tenant;
        private String principal;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets messageId.
         *
         * @param messageId the message's id
         * @return this builder
         */
        public Builder messageId(UUID messageId) {
            this.messageId = messageId;
            return this;
        }

        /**
         * Sets correlationId.
         *
         * @param correlationId the conversation's id; defaults to the message id
         * @return this builder
         */
        public Builder correlationId(UUID correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /**
         * Sets causationId.
         *
         * @param causationId the causing message's id, or {@code null}
         * @return this builder
         */
        public Builder causationId(UUID causationId) {
            this.causationId = causationId;
            return this;
        }

        /**
         * Sets occurredAt.
         *
         * @param occurredAt when the message happened
         * @return this builder
         */
        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        /**
         * Sets tenant.
         *
         * @param tenant the tenant, or {@code null}
         * @return this builder
         */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /**
         * Sets principal.
         *
         * @param principal the principal, or {@code null}
         * @return this builder
         */
        public Builder principal(String principal) {
            this.principal = principal;
            return this;
        }

        /**
         * Adds or replaces a header.
         *
         * @param name  the header's name, not blank
         * @param value its value, not null
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name must not be null");
            Objects.requireNonNull(value, () -> "value of header '" + name + "' must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("header name must not be blank");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Adds or replaces several headers.
         *
         * @param headers the headers to add
         * @return this builder
         */
        public Builder headers(Map<String, String> headers) {
            Objects.requireNonNull(headers, "headers must not be null");
            headers.forEach(this::header);
            return this;
        }

        /**
         * Builds the metadata.
         *
         * @return the metadata
         * @throws NullPointerException if the message id or occurred-at is missing
         */
        public Metadata build() {
            return new Metadata(this);
        }
    }
}
