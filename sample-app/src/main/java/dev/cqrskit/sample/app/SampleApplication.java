package dev.cqrskit.sample.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.eventstore.Subscriptions;
import dev.cqrskit.outbox.relay.OutboxOperations;
import dev.cqrskit.outbox.relay.OutboxRelay;
import dev.cqrskit.sample.common.infrastructure.http.HttpServer;
import dev.cqrskit.sample.notification.infrastructure.LoggingMailbox;
import dev.cqrskit.eventbridge.emulator.EventBridgeEmulator;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/**
 * The running app: database, buses, the broker (EventBridge emulated or real, or Kafka), outbox relay, read model subscriptions and HTTP
 * server, started in that order and closed in reverse.
 */
public final class SampleApplication implements AutoCloseable {

    private final Config config;
    private final Injector injector;
    private final Closer closer;

    private SampleApplication(Config config, Injector injector, Closer closer) {
        this.config = config;
        this.injector = injector;
        this.closer = closer;
    }

    /**
     * Starts everything and serves HTTP.
     *
     * @param config the settings
     * @return the running app
     * @throws ConfigException if a setting is wrong or a part does not start
     */
    public static SampleApplication serve(Config config) {
        SampleApplication app = create(config);
        try {
            if (config.broker() == Config.Broker.KAFKA) {
                app.injector.getInstance(KafkaModule.KafkaConsumers.class).start();
            }
            app.injector.getInstance(OutboxRelay.class).start();
            app.injector.getInstance(SampleModule.InboxRetentions.class).start();
            app.injector.getInstance(Subscriptions.class).start();
            app.injector.getInstance(HttpServer.class);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw configProblemIn(e);
        }
    }

    /**
     * Starts the database and the buses only, for the command line tools.
     *
     * @param config the settings
     * @return the app, without HTTP or relay
     */
    public static SampleApplication tools(Config config) {
        SampleApplication app = create(config);
        try {
            app.injector.getInstance(CommandBus.class);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw configProblemIn(e);
        }
    }

    // Guice wraps what a provider throws; a bad setting or an unreachable database is a ConfigException inside,
    // and deserves its one-line message, not Guice's report with stack traces.
    private static RuntimeException configProblemIn(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException config) {
                return config;
            }
        }
        return failure;
    }

    private static SampleApplication create(Config config) {
        Closer closer = new Closer();
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, new SampleModule(config, closer));
        return new SampleApplication(config, injector, closer);
    }

    /** @return the HTTP port */
    public int port() {
        return injector.getInstance(HttpServer.class).port();
    }

    /** @return the base URL of the HTTP API */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** @return the command bus */
    public CommandBus commands() {
        return injector.getInstance(CommandBus.class);
    }

    /** @return the query bus */
    public QueryBus queries() {
        return injector.getInstance(QueryBus.class);
    }

    /** @return the outbox operations */
    public OutboxOperations outbox() {
        return injector.getInstance(OutboxOperations.class);
    }

    /** @return the read models' subscriptions (the user directory's among them) */
    public Subscriptions subscriptions() {
        return injector.getInstance(Subscriptions.class);
    }

    /** @return the mailbox the notification context "sends" to */
    public LoggingMailbox mailbox() {
        return injector.getInstance(LoggingMailbox.class);
    }

    /** @return the database */
    public Jdbi jdbi() {
        return injector.getInstance(Jdbi.class);
    }

    /** @return the EventBridge emulator, unless real EventBridge or Kafka is configured */
    public Optional<EventBridgeEmulator> emulator() {
        return config.broker() != Config.Broker.EVENTBRIDGE || config.eventBridgeAws() ? Optional.empty()
                : Optional.of(injector.getInstance(EventBridgeEmulator.class));
    }

    /** @return what carries the events, for the banner and the demo */
    String brokerDescription() {
        if (config.broker() == Config.Broker.KAFKA) {
            return injector.getInstance(KafkaModule.KafkaCluster.class).description();
        }
        return emulator().map(emulator -> "local EventBridge emulator at " + emulator.endpoint())
                .orElse("AWS EventBridge in " + config.awsRegion());
    }

    /** @return where the database is, for the banner */
    String databaseDescription() {
        Database database = injector.getInstance(Database.class);
        return database.embeddedPort().map(port -> "embedded PostgreSQL on 127.0.0.1:" + port)
                .orElse(database.jdbcUrl());
    }

    /** @return the settings */
    public Config config() {
        return config;
    }

    @Override
    public void close() {
        closer.close();
    }
}
