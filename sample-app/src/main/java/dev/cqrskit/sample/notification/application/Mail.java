package dev.cqrskit.sample.notification.application;

/**
 * A mail to send.
 *
 * @param to      the recipient
 * @param subject the subject
 * @param body    the text
 */
public record Mail(String to, String subject, String body) {
}
