package dev.cqrskit.test.arch.good.shop.application;

public final class CancelOrderHandler extends AuditedHandler<CancelOrder, Void> {
    @Override
    protected Void audited(CancelOrder command) {
        return null;
    }
}
