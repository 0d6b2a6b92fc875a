package dev.cqrskit.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cqrskit.test.arch.ArchitectureConventions;
import dev.cqrskit.test.arch.CqrsArchitectureRules;
import org.junit.jupiter.api.Test;

/** The sample app obeys cqrs-test's architecture rules: dogfooding. */
class ArchitectureTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cqrskit.sample");

    private static final ArchitectureConventions CONVENTIONS = ArchitectureConventions.builder()
            .boundedContexts("dev.cqrskit.sample.(*)..")
            .build();

    @Test
    void followsEveryCqrsArchitectureRule() {
        CqrsArchitectureRules.all(CONVENTIONS).check(APP);
    }
}
