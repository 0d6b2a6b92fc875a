package dev.cqrskit.sample.user.domain;

import dev.cqrskit.core.domain.Require;

/**
 * A password hash in PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}); never the password.
 *
 * @param phc the encoded hash
 */
public record PasswordHash(String phc) {

    /** Validates the encoding's shape. */
    public PasswordHash {
        Require.notBlank("passwordHash", phc);
        if (!phc.startsWith("$")) {
            throw new IllegalArgumentException("passwordHash must be a PHC string starting with '$'");
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[***]";
    }
}
