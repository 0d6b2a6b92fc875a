/**
 * Implementation details of cqrs-outbox: the relay engine (LISTEN/NOTIFY wake-up, polling, worker threads,
 * reconnects, session timeouts, publish deadlines) and text sanitizing. Not API: anything here may change or
 * disappear in any release, and no public signature outside this package mentions it. Use
 * {@code dev.cqrskit.outbox.relay.OutboxRelay} instead.
 */
package dev.cqrskit.outbox.internal;
