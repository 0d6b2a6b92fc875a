package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.domain.CodeGenerator;
import dev.cqrskit.sample.auth.domain.VerificationCode;
import dev.cqrskit.sample.auth.domain.VerificationCodes;
import dev.cqrskit.sample.user.application.Credentials;
import dev.cqrskit.sample.user.application.CredentialsByEmail;
import dev.cqrskit.sample.user.application.MarkEmailVerified;

import jakarta.inject.Provider;

import java.time.Clock;
import java.util.Optional;

/** Handles {@link RequestVerificationCode} and {@link VerifyEmail}. */
public final class VerificationHandlers {

    private final VerificationCodes codes;
    private final CodeGenerator generator;
    private final VerificationPolicy policy;
    private final QueryBus queries;
    private final Provider<CommandBus> commands;
    private final Clock clock;

    /**
     * Creates the handlers.
     *
     * @param codes     the codes
     * @param generator makes codes
     * @param policy    expiry and attempts
     * @param queries   looks users up
     * @param commands  marks users verified (in the same transaction); a provider, as this handler is one of the
     *                  bus's own
     * @param clock     the time
     */
    public VerificationHandlers(VerificationCodes codes, CodeGenerator generator, VerificationPolicy policy,
                                QueryBus queries, Provider<CommandBus> commands, Clock clock) {
        this.codes = codes;
        this.generator = generator;
        this.policy = policy;
        this.queries = queries;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * Issues a code, once per user: a redelivered request finds the code already issued and does nothing.
     *
     * @param command the request
     */
    public void request(RequestVerificationCode command) {
        if (codes.find(command.userId()).isPresent()) {
            return;
        }
        codes.save(VerificationCode.issue(command.userId(), command.email(), generator.nextCode(), clock.instant(),
                policy.ttl(), policy.maxAttempts()));
    }

    /**
     * Checks a code; on success marks the user's email verified.
     *
     * @param command the attempt
     * @return success, or a failure naming why
     */
    public Result<Void> verify(VerifyEmail command) {
        Optional<Credentials> user = queries.dispatch(new CredentialsByEmail(command.email()));
        Optional<VerificationCode> code = user.flatMap(found -> codes.find(found.userId()));
        if (code.isEmpty()) {
            return Result.failure(VerificationCode.WRONG_CODE, "The code is wrong.");
        }
        VerificationCode verification = code.get();
        Result<Void> result = verification.verify(command.code(), clock.instant());
        if (!verification.uncommittedEvents().isEmpty()) {
            codes.save(verification);
        }
        if (result.isSuccess()) {
            commands.get().dispatch(new MarkEmailVerified(verification.id()));
        }
        return result;
    }
}
