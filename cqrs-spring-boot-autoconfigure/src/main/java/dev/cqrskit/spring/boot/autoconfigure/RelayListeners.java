package dev.cqrskit.spring.boot.autoconfigure;

import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.relay.RelayListener;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells every listener bean, in order; one that throws is logged and the others still hear. Threadsafe. */
final class RelayListeners implements RelayListener {

    private static final Logger LOG = LoggerFactory.getLogger(RelayListeners.class);

    private final List<RelayListener> listeners;

    RelayListeners(List<RelayListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(java.util.function.Consumer<RelayListener> call) {
        for (RelayListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException failure) {
                LOG.warn("RelayListener {} failed; the relay goes on", listener, failure);
            }
        }
    }

    @Override
    public void onClaimed(int rows) {
        each(l -> l.onClaimed(rows));
    }

    @Override
    public void onPublishCall(int events, long nanos, Throwable failure) {
        each(l -> l.onPublishCall(events, nanos, failure));
    }

    @Override
    public void onPublished(int events) {
        each(l -> l.onPublished(events));
    }

    @Override
    public void onFailed(SerializedEvent event, int attempts, String reason) {
        each(l -> l.onFailed(event, attempts, reason));
    }

    @Override
    public void onParked(SerializedEvent event, String reason) {
        each(l -> l.onParked(event, reason));
    }

    @Override
    public void onSystemicFailure(String reason, Duration pause) {
        each(l -> l.onSystemicFailure(reason, pause));
    }

    @Override
    public void onReconnect(Throwable cause, Duration pause) {
        each(l -> l.onReconnect(cause, pause));
    }
}
