package dev.cqrskit.core.domain;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequireTest {

    record DisplayName(String value) {
        DisplayName {
            value = Require.notBlank("displayName", value).strip();
            Require.maxLength("displayName", value, 5);
        }
    }

    @Test
    void valueObjectsValidateInTheirConstructor() {
        assertThat(new DisplayName("  Ada ").value()).isEqualTo("Ada");
        assertThatThrownBy(() -> new DisplayName(null))
                .isInstanceOf(InvalidValueException.class).hasMessage("displayName is required")
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("displayName");
        assertThatThrownBy(() -> new DisplayName(" "))
                .hasMessage("displayName must not be blank");
        assertThatThrownBy(() -> new DisplayName("Grace Hopper"))
                .hasMessage("displayName must be at most 5 characters long, but has 12");
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        String emoji = "\uD83D\uDE00\uD83D\uDE00";   // two code points, four chars

        assertThat(Require.maxLength("name", emoji, 2)).isEqualTo(emoji);
        assertThatThrownBy(() -> Require.minLength("name", emoji, 3))
                .hasMessage("name must be at least 3 characters long, but has 2");
    }

    @Test
    void matchesQuotesAShortenedValue() {
        Pattern digits = Pattern.compile("[0-9]+");

        assertThat(Require.matches("code", "123", digits, "digits only")).isEqualTo("123");
        assertThatThrownBy(() -> Require.matches("code", "x".repeat(50), digits, "digits only"))
                .hasMessage("code must be digits only, but was '" + "x".repeat(40) + "...'");
    }

    @Test
    void betweenNamesTheBounds() {
        assertThat(Require.between("size", 5, 1, 100)).isEqualTo(5);
        assertThatThrownBy(() -> Require.between("size", 0, 1, 100))
                .hasMessage("size must be between 1 and 100, but was 0");
    }

    @Test
    void presentReturnsTheValue() {
        assertThat(Require.present("x", 42)).isEqualTo(42);
    }
}
