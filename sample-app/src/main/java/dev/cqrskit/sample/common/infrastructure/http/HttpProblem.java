package dev.cqrskit.sample.common.infrastructure.http;

/**
 * A client error to answer with a JSON body: {@code {"error": code, "message": message, "field": field}}.
 */
public final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;

    /**
     * Creates the problem.
     *
     * @param status  the HTTP status
     * @param code    a stable machine-readable code
     * @param message a human message
     * @param field   the request field at fault, or {@code null}
     */
    public HttpProblem(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /**
     * A 400 about one field.
     *
     * @param field   the field
     * @param message what is wrong
     * @return the problem
     */
    public static HttpProblem badField(String field, String message) {
        return new HttpProblem(400, "invalid-value", message, field);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the code */
    public String code() {
        return code;
    }

    /** @return the field at fault, or {@code null} */
    public String field() {
        return field;
    }
}
