package dev.cqrskit.sample.app;

import dev.cqrskit.outbox.EventTypes;
import dev.cqrskit.sample.auth.domain.AuthEvent;
import dev.cqrskit.sample.user.domain.UserEvent;

/**
 * The stable names of every event the app publishes: these, not class names, are stored in the outbox and become
 * the EventBridge {@code DetailType}, so classes can be renamed without breaking stored rows or rules.
 */
public final class SampleEvents {

    /** Registration events. */
    public static final String USER_REGISTERED = "user.UserRegistered.v1";
    /** Verified addresses, to welcome. */
    public static final String EMAIL_VERIFIED = "user.EmailVerified.v1";
    /** Verification codes to mail. */
    public static final String VERIFICATION_CODE_REQUESTED = "auth.VerificationCodeRequested.v1";

    private SampleEvents() {
    }

    /** @return the registry */
    public static EventTypes types() {
        return EventTypes.builder()
                .add(UserEvent.UserRegistered.class, USER_REGISTERED)
                .add(UserEvent.EmailVerified.class, EMAIL_VERIFIED)
                .add(UserEvent.PasswordChanged.class, "user.PasswordChanged.v1")
                .add(AuthEvent.VerificationCodeRequested.class, VERIFICATION_CODE_REQUESTED)
                .add(AuthEvent.VerificationAttemptFailed.class, "auth.VerificationAttemptFailed.v1")
                .add(AuthEvent.EmailVerificationSucceeded.class, "auth.EmailVerificationSucceeded.v1")
                .build();
    }
}
