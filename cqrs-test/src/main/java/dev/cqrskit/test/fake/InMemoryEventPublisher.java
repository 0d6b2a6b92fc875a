package dev.cqrskit.test.fake;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An {@link EventPublisher} that keeps what it publishes in memory and fails when told to, for testing relays and
 * consumers without a broker.
 *
 * <pre>{@code
 * InMemoryEventPublisher publisher = new InMemoryEventPublisher()
 *         .failNext(2, InMemoryEventPublisher.Failure.RETRYABLE)
 *         .failWhen(event -> event.type().equals("user.Poison.v1"), InMemoryEventPublisher.Failure.PERMANENT);
 * relay.drain();
 * assertThat(publisher.published()).extracting(SerializedEvent::type).doesNotContain("user.Poison.v1");
 * }</pre>
 *
 * <p>It keeps the publisher contract: one outcome per event, and once an event of a key fails in a batch, the
 * later events of that key in the same batch are reported retryable, so per-key order is never broken. Rules are
 * checked in this order: a failing batch ({@link #failNextBatches}), then per event {@link #failMessage},
 * {@link #failWhen}, {@link #failNext} and {@link #failFraction}.
 *
 * <p>This class is threadsafe.
 *
 * @since 0.1.0
 */
public final class InMemoryEventPublisher implements EventPublisher {

    /** How an injected failure is reported. */
    public enum Failure {
        /** As a {@link PublishOutcome.RetryableFailure}: throttling, a 5xx, a timeout. */
        RETRYABLE,
        /** As a {@link PublishOutcome.PermanentFailure}: malformed, too large, forbidden. */
        PERMANENT,
        /** As a {@link PublishOutcome.SystemicFailure}: expired credentials, a refused permission. */
        SYSTEMIC
    }

    private final List<SerializedEvent> published = new ArrayList<>();
    private final Map<UUID, MessageRule> byMessage = new HashMap<>();
    private final List<PredicateRule> predicates = new ArrayList<>();
    private Failure nextKind;
    private int nextCount;
    private int failingBatches;
    private double fraction;
    private Failure fractionKind;
    private Random random;
    private long attempts;
    private long batches;

    /** Creates a publisher that publishes everything until told to fail. */
    public InMemoryEventPublisher() {
    }

    /**
     * Fails the next {@code count} events handed to this publisher, across batches.
     *
     * @param count how many events
     * @param kind  how they fail
     * @return this publisher
     */
    public synchronized InMemoryEventPublisher failNext(int count, Failure kind) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, but was " + count);
        }
        this.nextCount = count;
        this.nextKind = Objects.requireNonNull(kind, "kind must not be null");
        return this;
    }

    /**
     * Fails one message the next {@code times} attempts to publish it.
     *
     * @param messageId the message
     * @param kind      how it fails
     * @param times     how many attempts fail; {@code Integer.MAX_VALUE} for every attempt
     * @return this publisher
     */
    public synchronized InMemoryEventPublisher failMessage(UUID messageId, Failure kind, int times) {
        Objects.requireNonNull(messageId, "messageId must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, but was " + times);
        }
        byMessage.put(messageId, new MessageRule(kind, times));
        return this;
    }

    /**
     * Fails every event that matches a predicate, on every attempt.
     *
     * @param predicate picks the events
     * @param kind      how they fail
     * @return this publisher
     */
    public synchronized InMemoryEventPublisher failWhen(Predicate<? super SerializedEvent> predicate, Failure kind) {
        predicates.add(new PredicateRule(Objects.requireNonNull(predicate, "predicate must not be null"),
                Objects.requireNonNull(kind, "kind must not be null")));
        return this;
    }

    /**
     * Fails a random fraction of events, repeatably for a seed.
     *
     * @param fraction between 0 (none) and 1 (all)
     * @param kind     how they fail
     * @param seed     the seed of the random choice
     * @return this publisher
     */
    public synchronized InMemoryEventPublisher failFraction(double fraction, Failure kind, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, but was " + fraction);
        }
        this.fraction = fraction;
        this.fractionKind = Objects.requireNonNull(kind, "kind must not be null");
        this.random = new Random(seed);
        return this;
    }

    /**
     * Makes the next {@code count} calls to {@link #publish} throw, which the contract defines as the whole batch
     * failing retryably.
     *
     * @param count how many calls
     * @return this publisher
     */
    public synchronized InMemoryEventPublisher failNextBatches(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, but was " + count);
        }
        this.failingBatches = count;
        return this;
    }

    /** Forgets every failure rule: from now on everything is published. */
    public synchronized void heal() {
        byMessage.clear();
        predicates.clear();
        nextCount = 0;
        failingBatches = 0;
        fraction = 0;
    }

    @Override
    public synchronized List<PublishOutcome> publish(List<SerializedEvent> batch) {
        Objects.requireNonNull(batch, "batch must not be null");
        batches++;
        if (failingBatches > 0) {
            failingBatches--;
            throw new IllegalStateException("InMemoryEventPublisher was told to fail this batch of " + batch.size()
                    + " events (failNextBatches)");
        }
        List<PublishOutcome> outcomes = new ArrayList<>(batch.size());
        Set<String> failedKeys = new HashSet<>();
        for (SerializedEvent event : batch) {
            attempts++;
            UUID id = event.messageId();
            if (failedKeys.contains(event.key())) {
                outcomes.add(PublishOutcome.retryable(id, "an earlier event of key " + event.key()
                        + " failed in this batch; kept back to preserve order"));
                continue;
            }
            Failure failure = injectedFailure(event);
            if (failure == null) {
                published.add(event);
                outcomes.add(PublishOutcome.published(id, "in-memory-" + published.size()));
            } else {
                failedKeys.add(event.key());
                String reason = "InMemoryEventPublisher injected a " + failure.name().toLowerCase() + " failure for "
                        + event.type() + " " + id;
                outcomes.add(switch (failure) {
                    case RETRYABLE -> PublishOutcome.retryable(id, reason);
                    case PERMANENT -> PublishOutcome.permanent(id, reason);
                    case SYSTEMIC -> PublishOutcome.systemic(id, reason);
                });
            }
        }
        return outcomes;
    }

    private Failure injectedFailure(SerializedEvent event) {
        MessageRule rule = byMessage.get(event.messageId());
        if (rule != null) {
            if (rule.remaining == 1) {
                byMessage.remove(event.messageId());
            } else if (rule.remaining != Integer.MAX_VALUE) {
                rule.remaining--;
            }
            return rule.kind;
        }
        for (PredicateRule predicate : predicates) {
            if (predicate.predicate.test(event)) {
                return predicate.kind;
            }
        }
        if (nextCount > 0) {
            nextCount--;
            return nextKind;
        }
        if (fraction > 0 && random.nextDouble() < fraction) {
            return fractionKind;
        }
        return null;
    }

    /** @return the events published so far, in the order they were accepted; a snapshot */
    public synchronized List<SerializedEvent> published() {
        return List.copyOf(published);
    }

    /** @return the message ids published so far, in order; a snapshot (duplicates show redelivery) */
    public synchronized List<UUID> publishedMessageIds() {
        return published.stream().map(SerializedEvent::messageId).toList();
    }

    /** @return how many events were handed to this publisher, failed or not, outside failed batches */
    public synchronized long attempts() {
        return attempts;
    }

    /** @return how many times {@link #publish} was called */
    public synchronized long batches() {
        return batches;
    }

    private static final class MessageRule {
        final Failure kind;
        int remaining;

        MessageRule(Failure kind, int remaining) {
            this.kind = kind;
            this.remaining = remaining;
        }
    }

    private record PredicateRule(Predicate<? super SerializedEvent> predicate, Failure kind) {
    }
}
