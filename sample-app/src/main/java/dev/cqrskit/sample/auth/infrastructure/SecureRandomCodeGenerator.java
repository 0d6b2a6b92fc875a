package dev.cqrskit.sample.auth.infrastructure;

import dev.cqrskit.sample.auth.domain.CodeGenerator;

import java.security.SecureRandom;

/** Six-digit codes from a {@link SecureRandom}. Threadsafe. */
public final class SecureRandomCodeGenerator implements CodeGenerator {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String nextCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }
}
