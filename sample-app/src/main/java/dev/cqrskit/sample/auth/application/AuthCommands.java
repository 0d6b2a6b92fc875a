package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.CommandBus;

/** Registers the auth context's command handlers. */
public final class AuthCommands {

    private AuthCommands() {
    }

    /**
     * Registers the handlers.
     *
     * @param builder      the command bus being built
     * @param verification the verification handlers
     * @param login        the login handler
     * @return the builder
     */
    public static CommandBus.Builder register(CommandBus.Builder builder, VerificationHandlers verification,
                                              LoginHandler login) {
        return builder
                .handleVoid(RequestVerificationCode.class, verification::request)
                .handleVoid(ResendVerificationCode.class, verification::resend)
                .handle(VerifyEmail.class, verification::verify)
                .handle(CreateToken.class, login);
    }
}
