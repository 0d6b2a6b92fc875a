package dev.cqrskit.sample.auth.application;

import dev.cqrskit.core.bus.CommandBus;
import dev.cqrskit.core.bus.QueryBus;
import dev.cqrskit.core.domain.Result;
import dev.cqrskit.sample.auth.domain.CodeGenerator;
import dev.cqrskit.sample.auth.domain.CodeHasher;
import dev.cqrskit.sample.auth.domain.VerificationCode;
import dev.cqrskit.sample.auth.domain.VerificationCodes;
import dev.cqrskit.sample.user.application.Credentials;
import dev.cqrskit.sample.user.application.CredentialsByEmail;
import dev.cqrskit.sample.user.application.MarkEmailVerified;

import jakarta.inject.Provider;

import java.time.Clock;
import java.util.Optional;

/**
 * Handles {@link RequestVerificationCode}, {@link ResendVerificationCode} and {@link VerifyEmail}.
 *
 * <p>Verification answers one way for every failure (unknown address, wrong, expired or used-up code, a wrong code
 * for a verified address): {@value #FAILED}, so the answer does not tell whether an address is registered.
 */
public final class VerificationHandlers {

    /** The one failure message of {@link VerifyEmail}. */
    public static final String FAILED = "The code is wrong, expired or used up. Ask for a new code at"
            + " POST /auth/verify/resend.";

    private final VerificationCodes codes;
    private final CodeGenerator generator;
    private final CodeHasher hasher;
    private final VerificationPolicy policy;
    private final QueryBus queries;
    private final Provider<CommandBus> commands;
    private final Clock clock;

    /**
     * Creates the handlers.
     *
     * @param codes     the codes
     * @param generator makes codes
     * @param hasher    keeps codes unreadable at rest
     * @param policy    expiry and attempts
     * @param queries   looks users up
     * @param commands  marks users verified (in the same transaction); a provider, as this handler is one of the
     *                  bus's own
     * @param clock     the time
     */
    public VerificationHandlers(VerificationCodes codes, CodeGenerator generator, CodeHasher hasher,
                                VerificationPolicy policy, QueryBus queries, Provider<CommandBus> commands,
                                Clock clock) {
        this.codes = codes;
        this.generator = generator;
        this.hasher = hasher;
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
        codes.save(VerificationCode.issue(command.userId(), command.email(), generator.nextCode(), hasher,
                clock.instant(), policy.ttl(), policy.maxAttempts()));
    }

    /**
     * Issues a fresh code in place of the current one, for a registered address not yet verified; does nothing
     * otherwise.
     *
     * @param command the request
     */
    public void resend(ResendVerificationCode command) {
        Optional<Credentials> user = queries.dispatch(new CredentialsByEmail(command.email()));
        if (user.isEmpty() || user.get().emailVerified()) {
            return;
        }
        Optional<VerificationCode> current = codes.find(user.get().userId());
        if (current.isEmpty()) {
            codes.save(VerificationCode.issue(user.get().userId(), command.email(), generator.nextCode(), hasher,
                    clock.instant(), policy.ttl(), policy.maxAttempts()));
        } else if (current.get().reissue(generator.nextCode(), hasher, clock.instant(), policy.ttl(),
                policy.maxAttempts())) {
            codes.save(current.get());
        }
    }

    /**
     * Checks a code; on success marks the user's email verified.
     *
     * @param command the attempt
     * @return success, or the one failure {@value #FAILED}
     */
    public Result<Void> verify(VerifyEmail command) {
        Optional<Credentials> user = queries.dispatch(new CredentialsByEmail(command.email()));
        Optional<VerificationCode> code = user.flatMap(found -> codes.find(found.userId()));
        if (code.isEmpty()) {
            hasher.hash(command.code());   // about the same work as a real check
            return Result.failure(VerificationCode.WRONG_CODE, FAILED);
        }
        VerificationCode verification = code.get();
        Result<Void> result = verification.verify(command.code(), hasher, clock.instant());
        if (!verification.uncommittedEvents().isEmpty()) {
            codes.save(verification);
        }
        if (!result.isSuccess()) {
            return Result.failure(VerificationCode.WRONG_CODE, FAILED);
        }
        commands.get().dispatch(new MarkEmailVerified(verification.id()));
        return result;
    }
}
