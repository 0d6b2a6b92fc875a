package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.domain.UserEvent.UserRegistered;

/**
 * When a user registers, request a verification code. Runs as an EventBridge target through the inbox, so the
 * command continues the registration's conversation (same correlation id, caused by the event).
 */
public final class VerificationAutomation {

    private final CommandBus commands;

    /** @param commands where the request goes */
    public VerificationAutomation(CommandBus commands) {
        this.commands = commands;
    }

    /**
     * Reacts to a registration.
     *
     * @param event the registration
     */
    public void on(UserRegistered event) {
        commands.dispatch(new RequestVerificationCode(new UserId(event.userId()), new Email(event.email())));
    }
}
