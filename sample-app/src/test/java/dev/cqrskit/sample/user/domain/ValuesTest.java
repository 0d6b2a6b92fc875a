package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.InvalidValueException;
import dev.cqrskit.sample.common.domain.Email;
import dev.cqrskit.sample.common.domain.UserId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(new Email("  Ada.Lovelace@Example.COM ").value()).isEqualTo("ada.lovelace@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada@", "@example.com", "ada@example", "ada@@example.com",
            "ada@example..com", "ada@example.c"})
    void rejectsMalformedEmails(String email) {
        assertThatThrownBy(() -> new Email(email))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("email must be an email address like ada@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a da@example.com", "ada\u0000@example.com", "ada\u200B@example.com",
            "ad\u200Da@example.com", "ada@exa\u202Emple.com", "ada\u00A0@example.com", "\uFEFFada@example.com",
            "ada@example.com\u00A0"})
    void rejectsInvisibleControlAndWhitespaceCharactersNamingTheRule(String email) {
        int bad = email.strip().codePoints().filter(c -> !Character.isLetterOrDigit(c) && c != '@' && c != '.')
                .map(c -> c == 0xA0 ? ' ' : c).findFirst().orElseThrow();

        assertThatThrownBy(() -> new Email(email))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("email must not contain control, format (invisible) or whitespace characters, but has "
                        + String.format("U+%04X", bad));
    }

    @Test
    void emailsAreNfkcNormalizedSoOneMailboxHasOneSpelling() {
        assertThat(new Email("\uFF21da@\uFF45xample.com").value()).isEqualTo("ada@example.com");
    }

    @Test
    void rejectsOverlongEmails() {
        assertThatThrownBy(() -> new Email("a".repeat(250) + "@example.com"))
                .hasMessage("email must be at most 254 characters long, but has 262");
    }

    @Test
    void displayNamesAllowUnicodeButNoControlCharacters() {
        assertThat(new DisplayName(" Zoë 李 \uD83D\uDE00 ").value()).isEqualTo("Zoë 李 \uD83D\uDE00");
        assertThatThrownBy(() -> new DisplayName("Ada\u0007"))
                .hasMessage("displayName must not contain control, format or unassigned characters");
        assertThatThrownBy(() -> new DisplayName("Ada\u202Eevil"))
                .hasMessage("displayName must not contain control, format or unassigned characters");
        assertThatThrownBy(() -> new DisplayName("x".repeat(81)))
                .hasMessage("displayName must be at most 80 characters long, but has 81");
    }

    @Test
    void userIdsParseUuidsOnly() {
        assertThat(UserId.from("01a200bf-7bec-7938-b06e-b111769e1340").toString())
                .isEqualTo("01a200bf-7bec-7938-b06e-b111769e1340");
        assertThatThrownBy(() -> UserId.from("1 OR 1=1"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("userId must be a UUID like 0190b2a0-0000-7000-8000-000000000000");
    }

    @Test
    void passwordHashesNeverPrintThemselves() {
        assertThat(new PasswordHash("$argon2id$secret")).hasToString("PasswordHash[***]");
    }
}
