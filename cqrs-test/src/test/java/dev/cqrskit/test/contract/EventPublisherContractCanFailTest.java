package dev.cqrskit.test.contract;

import dev.cqrskit.core.publish.EventPublisher;
import dev.cqrskit.core.publish.PublishOutcome;
import dev.cqrskit.core.publish.SerializedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.cqrskit.test.contract.ContractRuns.failedTests;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs the publisher contract against broken publishers: a contract that cannot fail would prove nothing. */
class EventPublisherContractCanFailTest {

    @Test
    void catchesAPublisherThatPublishesPastAFailedEventOfItsKey() {
        assertThat(failedTests(NoHoldBack.class))
                .containsExactly("keepsTheLaterEventsOfAKeyBackAfterOneFailsWhileOtherKeysGoOn()");
    }

    @Test
    void catchesAPublisherThatParksEventsForAFaultOfTheDeployment() {
        assertThat(failedTests(PermanentOnDeploymentFault.class))
                .containsExactly("reportsAFaultOfTheDeploymentWithoutAPermanentFailureAndRecoversWhenItIsFixed()");
    }

    @Test
    void catchesAPublisherThatReordersAKey() {
        assertThat(failedTests(Reverses.class)).contains("deliversTheEventsOfEachKeyInBatchOrder()");
    }

    /** Publishes each event on its own; faults are injected per message id or for every call. */
    abstract static class Broken extends EventPublisherContract {
        final List<UUID> received = new CopyOnWriteArrayList<>();
        final Set<UUID> failing = ConcurrentHashMap.newKeySet();
        volatile boolean deploymentFault;

        @Override
        protected List<UUID> received() {
            return List.copyOf(received);
        }

        @Override
        protected void failRetryably(UUID messageId) {
            failing.add(messageId);
        }

        @Override
        protected void failSystemically(boolean on) {
            deploymentFault = on;
        }

        PublishOutcome one(SerializedEvent event) {
            if (deploymentFault) {
                return PublishOutcome.systemic(event.messageId(), "denied");
            }
            if (failing.remove(event.messageId())) {
                return PublishOutcome.retryable(event.messageId(), "throttled");
            }
            received.add(event.messageId());
            return PublishOutcome.published(event.messageId(), null);
        }
    }

    /** Forgets the hold-back: publishes the later events of a key after one failed. */
    static final class NoHoldBack extends Broken {
        @Override
        protected EventPublisher publisher() {
            return batch -> batch.stream().map(this::one).toList();
        }
    }

    /** Treats a fault of the deployment as a fault of each event. */
    static final class PermanentOnDeploymentFault extends Broken {
        @Override
        protected EventPublisher publisher() {
            return batch -> {
                List<PublishOutcome> outcomes = new ArrayList<>();
                Set<String> failedKeys = new java.util.HashSet<>();
                for (SerializedEvent event : batch) {
                    if (failedKeys.contains(event.key())) {
                        outcomes.add(PublishOutcome.retryable(event.messageId(), "held back"));
                        continue;
                    }
                    PublishOutcome outcome = one(event);
                    if (outcome instanceof PublishOutcome.SystemicFailure) {
                        outcome = PublishOutcome.permanent(event.messageId(), "AccessDenied");
                    }
                    if (!(outcome instanceof PublishOutcome.Published)) {
                        failedKeys.add(event.key());
                    }
                    outcomes.add(outcome);
                }
                return outcomes;
            };
        }
    }

    /** Sends a batch in reverse. */
    static final class Reverses extends Broken {
        @Override
        protected EventPublisher publisher() {
            return batch -> {
                List<SerializedEvent> reversed = new ArrayList<>(batch);
                java.util.Collections.reverse(reversed);
                return reversed.stream().map(this::one).toList();
            };
        }
    }
}
