package dev.cqrskit.eventstore;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.EventMessage;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import dev.cqrskit.core.domain.Decider;
import dev.cqrskit.outbox.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one command against one event stream: loads the stream, decides the new events, appends them at the version
 * it read and writes the same events to the outbox, all in one transaction.
 *
 * <pre>{@code
 * WriteSlice<RegisterUser, UserEvent> registerUser = WriteSlice.deciding(store, outbox, metadataFactory,
 *         UserEvent.class, command -> "User:" + command.userId(), new Registration());
 * CommandBus bus = CommandBus.builder()
 *         .middleware(new RetryMiddleware(RetryPolicy.defaults(), transactions, RetryListener.NONE))
 *         .middleware(new TransactionMiddleware(transactions))
 *         .handle(RegisterUser.class, registerUser::execute)        // RegisterUser implements Command<AppendResult>
 *         .build();
 * }</pre>
 *
 * <p>{@link #execute} joins the transaction open on the thread (the store's {@code HandleSource}) or runs in its
 * own. A concurrent append to the stream makes it throw {@link ConcurrencyConflictException}, with nothing stored;
 * {@code RetryMiddleware} then runs the command again on fresh state. A decision of no events stores nothing.
 * Events are stamped by the {@link MetadataFactory}, so they continue the conversation of the command.
 *
 * <p>This class is threadsafe if its decision function is.
 *
 * @param <C> the command type
 * @param <E> the stream's event type
 * @since 0.1.0
 */
public final class WriteSlice<C, E extends DomainEvent> {

    private final EventStore store;
    private final MetadataFactory metadata;
    private final Class<E> eventType;
    private final Function<? super C, String> streamOf;
    private final BiFunction<List<E>, C, List<? extends E>> decision;

    private WriteSlice(EventStore store, Outbox outbox, MetadataFactory metadata, Class<E> eventType,
                       Function<? super C, String> streamOf, BiFunction<List<E>, C, List<? extends E>> decision) {
        this.store = Objects.requireNonNull(store, "store must not be null")
                .publishingTo(Objects.requireNonNull(outbox, "outbox must not be null"));
        this.metadata = Objects.requireNonNull(metadata, "metadata must not be null");
        this.eventType = Objects.requireNonNull(eventType, "eventType must not be null");
        this.streamOf = Objects.requireNonNull(streamOf, "streamOf must not be null");
        this.decision = Objects.requireNonNull(decision, "decision must not be null");
    }

    /**
     * Returns a slice that folds the stream with a {@link Decider} and decides the command against the state.
     *
     * @param store     the event store
     * @param outbox    receives the same events in the same transaction
     * @param metadata  stamps the new events
     * @param eventType the stream's event type; a stored event of another type fails the command
     * @param streamOf  names the stream a command addresses
     * @param decider   decides and evolves
     * @param <C>       the command type
     * @param <S>       the state type
     * @param <E>       the event type
     * @return the slice
     */
    public static <C, S, E extends DomainEvent> WriteSlice<C, E> deciding(EventStore store, Outbox outbox,
            MetadataFactory metadata, Class<E> eventType, Function<? super C, String> streamOf,
            Decider<C, S, E> decider) {
        Objects.requireNonNull(decider, "decider must not be null");
        return new WriteSlice<>(store, outbox, metadata, eventType, streamOf, decider::decide);
    }

    /**
     * Returns a slice that decides with a plain function from the past events and the command to the new events.
     *
     * @param store     the event store
     * @param outbox    receives the same events in the same transaction
     * @param metadata  stamps the new events
     * @param eventType the stream's event type; a stored event of another type fails the command
     * @param streamOf  names the stream a command addresses
     * @param decide    {@code (pastEvents, command) -> newEvents}
     * @param <C>       the command type
     * @param <E>       the event type
     * @return the slice
     */
    public static <C, E extends DomainEvent> WriteSlice<C, E> of(EventStore store, Outbox outbox,
            MetadataFactory metadata, Class<E> eventType, Function<? super C, String> streamOf,
            BiFunction<List<E>, C, List<? extends E>> decide) {
        return new WriteSlice<>(store, outbox, metadata, eventType, streamOf, decide);
    }

    /**
     * Loads the command's stream, decides, and appends the new events to the stream and the outbox in one
     * transaction.
     *
     * @param command the command
     * @return what was appended; its {@link AppendResult#position()} is the consistency token
     * @throws ConcurrencyConflictException if the stream changed after it was read; nothing was stored
     */
    public AppendResult execute(C command) {
        Objects.requireNonNull(command, "command must not be null");
        String streamId = Objects.requireNonNull(streamOf.apply(command), "streamOf returned null for " + command);
        return store.handles().withHandle(handle -> {
            List<RecordedEvent> stored = store.readStream(streamId, 1);
            List<E> past = new ArrayList<>(stored.size());
            for (RecordedEvent recorded : stored) {
                past.add(cast(recorded));
            }
            List<? extends E> decided = Objects.requireNonNull(decision.apply(List.copyOf(past), command),
                    "the decision returned null for " + command + "; return an empty list to record nothing");
            long version = stored.isEmpty() ? 0 : stored.get(stored.size() - 1).streamVersion();
            if (decided.isEmpty()) {
                return new AppendResult(streamId, version, 0, 0);
            }
            List<EventMessage<E>> messages = metadata.stamp(decided);
            return store.append(streamId, ExpectedVersion.exactly(version), messages);
        });
    }

    private E cast(RecordedEvent recorded) {
        DomainEvent event = recorded.event();
        if (!eventType.isInstance(event)) {
            throw new EventStoreException("Stream " + recorded.streamId() + " holds " + event.getClass().getName()
                    + " at version " + recorded.streamVersion() + ", which is not a " + eventType.getName()
                    + ". A write slice reads streams of one event type; check the stream naming of this command.");
        }
        return eventType.cast(event);
    }
}
