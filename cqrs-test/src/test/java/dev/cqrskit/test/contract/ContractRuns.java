package dev.cqrskit.test.contract;

import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs a contract test class on the JUnit engine, so a *CanFailTest can see which of its tests failed. */
final class ContractRuns {

    private ContractRuns() {
    }

    /** Returns the display names of the tests of {@code contract} that failed. */
    static List<String> failedTests(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contract))
                .execute()
                .testEvents()
                .failed()
                .stream()
                .map(Event::getTestDescriptor)
                .map(descriptor -> descriptor.getDisplayName())
                .toList();
    }
}
