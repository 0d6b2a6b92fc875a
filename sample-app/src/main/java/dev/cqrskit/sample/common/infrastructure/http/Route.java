package dev.cqrskit.sample.common.infrastructure.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One endpoint: an action class bound to a method and path.
 *
 * @param method  the HTTP method
 * @param path    the path, Javalin style ({@code /users/{id}})
 * @param handler the action
 */
public record Route(HandlerType method, String path, Handler handler) {
}
