package dev.cqrskit.sample.common.infrastructure.http;

import dev.cqrskit.core.domain.DomainException;

import java.util.Locale;
import java.util.Map;

/**
 * Maps domain refusals to HTTP: a few known exception types get their own status and code, the rest answer 400
 * with a code derived from the exception's name ({@code WeakPasswordException} becomes {@code weak-password}).
 */
final class Problems {

    private static final Map<String, Integer> STATUS = Map.of("EmailAlreadyRegisteredException", 409);

    private Problems() {
    }

    static int statusOf(DomainException refused) {
        return STATUS.getOrDefault(refused.getClass().getSimpleName(), 400);
    }

    static String codeOf(DomainException refused) {
        String name = refused.getClass().getSimpleName().replaceFirst("Exception$", "");
        if (name.equals("Domain")) {
            return "rejected";
        }
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
