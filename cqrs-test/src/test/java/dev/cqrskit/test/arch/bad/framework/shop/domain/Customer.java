package dev.cqrskit.test.arch.bad.framework.shop.domain;

import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Invalid: a logging framework and a DI annotation in the domain. */
public final class Customer {
    private static final Logger LOG = LoggerFactory.getLogger(Customer.class);

    @Inject
    public Customer() {
        LOG.info("created");
    }
}
