package dev.cqrskit.sample.notification.application;

import dev.cqrskit.sample.auth.domain.AuthEvent.VerificationCodeRequested;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mails verification codes when the auth context asks for them (an EventBridge target, behind the inbox). */
public final class VerificationMailer {

    private static final Pattern CODE = Pattern.compile("Your code is ([0-9]{6})\\.");

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

    /**
     * Reads the code back out of a mail this mailer sent; the demo and the tests use it.
     *
     * @param mail a mail
     * @return the code, if the mail is a verification mail
     */
    public static Optional<String> codeIn(Mail mail) {
        Matcher matcher = CODE.matcher(mail.body());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
