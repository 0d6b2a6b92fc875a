package dev.cqrskit.sample.common.application;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLogTest {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    private final AuditLog audit = new AuditLog();

    @BeforeEach
    void capture() {
        captured.start();
        logger.addAppender(captured);
    }

    @AfterEach
    void release() {
        logger.detachAppender(captured);
    }

    @Test
    void writesOneStructuredLinePerEvent() {
        audit.record("login.failed", "account", "ada@example.com", "client", "127.0.0.1", "reason", null);

        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("event=login.failed account=\"ada@example.com\" client=\"127.0.0.1\" reason=-");
    }

    @Test
    void aHostileValueCannotForgeALineOrAField() {
        audit.record("login.failed", "account", "x\" admin=\"yes\nevent=admin.read\u202E");

        assertThat(captured.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .isEqualTo("event=login.failed account=\"x\\u0022 admin=\\u0022yes\\u000Aevent=admin.read\\u202E\"");
    }

    @Test
    void rejectsFieldsThatAreNotPairs() {
        assertThatThrownBy(() -> audit.record("login.failed", "account"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fields must be name/value pairs, but 1 were given for login.failed");
    }
}
