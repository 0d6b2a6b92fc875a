package dev.cqrskit.eventbridge.emulator;

import com.sun.net.httpserver.Headers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a request carries an AWS Signature Version 4 the way EventBridge's front door does before it reads the
 * body: an {@code Authorization} header with credential scope, signed headers and signature, and an
 * {@code X-Amz-Date}. The signature itself is not verified (the emulator knows no secret keys). Stateless and
 * threadsafe.
 */
final class Signatures {

    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request");
    private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=[a-z0-9\\-;]+");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=[0-9a-f]{64}");

    private Signatures() {
    }

    /** An error answer: HTTP status, AWS error type and message. */
    record Rejection(int status, String type, String message) {
    }

    static Optional<Rejection> check(Headers headers, String region) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return Optional.of(new Rejection(403, "MissingAuthenticationToken", "Missing Authentication Token"));
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return Optional.of(new Rejection(403, "IncompleteSignature", "Authorization header must use the"
                    + " AWS4-HMAC-SHA256 algorithm (Signature Version 4). Authorization=" + authorization));
        }
        StringBuilder missing = new StringBuilder();
        Matcher credential = CREDENTIAL.matcher(authorization);
        if (!credential.find()) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (!SIGNED_HEADERS.matcher(authorization).find()) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (!SIGNATURE.matcher(authorization).find()) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (headers.getFirst("X-Amz-Date") == null && headers.getFirst("Date") == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            return Optional.of(new Rejection(403, "IncompleteSignature", missing + "Authorization=" + authorization));
        }
        if (!"events".equals(credential.group(4))) {
            return Optional.of(new Rejection(403, "InvalidSignatureException",
                    "Credential should be scoped to correct service: 'events'."));
        }
        if (!region.equals(credential.group(3))) {
            return Optional.of(new Rejection(403, "InvalidSignatureException", "Credential should be scoped to a valid"
                    + " region, not '" + credential.group(3) + "'. The emulator's region is '" + region + "'."));
        }
        return Optional.empty();
    }
}
