/**
 * cqrs-kit core: messages, metadata, buses, middleware, aggregates, deciders, ports and SPIs. Every package is
 * exported except {@code dev.cqrskit.core.internal}, which is not API.
 */
module dev.cqrskit.core {
    requires transitive jakarta.inject;
    requires org.slf4j;

    exports dev.cqrskit.core;
    exports dev.cqrskit.core.bus;
    exports dev.cqrskit.core.domain;
    exports dev.cqrskit.core.middleware;
    exports dev.cqrskit.core.publish;
    exports dev.cqrskit.core.spi;
    exports dev.cqrskit.core.support;
}
