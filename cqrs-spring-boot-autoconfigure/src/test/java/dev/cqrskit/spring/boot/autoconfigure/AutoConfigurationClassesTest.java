package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

class AutoConfigurationClassesTest {

    private static final String IMPORTS =
            "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    @Test
    void everyConfigurationClassLeavesItsBeanMethodsUnproxied() throws Exception {
        List<Class<?>> configurations = new ArrayList<>();
        for (Class<?> autoConfiguration : listed()) {
            configurations.add(autoConfiguration);
            configurations.addAll(List.of(autoConfiguration.getDeclaredClasses()));
        }

        assertThat(configurations).hasSizeGreaterThan(listed().size()).allSatisfy(type -> {
            MergedAnnotation<Configuration> configuration = MergedAnnotations.from(type).get(Configuration.class);
            assertThat(configuration.isPresent()).as("%s is a @Configuration", type.getName()).isTrue();
            assertThat(configuration.getBoolean("proxyBeanMethods"))
                    .as("%s: proxyBeanMethods = false spares a CGLIB subclass at startup", type.getName()).isFalse();
        });
    }

    private static List<Class<?>> listed() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        try (InputStream in = AutoConfigurationClassesTest.class.getResourceAsStream(IMPORTS)) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    types.add(Class.forName(line.trim()));
                }
            }
        }
        return types;
    }
}
