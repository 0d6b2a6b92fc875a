package dev.cqrskit.sample.notification.application;

import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.sample.common.domain.UserId;
import dev.cqrskit.sample.user.application.UserById;
import dev.cqrskit.sample.user.application.UserView;
import dev.cqrskit.sample.user.domain.UserEvent.EmailVerified;

import java.util.Objects;

/**
 * Welcomes a user once their email is verified (a second EventBridge target, behind its own inbox). The event
 * carries only the user's id, so the mailer asks the user context for the address through the query bus.
 */
public final class WelcomeMailer {

    /** The subject of the welcome mail; the demo and the tests look for it. */
    public static final String SUBJECT = "Welcome";

    private final QueryBus queries;
    private final Mailbox mailbox;

    /**
     * Creates the mailer.
     *
     * @param queries asks the user context for the address
     * @param mailbox where mail goes
     */
    public WelcomeMailer(QueryBus queries, Mailbox mailbox) {
        this.queries = Objects.requireNonNull(queries, "queries must not be null");
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox must not be null");
    }

    /**
     * Mails the welcome; a user deleted in the meantime gets none.
     *
     * @param event the verification
     */
    public void on(EmailVerified event) {
        queries.dispatch(new UserById(new UserId(event.userId()))).ifPresent((UserView user) ->
                mailbox.send(new Mail(user.email(), SUBJECT, "Welcome, " + user.displayName()
                        + ". Your email address is verified.")));
    }
}
