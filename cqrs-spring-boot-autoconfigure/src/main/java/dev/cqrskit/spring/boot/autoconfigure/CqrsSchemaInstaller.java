package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.schema.SchemaInstaller;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.InitializingBean;

/**
 * Installs cqrs-kit's tables when the context starts ({@code cqrs.schema.install=true}), before the relay and the
 * subscriptions start: the outbox's versions ({@code CqrsSchema.installer()}), plus the event store's when
 * cqrs-eventstore is on the classpath ({@code EventStoreSchema.installer()}). The one place this module calls a schema
 * installer. Threadsafe; installing twice is harmless.
 *
 * @since 0.1.0
 */
public final class CqrsSchemaInstaller implements InitializingBean {

    private final Jdbi jdbi;
    private final SchemaInstaller installer;

    /**
     * Creates an installer for the database behind a Jdbi.
     *
     * @param jdbi      the database, not null
     * @param installer the versions to install, not null
     */
    public CqrsSchemaInstaller(Jdbi jdbi, SchemaInstaller installer) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
        this.installer = Objects.requireNonNull(installer, "installer must not be null");
    }

    /** Installs or upgrades the schema; fails startup with the installer's message when it cannot. */
    @Override
    public void afterPropertiesSet() {
        installer.install(jdbi);
    }
}
