package dev.cqrskit.sample.auth.domain;

/** Makes one-time codes; the infrastructure uses a {@code SecureRandom}. Threadsafe. */
@FunctionalInterface
public interface CodeGenerator {

    /** @return a new six-digit code */
    String nextCode();
}
