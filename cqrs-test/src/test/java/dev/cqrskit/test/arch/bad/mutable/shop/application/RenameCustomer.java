package dev.cqrskit.test.arch.bad.mutable.shop.application;

import dev.cqrskit.core.Command;

/** Invalid: a command with a setter. */
public final class RenameCustomer implements Command<Void> {
    private String name;

    public RenameCustomer(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
