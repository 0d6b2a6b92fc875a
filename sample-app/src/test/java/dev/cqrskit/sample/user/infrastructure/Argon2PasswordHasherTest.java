package dev.cqrskit.sample.user.infrastructure;

import dev.cqrskit.sample.user.domain.PasswordHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2PasswordHasherTest {

    @Test
    void hashesWithOwaspParametersInPhcFormat() {
        PasswordHash hash = new Argon2PasswordHasher().hash("correct horse battery");

        assertThat(hash.phc()).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void matchesOnlyTheRightPasswordAndSaltsEveryHash() {
        Argon2PasswordHasher hasher = new Argon2PasswordHasher(64, 1, 1);
        PasswordHash first = hasher.hash("correct horse battery");
        PasswordHash second = hasher.hash("correct horse battery");

        assertThat(first).isNotEqualTo(second);
        assertThat(hasher.matches("correct horse battery", first)).isTrue();
        assertThat(hasher.matches("correct horse batterY", first)).isFalse();
        assertThat(hasher.matches("correct horse battery", new PasswordHash("$bcrypt$whatever"))).isFalse();
    }
}
