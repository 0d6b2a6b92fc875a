package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.outbox.schema.CqrsSchema;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.InitializingBean;

/**
 * Installs cqrs-kit's tables when the context starts ({@code cqrs.schema.install=true}), before the relay starts. The
 * one place this module calls the schema installer. Threadsafe; installing twice is harmless.
 *
 * @since 0.1.0
 */
public final class CqrsSchemaInstaller implements InitializingBean {

    private final Jdbi jdbi;

    /**
     * Creates an installer for the database behind a Jdbi.
     *
     * @param jdbi the database, not null
     */
    public CqrsSchemaInstaller(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi must not be null");
    }

    /** Installs or upgrades the schema; fails startup with the installer's message when it cannot. */
    @Override
    public void afterPropertiesSet() {
        CqrsSchema.install(jdbi);
    }
}
