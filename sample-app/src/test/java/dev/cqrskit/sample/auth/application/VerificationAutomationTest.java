package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.Metadata;
import dev.cqrskit.core.MetadataFactory;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.UserEvent.UserRegistered;
import dev.cqrskit.test.SequentialIdGenerator;
import dev.cqrskit.test.TestClock;
import dev.cqrskit.test.fixture.AutomationFixture;
import org.junit.jupiter.api.Test;

import java.util.UUID;

class VerificationAutomationTest {

    private static final UUID ADA = UUID.fromString("00000000-0000-7000-8000-000000000001");

    private final AutomationFixture fixture = AutomationFixture
            .builder(new MetadataFactory(TestClock.fixed(), new SequentialIdGenerator()))
            .automation(UserRegistered.class, commands -> new VerificationAutomation(commands)::on)
            .build();

    @Test
    void aRegistrationRequestsAVerificationCodeInTheSameConversation() {
        Metadata registered = Metadata.builder()
                .messageId(UUID.fromString("e0000000-0000-0000-0000-000000000001"))
                .correlationId(UUID.fromString("e0000000-0000-0000-0000-0000000000cc"))
                .occurredAt(TestClock.DEFAULT_START)
                .build();

        fixture.when(new UserRegistered(ADA, "ada@example.com", "Ada", "USER"), registered)
                .thenDispatched(new RequestVerificationCode(new UserId(ADA), new Email("ada@example.com")))
                .thenCommandsContinueTheConversation();
    }
}
