package dev.cqrskit.examples.springboot;

import dev.cqrskit.outbox.EventTypes;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application on cqrs-spring-boot-starter. The starter builds the buses from the handler components,
 * the outbox on the application's DataSource and the relay to EventBridge; the application names its event types.
 */
@SpringBootApplication
public class ExampleApplication {

    // tag::event-types[]
    @Bean
    EventTypes eventTypes() {
        return EventTypes.builder().add(BookRegistered.class, "library.BookRegistered.v1").build();
    }
    // end::event-types[]

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
