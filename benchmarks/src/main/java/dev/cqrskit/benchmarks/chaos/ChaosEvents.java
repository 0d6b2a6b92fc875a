package dev.cqrskit.benchmarks.chaos;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.outbox.Outbox;

/** The events of the chaos run and the outbox that stores them, shared by the producers and the relay JVMs. */
final class ChaosEvents {

    /** An ordinary event: its position in its key, so that order can be checked. */
    record Counted(String key, int seq) implements DomainEvent {
    }

    /** An event the broker rejects for good: the relay parks it, and its key waits until an operator discards it. */
    record Poison(String key) implements DomainEvent {
    }

    static final String POISON_TYPE = "chaos.Poison.v1";
    static final Outbox OUTBOX = new Outbox(new EventCodec(EventTypes.builder()
            .add(Counted.class, "chaos.Counted.v1")
            .add(Poison.class, POISON_TYPE)
            .build(), EventSerializer.jackson()));

    /** The producers' record of what they committed, written in the same transaction as the outbox rows. */
    static final String LEDGER = "CREATE TABLE IF NOT EXISTS chaos_ledger (message_id UUID PRIMARY KEY,"
            + " ordering_key TEXT NOT NULL, seq INT NOT NULL, poison BOOLEAN NOT NULL)";

    private ChaosEvents() {
    }
}
