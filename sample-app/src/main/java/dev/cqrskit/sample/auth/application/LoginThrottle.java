package dev.cqrskit.sample.auth.application;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing: each try is reserved before the password is checked, per account and per client,
 * and too many in a window block further tries for a while. A reservation is atomic, so concurrent guesses cannot
 * all slip under the limit. Threadsafe.
 */
public interface LoginThrottle {

    /**
     * Reserves a try for an account from a client; it counts as a failure until {@link #succeeded} says otherwise.
     *
     * @param account the normalized email (or the email as typed, lower-cased, when it is not an email)
     * @param client  the client
     * @return empty if the try may go ahead, else how long to wait
     */
    Optional<Duration> reserve(String account, String client);

    /**
     * Forgets the account's failures and gives back the client's reservation after a success.
     *
     * @param account the account
     * @param client  the client
     */
    void succeeded(String account, String client);
}
