package dev.cqrskit.core.middleware;

import dev.cqrskit.core.spi.Middleware;
import dev.cqrskit.core.spi.TransactionBoundary;
import dev.cqrskit.core.spi.DispatchListener;
import dev.cqrskit.core.spi.RetryListener;
import dev.cqrskit.core.Request;
import dev.cqrskit.core.Fixtures.DeleteUser;
import dev.cqrskit.core.Fixtures.RegisterUser;
import dev.cqrskit.core.Fixtures.UserById;
import dev.cqrskit.core.MessageContext;
import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.domain.ConcurrencyConflictException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.cqrskit.core.Fixtures.NOW;
import static dev.cqrskit.core.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MiddlewareTest {

    private static Middleware tracing(String name, List<String> trace) {
        return (request, next) -> {
            trace.add(name + ">");
            Object result = next.invoke(request);
            trace.add("<" + name);
            return result;
        };
    }

    @Test
    void runsMiddlewareInRegistrationOrderWithTheFirstOutermost() {
        List<String> trace = new ArrayList<>();
        CommandBus bus = CommandBus.builder()
                .middleware(tracing("a", trace))
                .middleware(tracing("b", trace))
                .middleware(tracing("c", trace))
                .handle(RegisterUser.class, command -> {
                    trace.add("handler");
                    return "ok";
                })
                .build();

        bus.dispatch(new RegisterUser("x"));

        assertThat(trace).containsExactly("a>", "b>", "c>", "handler", "<c", "<b", "<a");
    }

    @Test
    void leavesOutMiddlewareThatDoesNotApplyToAType() {
        List<String> trace = new ArrayList<>();
        Middleware onlyDeletes = new Middleware() {
            @Override
            public Object invoke(dev.cqrskit.core.Request<?> request, Next next) {
                trace.add("deletes-only");
                return next.invoke(request);
            }

            @Override
            public boolean appliesTo(Class<?> requestType) {
                return requestType == DeleteUser.class;
            }
        };
        CommandBus bus = CommandBus.builder().middleware(onlyDeletes)
                .handle(RegisterUser.class, command -> "ok")
                .handleVoid(DeleteUser.class, command -> { })
                .build();

        bus.dispatch(new RegisterUser("x"));
        assertThat(trace).isEmpty();
        bus.dispatch(new DeleteUser("1"));
        assertThat(trace).containsExactly("deletes-only");
    }

    @Test
    void middlewareCanShortCircuit() {
        CommandBus bus = CommandBus.builder()
                .middleware((request, next) -> "from middleware")
                .handle(RegisterUser.class, command -> {
                    throw new AssertionError("handler must not run");
                })
                .build();

        assertThat(bus.dispatch(new RegisterUser("x"))).isEqualTo("from middleware");
    }

    @Nested
    class Logging {

        @Test
        void putsIdsIntoTheMdcWhileHandlingAndRestoresThemAfter() {
            List<Map<String, String>> seen = new ArrayList<>();
            CommandBus bus = CommandBus.builder().middleware(new LoggingMiddleware())
                    .handle(RegisterUser.class, command -> {
                        seen.add(MDC.getCopyOfContextMap());
                        return "ok";
                    })
                    .build();
            MDC.put(LoggingMiddleware.CORRELATION_ID, "outer");
            try {
                Metadata metadata = Metadata.builder().messageId(id(1)).correlationId(id(2)).causationId(id(3))
                        .occurredAt(NOW).build();

                bus.dispatch(new RegisterUser("x"), metadata);

                assertThat(seen.get(0)).containsEntry("correlationId", id(2).toString())
                        .containsEntry("causationId", id(3).toString())
                        .containsEntry("messageId", id(1).toString());
                assertThat(MDC.get(LoggingMiddleware.CORRELATION_ID)).isEqualTo("outer");
                assertThat(MDC.get(LoggingMiddleware.MESSAGE_ID)).isNull();
            } finally {
                MDC.clear();
            }
        }

        @Test
        void restoresTheMdcWhenTheHandlerFails() {
            CommandBus bus = CommandBus.builder().middleware(new LoggingMiddleware())
                    .handle(RegisterUser.class, command -> {
                        throw new IllegalStateException("boom");
                    })
                    .build();

            assertThatThrownBy(() -> bus.dispatch(new RegisterUser("x"))).hasMessage("boom");
            assertThat(MDC.get(LoggingMiddleware.CORRELATION_ID)).isNull();
        }
    }

    @Nested
    class Validation {

        @Test
        void rejectsInvalidRequestsListingEveryViolationBeforeTheHandlerRuns() {
            AtomicInteger handled = new AtomicInteger();
            RequestValidator validator = request -> request instanceof RegisterUser r && !r.email().contains("@")
                    ? List.of("email must contain @", "email must not be " + r.email())
                    : List.of();
            CommandBus bus = CommandBus.builder().middleware(new ValidationMiddleware(validator))
                    .handle(RegisterUser.class, command -> "ok" + handled.incrementAndGet())
                    .build();

            assertThatThrownBy(() -> bus.dispatch(new RegisterUser("nope")))
                    .isInstanceOf(RequestValidationException.class)
                    .hasMessage("RegisterUser is invalid: email must contain @; email must not be nope."
                            + " Fix these and send it again.")
                    .extracting(e -> ((RequestValidationException) e).violations())
                    .isEqualTo(List.of("email must contain @", "email must not be nope"));
            assertThat(handled).hasValue(0);
            assertThat(bus.dispatch(new RegisterUser("a@b"))).isEqualTo("ok1");
        }
    }

    @Nested
    class Transactions {

        private final List<String> log = new ArrayList<>();
        private final TransactionBoundary boundary = new LoggingBoundary(log);

        @Test
        void wrapsCommandsInATransactionThatCommitsOnSuccessAndRollsBackOnFailure() {
            CommandBus bus = CommandBus.builder().middleware(new TransactionMiddleware(boundary))
                    .handle(RegisterUser.class, command -> {
                        log.add("handler");
                        return "ok";
                    })
                    .handleVoid(DeleteUser.class, command -> {
                        throw new IllegalStateException("no");
                    })
                    .build();

            bus.dispatch(new RegisterUser("x"));
            assertThatThrownBy(() -> bus.dispatch(new DeleteUser("1"))).hasMessage("no");

            assertThat(log).containsExactly("begin", "handler", "commit", "begin", "rollback");
        }

        @Test
        void leavesQueriesOutsideTransactions() {
            QueryBus bus = QueryBus.builder().middleware(new TransactionMiddleware(boundary))
                    .handle(UserById.class, query -> "answer")
                    .build();

            bus.dispatch(new UserById("1"));

            assertThat(log).isEmpty();
        }
    }

    /** Logs begin, commit and rollback of the transactions it owns; joins an open one silently. */
    static final class LoggingBoundary implements TransactionBoundary {
        private final List<String> log;
        private int depth;

        LoggingBoundary(List<String> log) {
            this.log = log;
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (depth > 0) {
                return work.get();
            }
            depth++;
            log.add("begin");
            try {
                T result = work.get();
                log.add("commit");
                return result;
            } catch (RuntimeException e) {
                log.add("rollback");
                throw e;
            } finally {
                depth--;
            }
        }

        @Override
        public boolean isInTransaction() {
            return depth > 0;
        }
    }

    @Nested
    class Retry {

        private final RetryPolicy fast = RetryPolicy.builder().maxAttempts(4)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

        @Test
        void retriesAConflictAndReturnsTheResultOfTheAttemptThatSucceeds() {
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder().middleware(new RetryMiddleware(fast))
                    .handle(RegisterUser.class, command -> {
                        if (attempts.incrementAndGet() < 3) {
                            throw new ConcurrencyConflictException("conflict " + attempts.get());
                        }
                        return "done after " + attempts.get();
                    })
                    .build();

            assertThat(bus.dispatch(new RegisterUser("x"))).isEqualTo("done after 3");
        }

        @Test
        void givesUpAfterMaxAttemptsThrowingTheLastConflictWithTheEarlierOnesSuppressed() {
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder().middleware(new RetryMiddleware(fast))
                    .handle(RegisterUser.class, command -> {
                        throw new ConcurrencyConflictException("conflict " + attempts.incrementAndGet());
                    })
                    .build();

            assertThatThrownBy(() -> bus.dispatch(new RegisterUser("x")))
                    .isInstanceOf(ConcurrencyConflictException.class)
                    .hasMessage("conflict 4")
                    .satisfies(e -> {
                        assertThat(e.getSuppressed()).hasSize(1);
                        assertThat(e.getSuppressed()[0]).hasMessage("conflict 3");
                    });
            assertThat(attempts).hasValue(4);
        }

        @Test
        void neverRetriesInsideATransactionItJoinedSoTheOwnerRetriesTheWholeUnit() {
            // given a consumer-style outer transaction around the dispatch
            List<String> log = new ArrayList<>();
            LoggingBoundary boundary = new LoggingBoundary(log);
            List<String> heard = new ArrayList<>();
            RetryListener listener = new RetryListener() {
                @Override
                public void onGiveUp(Request<?> request, int attempts, Throwable failure) {
                    heard.add("gave up after " + attempts);
                }
            };
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .middleware(new RetryMiddleware(fast, boundary, listener))
                    .middleware(new TransactionMiddleware(boundary))
                    .handle(RegisterUser.class, command -> {
                        throw new ConcurrencyConflictException("conflict " + attempts.incrementAndGet());
                    })
                    .build();

            // when
            assertThatThrownBy(() -> boundary.inTransaction(() -> bus.dispatch(new RegisterUser("x"))))
                    .isInstanceOf(ConcurrencyConflictException.class)
                    .hasMessage("conflict 1");

            // then one attempt ran, in the owner's transaction, which rolled back
            assertThat(attempts).hasValue(1);
            assertThat(log).containsExactly("begin", "rollback");
            assertThat(heard).containsExactly("gave up after 1");
        }

        @Test
        void retriesInAFreshTransactionEachTimeWhenItOwnsThem() {
            List<String> log = new ArrayList<>();
            LoggingBoundary boundary = new LoggingBoundary(log);
            List<String> heard = new ArrayList<>();
            RetryListener listener = new RetryListener() {
                @Override
                public void onRetry(Request<?> request, int attempt, Throwable failure, Duration pause) {
                    heard.add("retry after " + attempt + ": " + failure.getMessage());
                }
            };
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder()
                    .middleware(new RetryMiddleware(fast, boundary, listener))
                    .middleware(new TransactionMiddleware(boundary))
                    .handle(RegisterUser.class, command -> {
                        if (attempts.incrementAndGet() < 2) {
                            throw new ConcurrencyConflictException("conflict " + attempts.get());
                        }
                        return "ok";
                    })
                    .build();

            assertThat(bus.dispatch(new RegisterUser("x"))).isEqualTo("ok");
            assertThat(log).containsExactly("begin", "rollback", "begin", "commit");
            assertThat(heard).containsExactly("retry after 1: conflict 1");
        }

        @Test
        void doesNotRetryOtherFailures() {
            AtomicInteger attempts = new AtomicInteger();
            CommandBus bus = CommandBus.builder().middleware(new RetryMiddleware(fast))
                    .handle(RegisterUser.class, command -> {
                        attempts.incrementAndGet();
                        throw new IllegalArgumentException("bad");
                    })
                    .build();

            assertThatThrownBy(() -> bus.dispatch(new RegisterUser("x"))).hasMessage("bad");
            assertThat(attempts).hasValue(1);
        }

        @Test
        void doesNotApplyToQueries() {
            assertThat(new RetryMiddleware(fast).appliesTo(UserById.class)).isFalse();
            assertThat(new RetryMiddleware(fast).appliesTo(RegisterUser.class)).isTrue();
        }

        @Test
        void stopsRetryingWhenInterruptedAndKeepsTheInterruptFlag() {
            AtomicInteger attempts = new AtomicInteger();
            RetryPolicy slow = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofSeconds(30))
                    .maxBackoff(Duration.ofSeconds(30)).jitter(0).build();
            CommandBus bus = CommandBus.builder().middleware(new RetryMiddleware(slow))
                    .handle(RegisterUser.class, command -> {
                        attempts.incrementAndGet();
                        throw new ConcurrencyConflictException("conflict");
                    })
                    .build();

            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> bus.dispatch(new RegisterUser("x")))
                        .isInstanceOf(ConcurrencyConflictException.class);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
                assertThat(attempts).hasValue(1);
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Nested
    class Timing {

        @Test
        void reportsEachDispatchWithItsOutcome() {
            List<String> records = new ArrayList<>();
            DispatchListener metrics = (type, nanos, failure) -> records.add(type.getSimpleName() + ":"
                    + (failure == null ? "ok" : failure.getMessage()) + ":" + (nanos >= 0));
            CommandBus bus = CommandBus.builder().middleware(new TimingMiddleware(metrics))
                    .handle(RegisterUser.class, command -> "ok")
                    .handleVoid(DeleteUser.class, command -> {
                        throw new IllegalStateException("failed");
                    })
                    .build();

            bus.dispatch(new RegisterUser("x"));
            assertThatThrownBy(() -> bus.dispatch(new DeleteUser("1"))).hasMessage("failed");

            assertThat(records).containsExactly("RegisterUser:ok:true", "DeleteUser:failed:true");
        }
    }

    @Nested
    class Authorization {

        @Test
        void refusesRequestsTheAuthorizerDeniesNamingThePrincipal() {
            Authorizer adminsOnly = (request, metadata) -> metadata.principal().filter("admin"::equals).isPresent();
            CommandBus bus = CommandBus.builder().middleware(new AuthorizationMiddleware(adminsOnly))
                    .handleVoid(DeleteUser.class, command -> { })
                    .build();

            bus.dispatch(new DeleteUser("1"), Metadata.root(id(1), NOW).withPrincipal("admin"));
            assertThatThrownBy(() -> bus.dispatch(new DeleteUser("1"), Metadata.root(id(2), NOW).withPrincipal("eve")))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessage("Principal 'eve' may not send DeleteUser (message id " + id(2) + ").");
            assertThatThrownBy(() -> bus.dispatch(new DeleteUser("1"), Metadata.root(id(3), NOW)))
                    .hasMessage("Principal '(anonymous)' may not send DeleteUser (message id " + id(3) + ").");
        }
    }

    @Test
    void threeMiddlewaresComposeAroundOneHandlerAndSeeTheSameMetadata() {
        List<Metadata> seen = new ArrayList<>();
        Middleware recordMetadata = (request, next) -> {
            seen.add(MessageContext.require());
            return next.invoke(request);
        };
        CommandBus bus = CommandBus.builder()
                .middleware(recordMetadata).middleware(recordMetadata).middleware(recordMetadata)
                .handle(RegisterUser.class, command -> {
                    seen.add(MessageContext.require());
                    return "ok";
                })
                .build();

        bus.dispatch(new RegisterUser("x"));

        assertThat(seen).hasSize(4).containsOnly(seen.get(0));
    }
}
