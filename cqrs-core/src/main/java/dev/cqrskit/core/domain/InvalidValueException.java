package dev.cqrskit.core.domain;

/**
 * A value object refused a value: {@link Require} throws it, naming the field and the rule.
 *
 * @since 0.1.0
 */
public class InvalidValueException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field  the name of the value that was refused
     * @param reason why, for a human
     */
    public InvalidValueException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    /** @return the name of the value that was refused */
    public String field() {
        return field;
    }
}
