package dev.cqrskit.sample.common.application;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security events as one structured line each on the SLF4J logger {@value #LOGGER}:
 * {@code event=login.failed account="ada@example.com" client="127.0.0.1" reason="wrong-password"}.
 *
 * <p>Callers pass names and values in pairs; values are quoted, and control, format and quote characters in them
 * are escaped so that a hostile value cannot forge a line. Never pass a password, a code or a token. Threadsafe.
 */
public final class AuditLog {

    /** The logger's name: route it to its own appender in production. */
    public static final String LOGGER = "audit";
    private static final int MAX_VALUE = 200;

    private final Logger log;

    /** Creates the log on the {@value #LOGGER} logger. */
    public AuditLog() {
        this.log = LoggerFactory.getLogger(LOGGER);
    }

    /**
     * Writes one event.
     *
     * @param event  what happened, e.g. {@code login.failed}
     * @param fields names and values, alternating; a null value is written as {@code -}
     */
    public void record(String event, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields must be name/value pairs, but " + fields.length
                    + " were given for " + event);
        }
        StringBuilder line = new StringBuilder("event=").append(event);
        for (int i = 0; i < fields.length; i += 2) {
            line.append(' ').append(fields[i]).append('=');
            if (fields[i + 1] == null) {
                line.append('-');
            } else {
                line.append('"').append(escape(String.valueOf(fields[i + 1]))).append('"');
            }
        }
        log.info(line.toString());
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_VALUE).forEach(c -> {
            int type = Character.getType(c);
            if (c == '"' || c == '\\' || Character.isISOControl(c) || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
