package dev.cqrskit.core.domain;

import dev.cqrskit.core.DomainEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateRootTest {

    record Registered(String id) implements DomainEvent {
    }

    record Renamed(String name) implements DomainEvent {
    }

    static final class User extends AggregateRoot<String> {
        private String name;

        private User(String id, long version, String name) {
            super(id, version);
            this.name = name;
        }

        static User register(String id, String name) {
            User user = new User(id, NEW, name);
            user.record(new Registered(id));
            return user;
        }

        static User restore(String id, long version, String name) {
            return new User(id, version, name);
        }

        void rename(String newName) {
            if (newName.equals(name)) {
                return;
            }
            name = newName;
            record(new Renamed(newName));
        }
    }

    @Test
    void aFactoryCreatesANewAggregateThatRecordsWhatHappened() {
        User user = User.register("u1", "Ada");

        assertThat(user.id()).isEqualTo("u1");
        assertThat(user.isNew()).isTrue();
        assertThat(user.version()).isZero();
        assertThat(user.uncommittedEvents()).containsExactly(new Registered("u1"));
    }

    @Test
    void restoringFromStorageRecordsNothing() {
        User user = User.restore("u1", 4, "Ada");

        assertThat(user.version()).isEqualTo(4);
        assertThat(user.isNew()).isFalse();
        assertThat(user.uncommittedEvents()).isEmpty();
    }

    @Test
    void markCommittedClearsEventsAndMovesToTheNewVersion() {
        User user = User.restore("u1", 4, "Ada");
        user.rename("Grace");

        user.markCommitted(5);

        assertThat(user.uncommittedEvents()).isEmpty();
        assertThat(user.version()).isEqualTo(5);
    }

    @Test
    void uncommittedEventsCannotBeChangedFromOutside() {
        User user = User.register("u1", "Ada");

        assertThatThrownBy(() -> user.uncommittedEvents().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsMisuseWithClearMessages() {
        assertThatThrownBy(() -> User.restore(null, 1, "x")).hasMessage("id must not be null");
        assertThatThrownBy(() -> User.restore("u1", -1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("version must be >= 0, but was -1");
        User user = User.restore("u1", 4, "Ada");
        assertThatThrownBy(() -> user.markCommitted(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newVersion must be greater than the current version 4, but was 4");
        assertThat(user).hasToString("User[id=u1, version=4]");
    }
}
