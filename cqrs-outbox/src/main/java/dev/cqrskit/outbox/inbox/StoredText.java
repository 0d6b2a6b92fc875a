package dev.cqrskit.outbox.inbox;

/** Makes text safe to store in PostgreSQL: no NUL, no lone surrogates, bounded length. */
final class StoredText {

    private StoredText() {
    }

    static String of(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars));
        for (int i = 0; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                out.append('\uFFFD');
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > maxChars) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
