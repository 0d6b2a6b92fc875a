package dev.cqrskit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cqrskit.core.DomainEvent;
import dev.cqrskit.outbox.EventSerializer;
import dev.cqrskit.outbox.OutboxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

class Jackson3EventSerializerTest {

    record Address(String street, String city) {
    }

    enum Tier { GOLD, SILVER }

    record Sku(String code) {
    }

    record OrderPlaced(UUID orderId, Instant placedAt, LocalDate deliveryDate, OffsetDateTime promisedAt,
                       Duration holdFor, Address shipTo, List<String> lines, String note, long cents, Tier tier,
                       Map<String, Integer> counts) implements DomainEvent {
    }

    record SkuAdded(Sku sku) implements DomainEvent {
    }

    record Unwritable(Object thing) implements DomainEvent {
    }

    private static final EventSerializer JACKSON_2 = EventSerializer.jackson();

    private static OrderPlaced anOrder() {
        return new OrderPlaced(UUID.fromString("0191f4c2-7d4e-7b3a-9c1d-2f6a8b9e0c11"),
                Instant.parse("2026-12-01T10:15:30.123456789Z"), LocalDate.of(2026, 12, 24),
                OffsetDateTime.of(2026, 12, 2, 9, 0, 0, 0, ZoneOffset.ofHours(2)), Duration.ofMinutes(90),
                new Address("1 Main St", "Springfield"), List.of("kettle", "toaster"), null, 4_999L, Tier.GOLD,
                Map.of("kettle", 1));
    }

    @Test
    void writesTheSameJsonAsTheJackson2Default() {
        String json = Jackson3EventSerializer.withDefaultMapper().serialize(anOrder());

        assertThat(json).isEqualTo(JACKSON_2.serialize(anOrder()))
                .contains("\"placedAt\":\"2026-12-01T10:15:30.123456789Z\"", "\"deliveryDate\":\"2026-12-24\"",
                        "\"note\":null", "\"shipTo\":{\"street\":\"1 Main St\",\"city\":\"Springfield\"}");
    }

    @Test
    void readsWhatTheJackson2DefaultWritesAndTheOtherWayRound() {
        EventSerializer jackson3 = Jackson3EventSerializer.withDefaultMapper();

        for (String json : List.of(JACKSON_2.serialize(anOrder()), jackson3.serialize(anOrder()))) {
            OrderPlaced read = jackson3.deserialize(json, OrderPlaced.class);

            assertThat(read).isEqualTo(JACKSON_2.deserialize(json, OrderPlaced.class));
            // both read an offset date-time adjusted to UTC, the same instant
            assertThat(read).usingRecursiveComparison().ignoringFields("promisedAt").isEqualTo(anOrder());
            assertThat(read.promisedAt()).isEqualTo(OffsetDateTime.parse("2026-12-02T07:00Z"));
        }
    }

    @Test
    void ignoresUnknownPropertiesOnReadingAsTheJackson2DefaultDoes() {
        String json = "{\"sku\":{\"code\":\"K-1\",\"colour\":\"red\"},\"addedBy\":\"someone\"}";

        assertThat(Jackson3EventSerializer.withDefaultMapper().deserialize(json, SkuAdded.class))
                .isEqualTo(JACKSON_2.deserialize(json, SkuAdded.class))
                .isEqualTo(new SkuAdded(new Sku("K-1")));
    }

    @Test
    void saysWhichEventCouldNotBeWrittenAndHowToFixIt() {
        assertThatThrownBy(() -> Jackson3EventSerializer.withDefaultMapper().serialize(new Unwritable(new Object())))
                .isInstanceOf(OutboxException.class)
                .hasMessageStartingWith("Could not serialize " + Unwritable.class.getName() + " to JSON: ")
                .hasMessageEndingWith(". Make it a record of JSON-friendly types, or declare your own"
                        + " EventSerializer bean.");
    }

    @Test
    void saysWhichTypeAndJsonCouldNotBeRead() {
        assertThatThrownBy(() -> Jackson3EventSerializer.withDefaultMapper().deserialize("{\"sku\":", SkuAdded.class))
                .isInstanceOf(OutboxException.class)
                .hasMessageStartingWith("Could not deserialize " + SkuAdded.class.getName() + " from JSON {\"sku\":: ");
    }

    @Test
    void leavesTheMapperItCopiesUnchanged() {
        JsonMapper boot = JsonMapper.builder().build();

        Jackson3EventSerializer.from(boot);

        assertThat(boot.writeValueAsString(Duration.ofMinutes(90))).isEqualTo("\"PT1H30M\"");
    }

    @Nested
    class AutoConfigured {

        private final ApplicationContextRunner context = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        CqrsOutboxAutoConfiguration.class));

        @Test
        void usesJackson3OnBootsJsonMapperWithItsModulesButNotItsPayloadShapingSettings() {
            context.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE",
                            "spring.jackson.default-property-inclusion=non_null")
                    .withBean("skuModule", SimpleModule.class, Jackson3EventSerializerTest::skuAsText)
                    .run(app -> {
                        EventSerializer serializer = app.getBean(EventSerializer.class);

                        assertThat(serializer).isInstanceOf(Jackson3EventSerializer.class);
                        assertThat(serializer.serialize(anOrder())).isEqualTo(JACKSON_2.serialize(anOrder()));
                        assertThat(serializer.serialize(new SkuAdded(new Sku("K-1")))).isEqualTo("{\"sku\":\"K-1\"}");
                        assertThat(app.getBean(JsonMapper.class).writeValueAsString(new Address("1 Main St", null)))
                                .as("Boot's own mapper keeps its settings").isEqualTo("{\"street\":\"1 Main St\"}");
                    });
        }

        @Test
        void usesJackson3WithItsOwnMapperWhenBootHasNone() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(CqrsOutboxAutoConfiguration.class))
                    .run(app -> assertThat(app.getBean(EventSerializer.class))
                            .isInstanceOf(Jackson3EventSerializer.class));
        }

        @Test
        void usesTheJackson2DefaultWhenJackson3IsNotOnTheClasspath() {
            context.withClassLoader(new FilteredClassLoader("tools.jackson."))
                    .run(app -> assertThat(app.getBean(EventSerializer.class))
                            .isExactlyInstanceOf(JACKSON_2.getClass()));
        }

        @Test
        void backsOffForTheApplicationsEventSerializer() {
            context.withUserConfiguration(KeepJackson2.class)
                    .run(app -> assertThat(app).getBean(EventSerializer.class)
                            .isSameAs(app.getBean("eventSerializer"))
                            .isExactlyInstanceOf(JACKSON_2.getClass()));
        }
    }

    /** docs/spring-boot.md: how an application keeps Jackson 2 for its events. */
    @Configuration(proxyBeanMethods = false)
    static class KeepJackson2 {
        // tag::keep-jackson-2[]
        @Bean
        EventSerializer eventSerializer() {
            return EventSerializer.jackson();
        }
        // end::keep-jackson-2[]
    }

    private static SimpleModule skuAsText() {
        return new SimpleModule("sku").addSerializer(Sku.class, new ValueSerializer<>() {
            @Override
            public void serialize(Sku sku, JsonGenerator generator, SerializationContext context) {
                generator.writeString(sku.code());
            }
        });
    }
}
