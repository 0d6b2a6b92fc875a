package dev.cqrskit.core.middleware;

import dev.cqrskit.core.Request;

import java.util.List;

/**
 * Checks a command or query before its handler runs; plug in Jakarta Bean Validation, hand-written rules, or both.
 *
 * <p>Implementations are threadsafe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestValidator {

    /**
     * Lists what is wrong with a request.
     *
     * @param request the request
     * @return one readable sentence per problem ("email must be an email address"); empty if valid, never null
     */
    List<String> violations(Request<?> request);
}
