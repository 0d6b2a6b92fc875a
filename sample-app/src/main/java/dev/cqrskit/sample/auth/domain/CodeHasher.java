package dev.cqrskit.sample.auth.domain;

/**
 * Keeps one-time codes unreadable at rest: six digits have only a million values, so a plain hash of one is
 * reversed in a blink; the infrastructure uses an HMAC with a server secret the database never sees. Threadsafe.
 */
public interface CodeHasher {

    /**
     * Hashes a code.
     *
     * @param code the code
     * @return what is stored
     */
    String hash(String code);

    /**
     * Checks a code against a stored hash in constant time.
     *
     * @param code the code typed
     * @param hash the stored hash
     * @return whether they match
     */
    boolean matches(String code, String hash);
}
