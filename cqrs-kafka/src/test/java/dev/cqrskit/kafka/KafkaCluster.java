package dev.cqrskit.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One real in-process Kafka cluster in KRaft mode (Kafka's own {@code KafkaClusterTestKit}): one combined
 * broker-controller node and optionally more brokers, 3 partitions per topic, topic auto-creation off, and the
 * standard authorizer allowing everything no ACL denies (so a test can deny a principal as a deployment fault). A
 * broker can be stopped and started again on the same port. {@link #close()} stops it; {@link KafkaBroker} closes it from a JUnit store, never
 * from a JVM shutdown hook.
 */
final class KafkaCluster implements AutoCloseable {

    static final int PARTITIONS = 3;

    static {
        // The broker shares the test JVM: a fatal fault while it stops must not exit or halt the JVM with a non-zero
        // code, which the build would report as a crashed test fork although every test passed.
        Exit.Procedure log = (status, message) -> LoggerFactory.getLogger(KafkaCluster.class)
                .warn("The in-process Kafka broker asked to exit with status {}: {}", status, message);
        Exit.setExitProcedure(log);
        Exit.setHaltProcedure(log);
    }

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private KafkaCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
    }

    /**
     * Formats and starts a cluster and waits until its brokers are ready.
     *
     * @param brokers how many brokers: the first one is also the controller
     */
    static KafkaCluster start(int brokers) {
        Map<String, String> config = new HashMap<>();
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", String.valueOf(PARTITIONS));
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "3");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("allow.everyone.if.no.acl.found", "true");
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(brokers).setNumControllerNodes(1).build());
        config.forEach(builder::setConfigProp);
        KafkaClusterTestKit started = null;
        try {
            started = builder.build();
            started.format();
            started.startup();
            started.waitForReadyBrokers();
            return new KafkaCluster(started);
        } catch (Exception e) {
            if (started != null) {
                closeQuietly(started);
            }
            throw new IllegalStateException("Could not start an in-process Kafka cluster", e);
        }
    }

    /** @return the broker's {@code bootstrap.servers}; the same after a restart */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** @return the node ids of the brokers, the combined broker-controller first */
    List<Integer> brokerIds() {
        return cluster.brokers().keySet().stream().sorted().toList();
    }

    /** Stops a broker (the controller stays up): clients lose their connections to it and cannot reconnect. */
    void stopBroker(int id) {
        broker(id).shutdown();
    }

    /** Starts a stopped broker again on the same port, with its logs, and waits until it is ready. */
    void startBroker(int id) {
        try {
            broker(id).startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Could not restart the in-process Kafka broker " + id, e);
        }
    }

    private BrokerServer broker(int id) {
        BrokerServer broker = cluster.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + id + "; the brokers are " + brokerIds());
        }
        return broker;
    }

    @Override
    public void close() {
        closeQuietly(cluster);
        LoggerFactory.getLogger(KafkaCluster.class).info("Stopped the in-process Kafka cluster at {}", bootstrapServers);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(KafkaCluster.class).warn("Stopping the in-process Kafka cluster failed", e);
        }
    }
}
