package dev.cqrskit.test.arch.bad.naming.shop.domain;

/** Invalid: an exception not named ...Exception. */
public final class OrderProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrderProblem(String message) {
        super(message);
    }
}
