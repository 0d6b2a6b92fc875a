package dev.cqrskit.test.arch.good.shop.application;

import dev.cqrskit.core.Command;
import dev.cqrskit.core.bus.CommandHandler;

/** An abstract base handler: extending it is not calling another handler. */
public abstract class AuditedHandler<C extends Command<R>, R> implements CommandHandler<C, R> {

    @Override
    public final R handle(C command) {
        return audited(command);
    }

    protected abstract R audited(C command);
}
