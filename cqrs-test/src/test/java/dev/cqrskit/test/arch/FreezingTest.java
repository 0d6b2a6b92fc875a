package dev.cqrskit.test.arch;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import dev.cqrskit.test.arch.bad.layering.shop.domain.Order;
import dev.cqrskit.test.arch.bad.layering.shop.infrastructure.OrderTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proves what docs/architecture-rules.md says about freezing: known violations pass, new ones fail. */
class FreezingTest {

    @TempDir
    Path store;

    @AfterEach
    void resetArchUnit() {
        ArchConfiguration.get().reset();
    }

    @Test
    void frozenRulesTolerateKnownViolationsAndFailOnNewOnes() {
        // tag::freeze[]
        ArchConfiguration.get().setProperty("freeze.store.default.path", store.toString());
        ArchConfiguration.get().setProperty("freeze.store.default.allowStoreCreation", "true");
        ArchRule layering = FreezingArchRule.freeze(CqrsArchitectureRules.layering(ArchitectureConventions.defaults()));
        // end::freeze[]

        // The legacy code: one known violation (Order -> OrderTable) is recorded on the first run.
        assertThatCode(() -> layering.check(new ClassFileImporter().importClasses(Order.class, OrderTable.class)))
                .doesNotThrowAnyException();
        // The code grows a new violation (PlaceOrderService -> OrderTable): only that one fails the build.
        assertThatThrownBy(() -> layering.check(new ClassFileImporter()
                .importPackages("dev.cqrskit.test.arch.bad.layering")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PlaceOrderService.<init>")
                .hasMessageNotContaining("Order.table");
    }
}
