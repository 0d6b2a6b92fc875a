package dev.cqrskit.sample.app;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A real Kafka broker inside the app ({@code BROKER=kafka} without {@code KAFKA_BOOTSTRAP_SERVERS}): Kafka's own
 * in-process KRaft cluster of one combined broker-controller on a free local port, its logs in a temporary directory
 * that {@link #close()} deletes. The embedded default of the Kafka mode, as the emulator is of the EventBridge mode;
 * nothing survives a restart. Threadsafe.
 */
final class InProcessKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessKafka.class);

    /** Partitions of each topic the app creates. */
    static final int PARTITIONS = 3;

    static {
        // The broker shares the app's JVM: a fault while it stops must not exit or halt the JVM (and with it the
        // app, or a test run), so Kafka's exit and halt only log.
        Exit.Procedure log = (status, message) ->
                LOG.warn("The in-process Kafka broker asked to exit with status {}: {}", status, message);
        Exit.setExitProcedure(log);
        Exit.setHaltProcedure(log);
    }

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
    }

    /**
     * Formats and starts the broker and waits until it is ready.
     *
     * @return the running broker
     * @throws ConfigException if it does not start
     */
    static InProcessKafka start() {
        Map<String, String> settings = Map.of(
                "auto.create.topics.enable", "false",
                "num.partitions", String.valueOf(PARTITIONS),
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "3",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "num.network.threads", "2",
                "num.io.threads", "2");
        KafkaClusterTestKit started = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
            settings.forEach(builder::setConfigProp);
            started = builder.build();
            started.format();
            started.startup();
            started.waitForReadyBrokers();
            InProcessKafka kafka = new InProcessKafka(started);
            LOG.info("Started the in-process Kafka broker at {}", kafka.bootstrapServers);
            return kafka;
        } catch (Exception e) {
            if (started != null) {
                closeQuietly(started);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ConfigException("The in-process Kafka broker did not start (" + e
                    + "); set KAFKA_BOOTSTRAP_SERVERS to use a running Kafka cluster instead");
        }
    }

    /** @return the broker's {@code bootstrap.servers} */
    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        closeQuietly(cluster);
        LOG.info("Stopped the in-process Kafka broker at {}", bootstrapServers);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Stopping the in-process Kafka broker failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "in-process Kafka broker at " + bootstrapServers;
    }
}
