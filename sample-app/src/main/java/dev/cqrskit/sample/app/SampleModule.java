package dev.cqrskit.sample.app;

import dev.cqrskit.eventbridge.consumer.EmulatorTarget;
import dev.cqrskit.eventstore.EventStore;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.eventbridge.consumer.EventBridgeConsumer;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.Inbox;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.InboxRetention;
import dev.cqrskit.sample.notification.application.WelcomeMailer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.core.IdGenerator;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.EventBus;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.bus.SubscriberFailurePolicy;
import dev.cqrskit.core.middleware.InMemoryQueryCache;
import dev.cqrskit.core.middleware.LoggingMiddleware;
import dev.cqrskit.core.middleware.QueryCaching;
import dev.cqrskit.core.middleware.RetryMiddleware;
import dev.cqrskit.core.middleware.RetryPolicy;
import dev.cqrskit.core.spi.RetryListener;
import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.kafka.KafkaEventPublisher;
import dev.cqrskit.core.middleware.TransactionMiddleware;
import dev.cqrskit.eventbridge.EventBridgeClientConfig;
import dev.cqrskit.eventbridge.EventBridgeClients;
import dev.cqrskit.eventbridge.EventBridgePublisher;
import dev.cqrskit.eventbridge.EventBridgePublisherConfig;
import dev.cqrskit.eventbridge.EventMapping;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import dev.cqrskit.outbox.EventCodec;
import dev.cqrskit.outbox.Outbox;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.outbox.relay.OutboxRelayConfig;
import dev.cqrskit.sample.auth.application.AuthCommands;
import dev.cqrskit.sample.auth.application.Authenticator;
import dev.cqrskit.sample.auth.application.LoginHandler;
import dev.cqrskit.sample.auth.application.Tokens;
import dev.cqrskit.sample.auth.application.VerificationAutomation;
import dev.cqrskit.sample.auth.application.VerificationHandlers;
import dev.cqrskit.sample.auth.application.VerificationPolicy;
import dev.cqrskit.sample.auth.domain.VerificationCodes;
import dev.cqrskit.sample.auth.infrastructure.InMemoryLoginThrottle;
import dev.cqrskit.sample.auth.infrastructure.JdbiVerificationCodes;
import dev.cqrskit.sample.auth.infrastructure.HmacCodeHasher;
import dev.cqrskit.sample.auth.infrastructure.JwtTokens;
import dev.cqrskit.sample.auth.infrastructure.SecureRandomCodeGenerator;
import dev.cqrskit.sample.auth.infrastructure.http.ChangePasswordAction;
import dev.cqrskit.sample.auth.infrastructure.http.CreateTokenAction;
import dev.cqrskit.sample.auth.infrastructure.http.ResendVerificationCodeAction;
import dev.cqrskit.sample.auth.infrastructure.http.TokenAuthentication;
import dev.cqrskit.sample.auth.infrastructure.http.VerifyEmailAction;
import dev.cqrskit.sample.common.application.AuditLog;
import dev.cqrskit.sample.common.infrastructure.SlidingWindowThrottle;
import dev.cqrskit.sample.common.infrastructure.http.HttpServer;
import dev.cqrskit.sample.common.infrastructure.http.Requests;
import dev.cqrskit.sample.notification.application.VerificationMailer;
import dev.cqrskit.sample.notification.infrastructure.LoggingMailbox;
import dev.cqrskit.sample.auth.domain.AuthEvent;
import dev.cqrskit.sample.user.application.UserCommands;
import dev.cqrskit.sample.user.application.UserDirectory;
import dev.cqrskit.sample.user.application.UserQueries;
import dev.cqrskit.sample.user.application.UserViews;
import dev.cqrskit.sample.user.domain.PasswordHasher;
import dev.cqrskit.sample.user.domain.UserEvent;
import dev.cqrskit.sample.user.domain.Users;
import dev.cqrskit.sample.user.infrastructure.Argon2PasswordHasher;
import dev.cqrskit.sample.user.infrastructure.EventStoreUserDirectory;
import dev.cqrskit.sample.user.infrastructure.UserDirectoryProjection;
import dev.cqrskit.sample.user.infrastructure.JdbiUserViews;
import dev.cqrskit.sample.user.infrastructure.JdbiUsers;
import dev.cqrskit.sample.user.infrastructure.http.GetMeAction;
import dev.cqrskit.sample.user.infrastructure.http.GetUserAction;
import dev.cqrskit.sample.user.infrastructure.http.ListUsersAction;
import dev.cqrskit.sample.user.infrastructure.http.RegisterUserAction;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import jakarta.inject.Provider;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The composition root, as a Guice module: every object of the app made once, with its collaborators passed to its
 * one constructor. Guice was chosen over avaje-inject because it needs no annotation processor or generated sources
 * and its {@code @Provides} methods read like a hand-written composition root; the app's classes carry no DI
 * annotations at all, so either container (or none) could wire them.
 */
final class SampleModule extends AbstractModule {

    private static final Logger LOG = LoggerFactory.getLogger(SampleModule.class);

    private final Config config;
    private final Closer closer;

    SampleModule(Config config, Closer closer) {
        this.config = config;
        this.closer = closer;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
        bind(Closer.class).toInstance(closer);
        install(new KafkaModule(config, closer));
    }

    // --- foundations -------------------------------------------------------------------------------------------

    @Provides @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Provides @Singleton
    IdGenerator ids(Clock clock) {
        return IdGenerator.timeOrdered(clock);
    }

    @Provides @Singleton
    MetadataFactory metadataFactory(Clock clock, IdGenerator ids) {
        return new MetadataFactory(clock, ids);
    }

    @Provides @Singleton
    ObjectMapper objectMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Provides @Singleton
    Database database() {
        return closer.register(Database.open(config));
    }

    @Provides @Singleton
    Jdbi jdbi(Database database) {
        return database.jdbi();
    }

    @Provides @Singleton
    JdbiTransactionBoundary transactions(Jdbi jdbi) {
        return new JdbiTransactionBoundary(jdbi);
    }

    @Provides @Singleton
    Outbox outbox(ObjectMapper mapper) {
        return new Outbox(new EventCodec(SampleEvents.types(), EventSerializer.jackson(mapper)));
    }

    @Provides @Singleton
    OutboxOperations outboxOperations(Jdbi jdbi) {
        return new OutboxOperations(jdbi);
    }

    @Provides @Singleton
    EventStore eventStore(JdbiTransactionBoundary transactions, Outbox outbox) {
        return new EventStore(transactions, outbox.codec());
    }

    /** The read models' subscriptions; {@code serve} starts them, the command line tools only operate them. */
    @Provides @Singleton
    Subscriptions subscriptions(Jdbi jdbi, Outbox outbox) {
        return closer.register(Subscriptions.builder(jdbi, outbox.codec())
                .add(UserDirectoryProjection.subscription())
                .build());
    }

    // --- buses --------------------------------------------------------------------------------------------------

    @Provides @Singleton
    QueryCaching queryCaching() {
        return UserQueries.caching(new InMemoryQueryCache());
    }

    /** In-process delivery of committed events: keeps the query cache fresh. */
    @Provides @Singleton
    EventBus localEvents(MetadataFactory metadata, QueryCaching caching) {
        return EventBus.builder().metadataFactory(metadata)
                .failurePolicy(SubscriberFailurePolicy.LOG_AND_CONTINUE)
                .subscribe(DomainEvent.class, caching.invalidator())
                .build();
    }

    @Provides @Singleton
    QueryBus queryBus(MetadataFactory metadata, QueryCaching caching, UserViews views, Users users) {
        return UserQueries.register(QueryBus.builder().metadataFactory(metadata)
                .middleware(new LoggingMiddleware())
                .middleware(caching.middleware()), views, users)
                .build();
    }

    @Provides @Singleton
    CommandBus commandBus(MetadataFactory metadata, JdbiTransactionBoundary transactions,
                          Users users, PasswordHasher hasher, IdGenerator ids, Clock clock,
                          VerificationHandlers verification, LoginHandler login, AuditLog audit) {
        CommandBus.Builder builder = CommandBus.builder().metadataFactory(metadata)
                .middleware(new LoggingMiddleware())
                .middleware(new RetryMiddleware(RetryPolicy.defaults(), transactions, RetryListener.NONE))
                .middleware(new TransactionMiddleware(transactions));
        UserCommands.register(builder, users, hasher, ids, clock,
                new SlidingWindowThrottle(5, Duration.ofMinutes(15), clock), audit);
        AuthCommands.register(builder, verification, login);
        return builder.build();
    }

    // --- user ---------------------------------------------------------------------------------------------------

    @Provides @Singleton
    Users users(JdbiTransactionBoundary transactions, EventStore eventStore, Outbox outbox, MetadataFactory metadata,
                EventBus localEvents) {
        // The user's events go to its stream (for the read models) and the outbox (for EventBridge) with the row;
        // they reach the in-process bus (which evicts the query cache) once their transaction commits.
        return new JdbiUsers(transactions, eventStore.recorder(outbox), metadata, localEvents::publishAll);
    }

    /** How long a registration waits for the admin user list before it answers 201 with the lag header. */
    private static final Duration DIRECTORY_WAIT = Duration.ofSeconds(3);

    @Provides @Singleton
    UserDirectory userDirectory(EventStore eventStore, Subscriptions subscriptions) {
        return new EventStoreUserDirectory(eventStore, subscriptions, DIRECTORY_WAIT);
    }

    @Provides @Singleton
    UserViews userViews(Jdbi jdbi) {
        return new JdbiUserViews(jdbi);
    }

    @Provides @Singleton
    PasswordHasher passwordHasher() {
        return new Argon2PasswordHasher();
    }

    // --- auth ---------------------------------------------------------------------------------------------------

    @Provides @Singleton
    VerificationCodes verificationCodes(JdbiTransactionBoundary transactions, Outbox outbox, MetadataFactory metadata) {
        return new JdbiVerificationCodes(transactions, outbox, metadata);
    }

    @Provides @Singleton
    VerificationHandlers verificationHandlers(VerificationCodes codes, QueryBus queries, Provider<CommandBus> commands,
                                              Clock clock) {
        byte[] secret = config.codeSecret().orElseGet(() -> {
            LOG.warn("VERIFICATION_CODE_SECRET is not set: using a random key for this run; codes mailed before a"
                    + " restart (or by another node) stop working, ask for a new one.");
            return randomKey();
        });
        return new VerificationHandlers(codes, new SecureRandomCodeGenerator(), new HmacCodeHasher(secret),
                VerificationPolicy.defaults(), queries, commands, clock);
    }

    @Provides @Singleton
    Tokens tokens(Clock clock) {
        byte[] secret = config.jwtSecret().orElseGet(() -> {
            LOG.warn("JWT_SECRET is not set: using a random key for this run; tokens die when the app restarts.");
            return randomKey();
        });
        return new JwtTokens(secret, config.tokenTtl(), clock);
    }

    private static byte[] randomKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    @Provides @Singleton
    LoginHandler loginHandler(QueryBus queries, PasswordHasher hasher, Tokens tokens, Clock clock, AuditLog audit) {
        return new LoginHandler(queries, hasher, tokens, InMemoryLoginThrottle.defaults(clock), audit);
    }

    @Provides @Singleton
    AuditLog auditLog() {
        return new AuditLog();
    }

    // --- notification -------------------------------------------------------------------------------------------

    @Provides @Singleton
    LoggingMailbox mailbox() {
        return new LoggingMailbox();
    }

    // --- EventBridge and the relay ------------------------------------------------------------------------------

    /** The app's consumers, whichever broker feeds them. */
    @Provides @Singleton
    InboxConsumers inboxConsumers(JdbiTransactionBoundary transactions, Outbox outbox, CommandBus commands,
                                  QueryBus queries, LoggingMailbox mailbox) {
        VerificationAutomation automation = new VerificationAutomation(commands);
        VerificationMailer mailer = new VerificationMailer(mailbox);
        WelcomeMailer welcome = new WelcomeMailer(queries, mailbox);
        // The library's consumer side: envelope -> inbox -> MessageContext -> handler in one transaction; a handler
        // that keeps failing is parked (cqrs_inbox_parked), never dropped.
        return new InboxConsumers(
                new InboxConsumer(Consumers.AUTOMATION, transactions, outbox.codec(),
                        (message, handle) -> automation.on((UserEvent.UserRegistered) message.event()),
                        ConsumerPolicy.defaults()),
                new InboxConsumer(Consumers.VERIFICATION_MAILER, transactions, outbox.codec(),
                        (message, handle) -> mailer.on((AuthEvent.VerificationCodeRequested) message.event()),
                        ConsumerPolicy.defaults()),
                new InboxConsumer(Consumers.WELCOME_MAILER, transactions, outbox.codec(),
                        (message, handle) -> welcome.on((UserEvent.EmailVerified) message.event()),
                        ConsumerPolicy.defaults()));
    }

    @Provides @Singleton
    Consumers consumers(InboxConsumers consumers) {
        return new Consumers(target(consumers.automation()), target(consumers.mailer()), target(consumers.welcome()));
    }

    private EmulatorTarget target(InboxConsumer consumer) {
        return closer.register(EmulatorTarget.of(new EventBridgeConsumer(consumer)));
    }

    /** Longer than any redelivery: the relay's retries, a parked message left over a long weekend, an outage. */
    private static final Duration INBOX_RETENTION = Duration.ofDays(14);

    /** Deletes inbox entries older than the redelivery window, every hour, for each consumer. */
    @Provides @Singleton
    InboxRetentions inboxRetentions(Jdbi jdbi, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inbox-retention");
            thread.setDaemon(true);
            return thread;
        });
        closer.register(scheduler::shutdownNow);
        List<InboxRetention> retentions = Consumers.NAMES.stream()
                .map(name -> closer.register(new InboxRetention(jdbi, new Inbox(name), INBOX_RETENTION,
                        Duration.ofHours(1), scheduler, clock)))
                .toList();
        return new InboxRetentions(retentions);
    }

    /** The in-process EventBridge, with the app's rules; absent when {@code EVENTBRIDGE=aws} or {@code BROKER=kafka}. */
    @Provides @Singleton
    EventBridgeEmulator emulator(Consumers consumers) {
        if (config.broker() != Config.Broker.EVENTBRIDGE) {
            throw new ConfigException("The EventBridge emulator is not used with BROKER=kafka");
        }
        if (config.eventBridgeAws()) {
            throw new ConfigException("The EventBridge emulator is not used with EVENTBRIDGE=aws");
        }
        return closer.register(EventBridgeEmulator.builder()
                .region(config.awsRegion())
                .rule(config.eventBusName(), "user-registered",
                        "{\"detail-type\": [\"" + SampleEvents.USER_REGISTERED + "\"]}", consumers.automation())
                .rule(config.eventBusName(), "verification-code-requested",
                        "{\"detail-type\": [\"" + SampleEvents.VERIFICATION_CODE_REQUESTED + "\"]}", consumers.mailer())
                .rule(config.eventBusName(), "email-verified",
                        "{\"detail-type\": [\"" + SampleEvents.EMAIL_VERIFIED + "\"]}", consumers.welcome())
                .start());
    }

    @Provides @Singleton
    EventBridgeClient eventBridgeClient(com.google.inject.Injector injector) {
        EventBridgeClientConfig.Builder client = EventBridgeClientConfig.builder().region(config.awsRegion());
        if (config.eventBridgeAws()) {
            config.eventBridgeEndpoint().ifPresent(client::endpointOverride);
        } else {
            EventBridgeEmulator emulator = injector.getInstance(EventBridgeEmulator.class);
            client.endpointOverride(emulator.endpoint())
                    .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return closer.register(EventBridgeClients.create(client.build()));
    }

    @Provides @Singleton
    EventBridgePublisher publisher(EventBridgeClient client) {
        return closer.register(new EventBridgePublisher(client, EventBridgePublisherConfig.builder()
                .defaultMapping(EventMapping.builder().source("dev.cqrskit.sample")
                        .eventBusName(config.eventBusName()).build())
                .build()));
    }

    /** EventBridge, or with {@code BROKER=kafka} the {@link KafkaModule}'s publisher. */
    @Provides @Singleton
    EventPublisher eventPublisher(com.google.inject.Injector injector) {
        return switch (config.broker()) {
            case EVENTBRIDGE -> injector.getInstance(EventBridgePublisher.class);
            case KAFKA -> injector.getInstance(KafkaEventPublisher.class);
        };
    }

    @Provides @Singleton
    OutboxRelay relay(Jdbi jdbi, EventPublisher publisher) {
        return closer.register(new OutboxRelay(jdbi, publisher, OutboxRelayConfig.builder()
                .pollInterval(Duration.ofMillis(500))
                .build()));
    }

    // --- HTTP ---------------------------------------------------------------------------------------------------

    @Provides @Singleton
    Requests requests(QueryBus queries, Tokens tokens, MetadataFactory metadata, AuditLog audit) {
        return new Requests(new TokenAuthentication(new Authenticator(tokens, queries)), metadata, audit);
    }

    /** The routes, each with its own throttles (in memory: per node, see docs/sample-app.md). */
    @Provides @Singleton
    HttpServer httpServer(ObjectMapper mapper, IdGenerator ids, CommandBus commands, QueryBus queries,
                          Requests requests, Clock clock, UserDirectory directory) {
        Duration window = Duration.ofMinutes(15);
        HttpServer server = new HttpServer(mapper, ids, List.of(
                new RegisterUserAction(commands, requests, mapper,
                        new SlidingWindowThrottle(config.registrationsPerHour(), Duration.ofHours(1), clock),
                        directory).route(),
                new GetMeAction(queries, requests).route(),
                new GetUserAction(queries, requests).route(),
                new ListUsersAction(queries, requests).route(),
                new CreateTokenAction(commands, requests, mapper).route(),
                new VerifyEmailAction(commands, requests, mapper, new SlidingWindowThrottle(20, window, clock)).route(),
                new ResendVerificationCodeAction(commands, requests, mapper, new SlidingWindowThrottle(3, window, clock),
                        new SlidingWindowThrottle(10, window, clock)).route(),
                new ChangePasswordAction(commands, requests, mapper).route()));
        return closer.register(server.start(config.host(), config.port()));
    }

    /** The app's consumers: envelope -> inbox -> handler, fed by EventBridge targets or Kafka consumers. */
    record InboxConsumers(InboxConsumer automation, InboxConsumer mailer, InboxConsumer welcome) {
    }

    /** The EventBridge targets of the app. */
    record Consumers(EmulatorTarget automation, EmulatorTarget mailer, EmulatorTarget welcome) {
        static final String AUTOMATION = "auth.verification-automation";
        static final String VERIFICATION_MAILER = "notification.verification-mailer";
        static final String WELCOME_MAILER = "notification.welcome-mailer";
        static final List<String> NAMES = List.of(AUTOMATION, VERIFICATION_MAILER, WELCOME_MAILER);
    }

    /** The scheduled inbox retentions of the consumers. */
    record InboxRetentions(List<InboxRetention> retentions) {
        void start() {
            retentions.forEach(InboxRetention::start);
        }
    }
}
