package dev.cqrskit.kafka;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cqrskit.outbox.inbox.ConsumerPolicy;
import dev.cqrskit.outbox.inbox.InboxConsumer;
import dev.cqrskit.outbox.inbox.MessageHandler;
import dev.cqrskit.outbox.jdbi.JdbiTransactionBoundary;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;

/**
 * A {@link KafkaInboxConsumer} in its own JVM, for {@link KafkaConsumerKilledWithSigkillIT}: it writes one effects
 * row per event in the inbox's transaction, and lingers 2 ms per event after that transaction commits (work after the
 * commit, as a slow after-commit hook would do), so that a kill lands between a poll's transaction and its offset
 * commit most of the time. Arguments: JDBC URL, user, bootstrap servers, topic, group, instance name.
 */
public final class KafkaConsumerProcess {

    private KafkaConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[0]);
        pool.setUsername(args[1]);
        pool.setMaximumPoolSize(2);
        Jdbi jdbi = Jdbi.create(new HikariDataSource(pool));
        MessageHandler effects = KafkaPipeline.effectsOf(args[5]);
        JdbiTransactionBoundary transactions = new JdbiTransactionBoundary(jdbi);
        InboxConsumer inbox = new InboxConsumer(KafkaPipeline.CONSUMER, transactions, KafkaFixtures.CODEC,
                (message, handle) -> {
                    effects.handle(message, handle);
                    transactions.afterCommit(() -> KafkaFixtures.sleep(Duration.ofMillis(2)));
                }, ConsumerPolicy.defaults());
        // Static membership: the restarted process takes its predecessor's place in the group at once instead of
        // waiting for the killed member's session to expire.
        KafkaInboxConsumer consumer = new KafkaInboxConsumer(KafkaPipeline.consumerConfig(args[2], args[4], args[3])
                .consumerProperty("group.instance.id", "sigkill-consumer")
                .build(), inbox).start();
        // Runs until killed; a bounded lifetime keeps a forgotten child from living forever.
        Thread.sleep(Duration.ofMinutes(3).toMillis());
        consumer.close();
    }
}
