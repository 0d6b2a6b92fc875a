package dev.cqrskit.sample.notification.application;

/** Sends mail; the demo's implementation logs it and keeps it for tests. Threadsafe. */
public interface Mailbox {

    /**
     * Sends a mail.
     *
     * @param mail the mail
     */
    void send(Mail mail);
}
