package dev.cqrskit.sample.notification.application;

import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationCodeRequested;

/** Mails verification codes when the auth context asks for them (an EventBridge target, behind the inbox). */
public final class VerificationMailer {

    private final Mailbox mailbox;

    /** @param mailbox where mail goes */
    public VerificationMailer(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /**
     * Mails the code.
     *
     * @param event the request
     */
    public void on(VerificationCodeRequested event) {
        mailbox.send(new Mail(event.email(), "Your verification code",
                "Your code is " + event.code() + ". It works until " + event.expiresAt() + "."));
    }
}
