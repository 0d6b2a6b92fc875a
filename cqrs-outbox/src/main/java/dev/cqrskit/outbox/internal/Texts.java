package dev.cqrskit.outbox.internal;

/**
 * Makes text storable in a PostgreSQL {@code text} column: PostgreSQL rejects NUL characters and invalid UTF-16
 * (lone surrogates) cannot be encoded, and either would turn the statement storing it into an endless retry.
 */
public final class Texts {

    private static final char REPLACEMENT = '\uFFFD';

    private Texts() {
    }

    /**
     * Replaces NUL and lone surrogates by U+FFFD and cuts the text to at most {@code maxChars} characters, never
     * between the two halves of a surrogate pair.
     *
     * @param text     any text; {@code null} becomes the empty string
     * @param maxChars the longest result
     * @return text PostgreSQL accepts
     */
    public static String storable(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        int length = Math.min(text.length(), maxChars);
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair && i + 1 >= length) {
                break; // the pair does not fit: cut before it
            }
            char replacement = c == '\0' || (Character.isSurrogate(c) && !pair) ? REPLACEMENT : c;
            if (replacement != c && out == null) {
                out = new StringBuilder(length).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement);
                if (pair) {
                    out.append(text.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        if (out != null) {
            return out.toString();
        }
        // No replacement was needed; the loop may have stopped early before a pair that does not fit.
        int end = length;
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }
}
