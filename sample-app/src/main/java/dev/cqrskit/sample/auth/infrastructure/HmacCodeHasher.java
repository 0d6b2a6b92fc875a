package dev.cqrskit.sample.auth.infrastructure;

import dev.cqrskit.sample.auth.domain.CodeHasher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 of a code under a server secret, stored as {@code hmac-sha256:<hex>}. Without the secret a leaked
 * table does not give the codes away (a plain SHA-256 of six digits is reversed by trying all million). A hash
 * without the prefix (the old unsalted SHA-256) never matches: such codes are void and a new one is asked for.
 * Threadsafe.
 */
public final class HmacCodeHasher implements CodeHasher {

    static final String PREFIX = "hmac-sha256:";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /**
     * Creates the hasher.
     *
     * @param secret the server secret, at least 32 bytes
     */
    public HmacCodeHasher(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("VERIFICATION_CODE_SECRET must be at least 32 bytes, but has "
                    + secret.length + "; generate one with: openssl rand -base64 32");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    @Override
    public String hash(String code) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean matches(String code, String hash) {
        return MessageDigest.isEqual(hash(code).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }
}
