package dev.cqrskit.sample.common.infrastructure.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a request's path and query before any route sees them, so that odd escapes answer 400 instead of
 * surprising a decoder further in: every {@code %} is followed by two hex digits (no {@code %u2215}), the escapes
 * decode to UTF-8, and the decoded text has no control characters; the path also has no escaped {@code /} or
 * {@code \} and no {@code .} or {@code ..} segment.
 */
final class RequestTargets {

    private RequestTargets() {
    }

    static void check(String rawPath, String rawQuery) {
        String path = decode(rawPath, "path");
        if (rawPath.matches("(?i).*%(2f|5c).*")) {
            throw invalid("path", "an escaped '/' or '\\'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid("path", "a '.' or '..' segment");
            }
        }
        if (rawQuery != null) {
            decode(rawQuery.replace('+', ' '), "query");
        }
    }

    private static String decode(String raw, String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw invalid(part, "a '%' not followed by two hex digits");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                throw invalid(part, "a character that must be escaped");
            } else {
                bytes.write(c);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid(part, "escapes that are not UTF-8");
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw invalid(part, "a control or format character");
        }
        return text;
    }

    private static HttpProblem invalid(String part, String what) {
        return new HttpProblem(400, "invalid-" + part, "The request " + part + " has " + what + "; send plain"
                + " UTF-8, percent-encoded as RFC 3986 says.", null);
    }
}
