package dev.cqrskit.sample.auth.application;

/**
 * Slows down password guessing: too many failures for one account, or from one client, block further tries for a
 * while. Threadsafe.
 */
public interface LoginThrottle {

    /**
     * Says whether a try may go ahead.
     *
     * @param account the email as typed, lower-cased
     * @param client  the client
     * @return whether either is blocked
     */
    boolean isBlocked(String account, String client);

    /**
     * Counts a failure against both.
     *
     * @param account the email as typed, lower-cased
     * @param client  the client
     */
    void failed(String account, String client);

    /**
     * Forgets the account's failures after a success.
     *
     * @param account the email, lower-cased
     */
    void succeeded(String account);
}
