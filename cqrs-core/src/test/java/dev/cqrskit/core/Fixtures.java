package dev.cqrskit.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Messages and deterministic collaborators shared by the core tests. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private Fixtures() {
    }

    public record RegisterUser(String email) implements Command<String> {
    }

    public record DeleteUser(String id) implements Command<Void> {
    }

    public record UserById(String id) implements Query<String> {
    }

    public record UserRegistered(String email) implements DomainEvent {
    }

    public record WelcomeMailSent(String email) implements DomainEvent {
    }

    public record SendWelcomeMail(String email) implements Command<Void> {
    }

    public static Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** Ids 00000000-0000-0000-0000-000000000001, ...02, ... in order. */
    public static IdGenerator sequentialIds() {
        AtomicLong next = new AtomicLong();
        return () -> new UUID(0, next.incrementAndGet());
    }

    public static UUID id(long n) {
        return new UUID(0, n);
    }

    public static MetadataFactory deterministicMetadata() {
        return new MetadataFactory(fixedClock(), sequentialIds());
    }
}
