package dev.cqrskit.benchmarks.core;

import dev.cqrskit.benchmarks.core.Messages.Account;
import dev.cqrskit.benchmarks.core.Messages.Accounts;
import dev.cqrskit.benchmarks.core.Messages.Balance;
import dev.cqrskit.benchmarks.core.Messages.Deposit;
import dev.cqrskit.core.Command;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.CommandHandler;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.middleware.TimingMiddleware;
import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.core.middleware.TransactionMiddleware;
import dev.cqrskit.core.middleware.ValidationMiddleware;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Command and query dispatch through cqrs-kit's buses, and the same handler body through Axon Framework 4's
 * {@code SimpleCommandBus} via {@code CommandGateway.sendAndWait}, in one run.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar DispatchBenchmark -f 3 -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class DispatchBenchmark {

    private final Deposit deposit = new Deposit("a1", 41);
    private final Balance balance = new Balance("a1");

    private CommandBus bare;
    private CommandBus threeMiddlewares;
    private QueryBus queries;
    private CommandBus readingMetadata;
    private CommandBus aggregateBus;
    private Accounts accounts;
    private CommandGateway axon;

    @Setup
    public void setUp() {
        bare = CommandBus.builder().handle(Deposit.class, Messages::handle).build();

        TransactionBoundary noTransaction = new TransactionBoundary() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return work.get();
            }

            @Override
            public boolean isInTransaction() {
                return false;
            }
        };
        threeMiddlewares = CommandBus.builder()
                .middleware(new TimingMiddleware((type, nanos, failure) -> { }))
                .middleware(new ValidationMiddleware(request -> List.of()))
                .middleware(new TransactionMiddleware(noTransaction))
                .handle(Deposit.class, Messages::handle)
                .build();

        readingMetadata = CommandBus.builder()
                .handle(Deposit.class, command -> MessageContext.require().messageId().hashCode())
                .build();

        queries = QueryBus.builder().handle(Balance.class, query -> 42).build();

        accounts = new Accounts();
        accounts.put("a1", 0);
        CommandHandler<Deposit, Integer> depositHandler = command -> {
            Account account = accounts.get(command.accountId());
            account.deposit(command.amount());
            accounts.save(account);
            return account.balance();
        };
        aggregateBus = CommandBus.builder().handle(Deposit.class, depositHandler).build();

        SimpleCommandBus axonBus = SimpleCommandBus.builder().build();
        axonBus.subscribe(Deposit.class.getName(),
                (CommandMessage<?> message) -> Messages.handle((Deposit) message.getPayload()));
        axon = DefaultCommandGateway.builder().commandBus(axonBus).build();
    }

    /** One handler, no middleware. Target: <= 50 ns/op, <= 32 B/op. */
    @Benchmark
    public Integer commandNoMiddleware() {
        return bare.dispatch(deposit);
    }

    /** Timing, validation and transaction middleware around the same handler. Target: <= 150 ns/op. */
    @Benchmark
    public Integer commandThreeMiddlewares() {
        return threeMiddlewares.dispatch(deposit);
    }

    /**
     * The handler reads its metadata, so a message id, correlation id and timestamp are made for the dispatch
     * (metadata is made lazily: the other benchmarks never pay for it).
     */
    @Benchmark
    public Integer commandReadingMetadata() {
        return readingMetadata.dispatch(deposit);
    }

    /** A query to one handler, no middleware. */
    @Benchmark
    public Integer query() {
        return queries.dispatch(balance);
    }

    /** Command -> aggregate loaded from an in-memory repository -> one event recorded -> saved. Target: <= 2 us. */
    @Benchmark
    public Integer commandThroughAggregate() {
        return aggregateBus.dispatch(deposit);
    }

    /** The same handler body as {@link #commandNoMiddleware()}, through Axon 4's gateway and SimpleCommandBus. */
    @Benchmark
    public Object axonSendAndWait() {
        return axon.sendAndWait(deposit);
    }

    /**
     * A bus holding 1 or 1,000 handlers, dispatching to one of them: lookup cost must not grow with the count.
     */
    @State(Scope.Benchmark)
    public static class Registry {
        @org.openjdk.jmh.annotations.Param({"1", "1000"})
        public int handlers;

        CommandBus bus;
        Command<Integer> command;

        @Setup
        public void setUp() {
            Class<? extends Command<Integer>>[] types = ManyCommandTypes.make(handlers);
            CommandBus.Builder builder = CommandBus.builder();
            for (Class<? extends Command<Integer>> type : types) {
                register(builder, type);
            }
            bus = builder.build();
            command = ManyCommandTypes.instanceOf(types[handlers / 2], 7);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static void register(CommandBus.Builder builder, Class type) {
            builder.handle(type, (CommandHandler) command -> 1);
        }
    }

    /** Dispatch with 1 vs 1,000 registered handlers. Target: 1,000 at most 10 % slower. */
    @Benchmark
    public Integer registrySize(Registry registry) {
        return registry.bus.dispatch(registry.command);
    }
}
