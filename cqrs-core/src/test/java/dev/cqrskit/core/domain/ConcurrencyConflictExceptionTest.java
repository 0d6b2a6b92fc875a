package dev.cqrskit.core.domain;

import dev.cqrskit.core.CqrsException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyConflictExceptionTest {

    @Test
    void saysWhichAggregateWhichVersionsAndWhatToDo() {
        ConcurrencyConflictException conflict = ConcurrencyConflictException.of("User", "u1", 3, 4);

        assertThat(conflict).isInstanceOf(CqrsException.class)
                .hasMessage("User u1 was changed concurrently: it was loaded at version 3 but the store holds"
                        + " version 4. Nothing was saved; reload it and retry the command (RetryMiddleware does"
                        + " this).");
        assertThat(ConcurrencyConflictException.of("User", "u1", 3, -1))
                .hasMessageContaining("the store holds a different version");
    }

    @Test
    void exposesWhichAggregateAndWhichVersionsAsStructuredContext() {
        ConcurrencyConflictException conflict = ConcurrencyConflictException.of("User", "u1", 3, 4);

        assertThat(conflict.aggregateType()).contains("User");
        assertThat(conflict.aggregateId()).contains("u1");
        assertThat(conflict.expectedVersion()).hasValue(3);
        assertThat(conflict.actualVersion()).hasValue(4);
        assertThat(ConcurrencyConflictException.of("User", "u1", 3, -1).actualVersion()).isEmpty();
        assertThat(new ConcurrencyConflictException("custom").aggregateType()).isEmpty();
    }

    @Test
    void everyExceptionOfTheDomainIsACqrsException() {
        assertThat(new DomainException("no")).isInstanceOf(CqrsException.class);
        assertThat(new InvalidValueException("email", "bad")).isInstanceOf(CqrsException.class);
    }

    @Test
    void repositoryGetFailsWithTheMissingId() {
        Repository<AggregateRootTest.User, String> empty = new Repository<>() {
            @Override
            public Optional<AggregateRootTest.User> find(String id) {
                return Optional.empty();
            }

            @Override
            public void save(AggregateRootTest.User aggregate) {
            }
        };

        assertThatThrownBy(() -> empty.get("u9"))
                .isInstanceOf(AggregateNotFoundException.class)
                .hasMessage("No aggregate with id u9 exists. Use Repository.find(id) where absence is expected.");
    }
}
