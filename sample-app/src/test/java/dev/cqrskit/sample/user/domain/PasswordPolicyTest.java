package dev.cqrskit.sample.user.domain;

import dev.cqrskit.sample.common.domain.Email;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();
    private final Email email = new Email("ada.lovelace@example.com");

    @Test
    void acceptsALongPassphrase() {
        assertThatCode(() -> policy.check("correct horse battery", email)).doesNotThrowAnyException();
    }

    @Test
    void refusesWeakPasswordsSayingWhy() {
        assertThatThrownBy(() -> policy.check("short", email))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessage("password must be at least 12 characters long, but has 5");
        assertThatThrownBy(() -> policy.check("x".repeat(129), email))
                .hasMessage("password must be at most 128 characters long, but has 129");
        assertThatThrownBy(() -> policy.check("Password1234", email))
                .hasMessage("password is one of the most common passwords; choose another");
        assertThatThrownBy(() -> policy.check("aaaaaaaaaaaaaaa", email))
                .hasMessage("password must not be one character repeated");
        assertThatThrownBy(() -> policy.check("my ada.lovelace pass", email))
                .hasMessage("password must not contain your email address");
        assertThatThrownBy(() -> policy.check("", email)).hasMessage("password is required");
    }
}
