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
     * Returns the mails sent to an address, oldest first.
     *
     * @param to the address
     * @return the mails, possibly none
     */
    public List<Mail> sentTo(String to) {
        return sent.stream().filter(mail -> mail.to().equals(to)).toList();
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
        return poll(() -> latestTo(to).filter(wanted), timeout);
    }

    /**
     * Waits until an address has had more than {@code index} mails, polling every 20 ms, and returns the one at
     * {@code index} (from 0, oldest first): the first mail after the {@code index} it already had. One look at the
     * mailbox answers both whether it arrived and which it is.
     *
     * @param to      the address
     * @param index   how many mails to the address came before the wanted one
     * @param timeout how long to wait
     * @return the mail, or empty after the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<Mail> awaitMail(String to, int index, Duration timeout) throws InterruptedException {
        return poll(() -> {
            List<Mail> mails = sentTo(to);
            return mails.size() > index ? Optional.of(mails.get(index)) : Optional.empty();
        }, timeout);
    }

    private static Optional<Mail> poll(java.util.function.Supplier<Optional<Mail>> look, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<Mail> mail = look.get();
            if (mail.isPresent() || !Instant.now().isBefore(deadline)) {
                return mail;
            }
            Thread.sleep(20);
        }
    }
}
