package dev.cqrskit.sample.notification.infrastructure;

import dev.cqrskit.sample.notification.application.Mail;
import dev.cqrskit.sample.notification.application.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "Sends" mail by logging it (with the correlation id in the MDC) and keeping it, so the demo and the tests can read
 * the verification code. Threadsafe.
 */
public final class LoggingMailbox implements Mailbox {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingMailbox.class);

    private final List<Mail> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(Mail mail) {
        sent.add(mail);
        LOG.info("Mail to {}: {} - {}", mail.to(), mail.subject(), mail.body());
    }

    /** @return every mail sent, oldest first */
    public List<Mail> sent() {
        return List.copyOf(sent);
    }

    /**
     * Returns the newest mail to an address.
     *
     * @param to the address
     * @return the mail, if any
     */
    public Optional<Mail> latestTo(String to) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).to().equals(to)) {
                return Optional.of(sent.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Waits for a mail to an address that passes a test, polling every 20 ms.
     *
     * @param to      the address
     * @param wanted  the test
     * @param timeout how long to wait
     * @return the newest such mail, or empty after the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<Mail> await(String to, java.util.function.Predicate<Mail> wanted, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<Mail> mail = latestTo(to).filter(wanted);
            if (mail.isPresent() || !Instant.now().isBefore(deadline)) {
                return mail;
            }
            Thread.sleep(20);
        }
    }
}
