package dev.cqrskit.eventbridge.emulator;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The failures an {@link EventBridgeEmulator} injects into PutEvents calls, each with the shape real EventBridge
 * gives it:
 * <ul>
 *   <li>{@code throttledEntryRate}: the fraction of otherwise valid entries answered with
 *       {@code ErrorCode: ThrottlingException} inside a successful response;</li>
 *   <li>{@code failedEntryRate}: the fraction answered with {@code ErrorCode: InternalFailure};</li>
 *   <li>{@code failedRequestRate} and {@code failedRequestStatus}: the fraction of whole calls answered with that
 *       HTTP status and AWS's error body (400 {@code ThrottlingException}, 403 {@code AccessDeniedException},
 *       413 an empty body, 500 {@code InternalException}, 503 {@code ServiceUnavailableException}, other 4xx
 *       {@code ValidationException}, other 5xx {@code InternalFailure});</li>
 *   <li>{@code droppedConnectionRate}: the fraction of calls whose connection is closed without any response;</li>
 *   <li>{@code duplicatedDeliveryRate}: the fraction of deliveries to a target made twice, as EventBridge's
 *       at-least-once delivery does;</li>
 *   <li>{@code reorderedDeliveryRate}: the fraction of deliveries held back for up to 50 ms so that events accepted
 *       later overtake them, whatever their key, as EventBridge promises no delivery order;</li>
 *   <li>{@code everyCallDenied}: every call is answered with HTTP 403 {@code AccessDeniedException}, as a role
 *       without {@code events:PutEvents} is, until the faults are replaced (a fault of the deployment);</li>
 *   <li>{@code throttledDetailTexts}: every entry whose {@code Detail} contains one of these texts (a message id,
 *       say) is answered with {@code ErrorCode: ThrottlingException}, every time, while the others pass;</li>
 *   <li>{@code latency}: added before every call is answered;</li>
 *   <li>{@code seed}: makes the random draws repeatable.</li>
 * </ul>
 * A rate of 0 never injects the fault, a rate of 1 always does.
 *
 * <pre>{@code
 * emulator.injectFaults(Faults.builder().throttleEntries(0.1).failRequests(0.01, 500).latency(Duration.ofMillis(2)).build());
 * }</pre>
 *
 * <p>Instances are immutable and threadsafe.
 *
 * @param throttledEntryRate    fraction of entries throttled, 0 to 1
 * @param failedEntryRate       fraction of entries failed with {@code InternalFailure}, 0 to 1
 * @param failedRequestRate     fraction of calls failed as a whole, 0 to 1
 * @param failedRequestStatus   the HTTP status of a failed call, 400 to 599
 * @param droppedConnectionRate fraction of calls whose connection is dropped, 0 to 1
 * @param duplicatedDeliveryRate fraction of deliveries to a target made twice, 0 to 1
 * @param reorderedDeliveryRate fraction of deliveries to a target held back so that later ones overtake them, 0 to 1
 * @param everyCallDenied       whether every call is answered with 403 {@code AccessDeniedException}
 * @param throttledDetailTexts  texts whose entries are throttled, never null; copied
 * @param latency               delay added to every call, not negative
 * @param seed                  the seed of the random draws, empty for a random seed
 * @since 0.1.0
 */
public record Faults(double throttledEntryRate, double failedEntryRate, double failedRequestRate,
                     int failedRequestStatus, double droppedConnectionRate, double duplicatedDeliveryRate,
                     double reorderedDeliveryRate, boolean everyCallDenied, Set<String> throttledDetailTexts,
                     Duration latency, OptionalLong seed) {

    /** Validates every rate, the status and the latency; messages name the offending property. */
    public Faults {
        rate("faults.throttledEntryRate", throttledEntryRate);
        rate("faults.failedEntryRate", failedEntryRate);
        rate("faults.failedRequestRate", failedRequestRate);
        rate("faults.droppedConnectionRate", droppedConnectionRate);
        rate("faults.duplicatedDeliveryRate", duplicatedDeliveryRate);
        rate("faults.reorderedDeliveryRate", reorderedDeliveryRate);
        if (failedRequestStatus < 400 || failedRequestStatus > 599) {
            throw new IllegalArgumentException("faults.failedRequestStatus must be an HTTP error status from 400 to 599"
                    + " but was " + failedRequestStatus);
        }
        Objects.requireNonNull(latency, "faults.latency must not be null");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("faults.latency must not be negative but was " + latency);
        }
        Objects.requireNonNull(seed, "faults.seed must not be null");
        Objects.requireNonNull(throttledDetailTexts, "faults.throttledDetailTexts must not be null");
        throttledDetailTexts.forEach(text -> {
            if (text == null || text.isEmpty()) {
                throw new IllegalArgumentException("faults.throttledDetailTexts must hold non-empty texts but held "
                        + (text == null ? "null" : "''"));
            }
        });
        throttledDetailTexts = Set.copyOf(throttledDetailTexts);
    }

    /** @return no faults at all */
    public static Faults none() {
        return builder().build();
    }

    /** @return a builder that starts from no faults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether this injects anything */
    public boolean isNone() {
        return throttledEntryRate == 0 && failedEntryRate == 0 && failedRequestRate == 0
                && droppedConnectionRate == 0 && duplicatedDeliveryRate == 0 && reorderedDeliveryRate == 0
                && !everyCallDenied && throttledDetailTexts.isEmpty() && latency.isZero();
    }

    /**
     * Says whether an entry with this {@code Detail} is throttled by {@link #throttledDetailTexts()}.
     *
     * @param detail the entry's {@code Detail}
     * @return whether it contains one of the texts
     */
    public boolean throttlesDetail(String detail) {
        for (String text : throttledDetailTexts) {
            if (detail.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a builder that starts from these faults, to add one to those injected now.
     *
     * <pre>{@code
     * emulator.injectFaults(emulator.faults().toBuilder().throttleEntriesContaining(messageId.toString()).build());
     * }</pre>
     *
     * @return a builder holding these faults
     * @since 0.1.0
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.throttledEntryRate = throttledEntryRate;
        builder.failedEntryRate = failedEntryRate;
        builder.failedRequestRate = failedRequestRate;
        builder.failedRequestStatus = failedRequestStatus;
        builder.droppedConnectionRate = droppedConnectionRate;
        builder.duplicatedDeliveryRate = duplicatedDeliveryRate;
        builder.reorderedDeliveryRate = reorderedDeliveryRate;
        builder.everyCallDenied = everyCallDenied;
        builder.throttledDetailTexts.addAll(throttledDetailTexts);
        builder.latency = latency;
        builder.seed = seed;
        return builder;
    }

    private static void rate(String property, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(property + " must be a fraction from 0 to 1 but was " + value);
        }
    }

    /**
     * Builds {@link Faults}. Not threadsafe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private double throttledEntryRate;
        private double failedEntryRate;
        private double failedRequestRate;
        private int failedRequestStatus = 500;
        private double droppedConnectionRate;
        private double duplicatedDeliveryRate;
        private double reorderedDeliveryRate;
        private boolean everyCallDenied;
        private final Set<String> throttledDetailTexts = new LinkedHashSet<>();
        private Duration latency = Duration.ZERO;
        private OptionalLong seed = OptionalLong.empty();

        private Builder() {
        }

        /** @param rate fraction of entries answered with {@code ThrottlingException} @return this builder */
        public Builder throttleEntries(double rate) {
            this.throttledEntryRate = rate;
            return this;
        }

        /** @param rate fraction of entries answered with {@code InternalFailure} @return this builder */
        public Builder failEntries(double rate) {
            this.failedEntryRate = rate;
            return this;
        }

        /**
         * Fails a fraction of whole calls.
         *
         * @param rate   fraction of calls to fail
         * @param status the HTTP status to answer with, 400 to 599
         * @return this builder
         */
        public Builder failRequests(double rate, int status) {
            this.failedRequestRate = rate;
            this.failedRequestStatus = status;
            return this;
        }

        /** @param rate fraction of calls whose connection is closed without a response @return this builder */
        public Builder dropConnections(double rate) {
            this.droppedConnectionRate = rate;
            return this;
        }

        /**
         * Delivers a fraction of matched events to a target twice: consumers must be idempotent.
         *
         * @param rate fraction of deliveries made twice
         * @return this builder
         */
        public Builder duplicateDeliveries(double rate) {
            this.duplicatedDeliveryRate = rate;
            return this;
        }

        /**
         * Holds back a fraction of deliveries so that events accepted later reach the target first, across keys and
         * within one: consumers that need order must restore it.
         *
         * @param rate fraction of deliveries held back
         * @return this builder
         */
        public Builder reorderDeliveries(double rate) {
            this.reorderedDeliveryRate = rate;
            return this;
        }

        /**
         * Answers every call with HTTP 403 {@code AccessDeniedException}, as EventBridge answers a role without
         * {@code events:PutEvents}: a fault of the deployment, which publishers must never blame on an event.
         * Replace the faults (e.g. {@code denyEveryCall(false)}) to let calls through again.
         *
         * @param deny whether every call is denied
         * @return this builder
         * @since 0.1.0
         */
        public Builder denyEveryCall(boolean deny) {
            this.everyCallDenied = deny;
            return this;
        }

        /**
         * Throttles every entry whose {@code Detail} contains the text, e.g. one event's message id, with
         * {@code ErrorCode: ThrottlingException} inside a successful response, for as long as these faults are
         * injected; the call's other entries are accepted.
         *
         * @param text a non-empty text of the {@code Detail}
         * @return this builder
         * @since 0.1.0
         */
        public Builder throttleEntriesContaining(String text) {
            Objects.requireNonNull(text, "text must not be null");
            this.throttledDetailTexts.add(text);
            return this;
        }

        /** @param latency delay added to every call @return this builder */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** @param seed seed of the random draws, for repeatable runs @return this builder */
        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /**
         * Builds the faults.
         *
         * @return the validated faults
         * @throws IllegalArgumentException if a rate, the status or the latency is out of range
         */
        public Faults build() {
            return new Faults(throttledEntryRate, failedEntryRate, failedRequestRate, failedRequestStatus,
                    droppedConnectionRate, duplicatedDeliveryRate, reorderedDeliveryRate, everyCallDenied,
                    throttledDetailTexts, latency, seed);
        }
    }
}
