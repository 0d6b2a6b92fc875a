package dev.cqrskit.sample.user.domain;

/** Hashes and checks passwords; the infrastructure implements it with Argon2id. Threadsafe. */
public interface PasswordHasher {

    /**
     * Hashes a password with a fresh salt.
     *
     * @param password the password
     * @return its hash
     */
    PasswordHash hash(String password);

    /**
     * Checks a password against a hash in constant time.
     *
     * @param password the candidate
     * @param hash     the stored hash
     * @return whether they match
     */
    boolean matches(String password, PasswordHash hash);
}
