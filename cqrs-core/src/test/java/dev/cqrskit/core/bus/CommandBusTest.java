package dev.cqrskit.core.bus;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.Fixtures.DeleteUser;
import dev.cqrskit.core.Fixtures.RegisterUser;
import dev.cqrskit.core.Fixtures.SendWelcomeMail;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandBusTest {

    @Test
    void dispatchesToRegisteredHandlerAndReturnsItsResult() {
        CommandBus bus = CommandBus.builder()
                .handle(RegisterUser.class, command -> "user:" + command.email())
                .build();

        String result = bus.dispatch(new RegisterUser("ada@example.com"));

        assertThat(result).isEqualTo("user:ada@example.com");
    }

    @Test
    void handlesVoidCommands() {
        List<String> deleted = new ArrayList<>();
        CommandBus bus = CommandBus.builder()
                .handleVoid(DeleteUser.class, command -> deleted.add(command.id()))
                .build();

        Void result = bus.dispatch(new DeleteUser("42"));

        assertThat(result).isNull();
        assertThat(deleted).containsExactly("42");
    }

    @Test
    void looksUpLazyHandlersOnEveryDispatch() {
        AtomicInteger lookups = new AtomicInteger();
        CommandBus bus = CommandBus.builder()
                .handleLazily(RegisterUser.class, () -> {
                    lookups.incrementAndGet();
                    return command -> "ok";
                })
                .build();
        assertThat(lookups).hasValue(0);

        bus.dispatch(new RegisterUser("a"));
        bus.dispatch(new RegisterUser("b"));

        assertThat(lookups).hasValue(2);
    }

    @Test
    void passesHandlerExceptionsToTheCallerUnchanged() {
        IllegalStateException failure = new IllegalStateException("boom");
        CommandBus bus = CommandBus.builder()
                .handle(RegisterUser.class, command -> {
                    throw failure;
                })
                .build();

        assertThatThrownBy(() -> bus.dispatch(new RegisterUser("a"))).isSameAs(failure);
    }

    @Test
    void rejectsSecondHandlerForSameCommand() {
        CommandBus.Builder builder = CommandBus.builder().handle(RegisterUser.class, command -> "first");

        assertThatThrownBy(() -> builder.handle(RegisterUser.class, command -> "second"))
                .isInstanceOf(DuplicateHandlerException.class)
                .hasMessage("A handler for command dev.cqrskit.core.Fixtures$RegisterUser is already registered;"
                        + " each command type has exactly one handler. Remove one of the two registrations of"
                        + " RegisterUser.");
    }

    @Test
    void missingHandlerListsWhatIsRegisteredAndHowToRegisterOne() {
        CommandBus bus = CommandBus.builder()
                .handleVoid(DeleteUser.class, command -> { })
                .handleVoid(SendWelcomeMail.class, command -> { })
                .build();

        assertThatThrownBy(() -> bus.dispatch(new RegisterUser("a")))
                .isInstanceOf(NoHandlerException.class)
                .hasMessage("No handler registered for command dev.cqrskit.core.Fixtures$RegisterUser.\n"
                        + "Registered commands: [DeleteUser, SendWelcomeMail].\n"
                        + "Register one with CommandBus.builder().handle(RegisterUser.class, handler).")
                .extracting(e -> ((NoHandlerException) e).requestType()).isEqualTo(RegisterUser.class);
    }

    @Test
    void rejectsNullCommand() {
        CommandBus bus = CommandBus.builder().build();

        assertThatThrownBy(() -> bus.dispatch((RegisterUser) null)).hasMessage("command must not be null");
        assertThatThrownBy(() -> bus.dispatch(new RegisterUser("a"), null))
                .hasMessageStartingWith("metadata must not be null");
    }

    @Nested
    class DeferredHandlers {

        @Test
        void looksTheHandlerUpOnceOnTheFirstDispatch() {
            AtomicInteger lookups = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .handleDeferred(RegisterUser.class, () -> {
                        lookups.incrementAndGet();
                        return command -> "user:" + command.email();
                    })
                    .build();
            assertThat(lookups).hasValue(0);

            assertThat(bus.dispatch(new RegisterUser("a"))).isEqualTo("user:a");
            assertThat(bus.dispatch(new RegisterUser("b"))).isEqualTo("user:b");

            assertThat(lookups).hasValue(1);
        }

        @Test
        void callsTheHandlerThroughTheSameFramesAsADirectlyRegisteredOne() {
            // given: the frames between the test and each handler, the second time each bus dispatches
            List<String> direct = new ArrayList<>();
            List<String> deferred = new ArrayList<>();
            CommandHandler<RegisterUser, String> recordDirect = command -> record(direct);
            CommandHandler<RegisterUser, String> recordDeferred = command -> record(deferred);
            CommandBus directBus = CommandBus.builder().handle(RegisterUser.class, recordDirect).build();
            CommandBus deferredBus = CommandBus.builder().handleDeferred(RegisterUser.class, () -> recordDeferred)
                    .build();
            deferredBus.dispatch(new RegisterUser("first"));

            // when
            directBus.dispatch(new RegisterUser("a"));
            deferred.clear();
            deferredBus.dispatch(new RegisterUser("a"));

            // then: once looked up, the deferred handler's route is the direct one
            assertThat(direct).contains(RequestDispatcher.class.getName() + ".dispatch");
            assertThat(deferred).isEqualTo(direct).noneMatch(frame -> frame.contains("Deferred"));
        }

        @Test
        void runsTheMiddlewareOnTheFirstDispatchAndAfter() {
            List<String> calls = new ArrayList<>();
            CommandBus bus = CommandBus.builder()
                    .middleware((request, next) -> {
                        calls.add("middleware");
                        return next.invoke(request);
                    })
                    .handleDeferred(RegisterUser.class, () -> command -> {
                        calls.add("handler");
                        return "ok";
                    })
                    .build();

            bus.dispatch(new RegisterUser("a"));
            bus.dispatch(new RegisterUser("b"));

            assertThat(calls).containsExactly("middleware", "handler", "middleware", "handler");
        }

        @Test
        void looksUpAgainAfterALookupFailed() {
            AtomicInteger lookups = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .handleDeferred(RegisterUser.class, () -> {
                        if (lookups.incrementAndGet() == 1) {
                            throw new IllegalStateException("container not ready");
                        }
                        return command -> "ok";
                    })
                    .build();

            assertThatThrownBy(() -> bus.dispatch(new RegisterUser("a"))).hasMessage("container not ready");
            assertThat(bus.dispatch(new RegisterUser("b"))).isEqualTo("ok");
            assertThat(bus.dispatch(new RegisterUser("c"))).isEqualTo("ok");
            assertThat(lookups).hasValue(2);
        }

        @Test
        void rejectsAProviderThatReturnsNull() {
            jakarta.inject.Provider<CommandHandler<RegisterUser, String>> nothing = () -> null;
            CommandBus bus = CommandBus.builder().handleDeferred(RegisterUser.class, nothing).build();

            assertThatThrownBy(() -> bus.dispatch(new RegisterUser("a")))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("provider " + nothing + " returned null for " + RegisterUser.class.getName()
                            + "; it must return the handler");
        }

        @Test
        void rejectsADeferredHandlerForATypeThatHasOne() {
            CommandBus.Builder builder = CommandBus.builder().handle(RegisterUser.class, command -> "first");

            assertThatThrownBy(() -> builder.handleDeferred(RegisterUser.class, () -> command -> "second"))
                    .isInstanceOf(DuplicateHandlerException.class)
                    .hasMessageContaining("A handler for command dev.cqrskit.core.Fixtures$RegisterUser is already"
                            + " registered");
        }

        @Test
        void handlesSubtypesOfTheTypeItIsRegisteredFor() {
            AtomicInteger lookups = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .handleDeferred(HandlersForSupertypes.AccountCommand.class, () -> {
                        lookups.incrementAndGet();
                        return command -> "account:" + command.getClass().getSimpleName();
                    })
                    .build();

            assertThat(bus.dispatch(new HandlersForSupertypes.Open("1"))).isEqualTo("account:Open");
            assertThat(bus.dispatch(new HandlersForSupertypes.Close("1"))).isEqualTo("account:Close");
            assertThat(bus.dispatch(new HandlersForSupertypes.Open("2"))).isEqualTo("account:Open");
            assertThat(lookups).hasValue(1);
        }

        @Test
        void keepsTwoBusesFromOneBuilderApart() {
            AtomicInteger lookups = new AtomicInteger();
            CommandBus.Builder builder = CommandBus.builder().handleDeferred(RegisterUser.class, () -> {
                int lookup = lookups.incrementAndGet();
                return command -> "lookup " + lookup;
            });
            CommandBus first = builder.build();
            CommandBus second = builder.build();

            assertThat(first.dispatch(new RegisterUser("a"))).isEqualTo("lookup 1");
            assertThat(second.dispatch(new RegisterUser("a"))).isEqualTo("lookup 2");
            assertThat(first.dispatch(new RegisterUser("b"))).isEqualTo("lookup 1");
        }

        /** The bus's frames between the test method and the handler, without line numbers. */
        private static String record(List<String> frames) {
            for (StackTraceElement frame : new Throwable().getStackTrace()) {
                if (frame.getMethodName().equals("callsTheHandlerThroughTheSameFramesAsADirectlyRegisteredOne")) {
                    break;
                }
                if (!frame.getClassName().startsWith(CommandBusTest.class.getName())) {
                    frames.add(frame.getClassName() + "." + frame.getMethodName());
                }
            }
            return "ok";
        }
    }

    @Nested
    class HandlersForSupertypes {

        sealed interface AccountCommand extends Command<String> permits Open, Close {
        }

        record Open(String id) implements AccountCommand {
        }

        record Close(String id) implements AccountCommand {
        }

        interface Audited {
        }

        record Audit(String id) implements Command<String>, Audited, Marked {
        }

        interface Marked {
        }

        @Test
        void resolvesHandlerRegisteredForSealedParent() {
            CommandBus bus = CommandBus.builder()
                    .handle(AccountCommand.class, command -> "account:" + command.getClass().getSimpleName())
                    .build();

            assertThat(bus.dispatch(new Open("1"))).isEqualTo("account:Open");
            assertThat(bus.dispatch(new Close("1"))).isEqualTo("account:Close");
        }

        @Test
        void prefersExactRegistrationOverSupertype() {
            CommandBus bus = CommandBus.builder()
                    .handle(AccountCommand.class, command -> "parent")
                    .handle(Close.class, command -> "exact")
                    .build();

            assertThat(bus.dispatch(new Open("1"))).isEqualTo("parent");
            assertThat(bus.dispatch(new Close("1"))).isEqualTo("exact");
        }

        @Test
        @SuppressWarnings({"unchecked", "rawtypes"})
        void failsClearlyWhenTwoUnrelatedSupertypesHaveHandlers() {
            Class<Command<String>> audited = (Class) Audited.class;
            Class<Command<String>> marked = (Class) Marked.class;
            CommandBus bus = CommandBus.builder()
                    .handle(audited, command -> "audited")
                    .handle(marked, command -> "marked")
                    .build();

            assertThatThrownBy(() -> bus.dispatch(new Audit("1")))
                    .isInstanceOf(NoHandlerException.class)
                    .hasMessageContaining("Ambiguous handlers for command")
                    .hasMessageContaining("[Audited, Marked]")
                    .hasMessageContaining("Register a handler for Audit itself");
        }
    }

    @Nested
    class Async {

        @Test
        void runsTheHandlerOnTheExecutorAndCompletesWithItsResult() throws Exception {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "async-handler"));
            try {
                CommandBus bus = CommandBus.builder()
                        .handle(RegisterUser.class, command -> Thread.currentThread().getName())
                        .build();

                String thread = bus.dispatchAsync(new RegisterUser("a"), executor).get(5, TimeUnit.SECONDS);

                assertThat(thread).isEqualTo("async-handler");
            } finally {
                executor.shutdownNow();
            }
        }

        @Test
        void continuesTheCallersConversationOnTheExecutor() throws Exception {
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                CommandBus bus = CommandBus.builder()
                        .handle(RegisterUser.class, command -> MessageContext.require().correlationId().toString())
                        .build();
                Metadata incoming = Metadata.root(id(7), NOW);

                String correlation = MessageContext.callWith(incoming,
                        () -> bus.dispatchAsync(new RegisterUser("a"), executor)).get(5, TimeUnit.SECONDS);

                assertThat(correlation).isEqualTo(id(7).toString());
            } finally {
                executor.shutdownNow();
            }
        }

        @Test
        void completesExceptionallyWhenNoHandlerExists() {
            CommandBus bus = CommandBus.builder().build();

            assertThat(bus.dispatchAsync(new RegisterUser("a"), Runnable::run))
                    .failsWithin(5, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(NoHandlerException.class);
        }
    }

    @Test
    void dispatchesConcurrentlyFromManyThreadsWithSeparateContexts() throws Exception {
        Set<String> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
        CommandBus bus = CommandBus.builder()
                .handle(RegisterUser.class, command -> {
                    Metadata metadata = MessageContext.require();
                    seen.add(metadata.messageId().toString());
                    return metadata.correlationId().equals(metadata.messageId()) ? command.email() : "mixed";
                })
                .build();
        int threads = 8;
        int perThread = 5_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String email = "user" + t;
                futures.add(executor.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (bus.dispatch(new RegisterUser(email)).equals(email)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : futures) {
                total += future.get(60, TimeUnit.SECONDS);
            }

            assertThat(total).isEqualTo(threads * perThread);
            assertThat(seen).hasSize(threads * perThread);
        } finally {
            executor.shutdownNow();
        }
    }
}
