package dev.cqrskit.test.bank;

/** Identifies a wallet. */
public record WalletId(String value) {
    @Override
    public String toString() {
        return value;
    }
}
