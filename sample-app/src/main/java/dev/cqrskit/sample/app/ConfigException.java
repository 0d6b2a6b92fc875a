package dev.cqrskit.sample.app;

/** The configuration is wrong; the message names the variable, the bad value and what is expected. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public ConfigException(String message) {
        super(message);
    }
}
