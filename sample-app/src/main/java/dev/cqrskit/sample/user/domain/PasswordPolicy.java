package dev.cqrskit.sample.user.domain;

import dev.cqrskit.sample.common.domain.Email;

import java.util.Locale;
import java.util.Set;

/**
 * What makes a password acceptable, after OWASP's guidance: length over composition rules, 12 to 128 characters,
 * not a well-known password, not the email address, not one repeated character.
 */
public final class PasswordPolicy {

    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 12;
    /** The longest password accepted (Argon2 hashes any length, but unbounded input is a denial of service). */
    public static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = Set.of("password1234", "123456789012", "qwertyuiop12",
            "passwordpassword", "iloveyou1234", "letmein12345", "administrator", "correcthorsebatterystaple",
            "1234567890ab", "qwerty123456", "welcome12345", "changeme1234");

    /**
     * Checks a password.
     *
     * @param password the password
     * @param email    its owner's email
     * @throws WeakPasswordException naming the rule it breaks
     */
    public void check(String password, Email email) {
        if (password == null || password.isEmpty()) {
            throw new WeakPasswordException("password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new WeakPasswordException("password must be at least " + MIN_LENGTH + " characters long, but has "
                    + length);
        }
        if (length > MAX_LENGTH) {
            throw new WeakPasswordException("password must be at most " + MAX_LENGTH + " characters long, but has "
                    + length);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            throw new WeakPasswordException("password is one of the most common passwords; choose another");
        }
        if (password.codePoints().distinct().count() == 1) {
            throw new WeakPasswordException("password must not be one character repeated");
        }
        if (lower.contains(email.localPart()) && email.localPart().length() >= 4) {
            throw new WeakPasswordException("password must not contain your email address");
        }
    }
}
