package dev.cqrskit.outbox.relay;

import dev.cqrskit.core.publish.SerializedEvent;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes events on to a {@link RelayListener} and logs and ignores whatever it throws. Threadsafe if it is. */
final class GuardedRelayListener implements RelayListener {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final RelayListener delegate;

    GuardedRelayListener(RelayListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "listener must not be null");
    }

    @Override
    public void onClaimed(int rows) {
        guard(() -> delegate.onClaimed(rows));
    }

    @Override
    public void onPublishCall(int events, long nanos, Throwable failure) {
        guard(() -> delegate.onPublishCall(events, nanos, failure));
    }

    @Override
    public void onPublished(int events) {
        guard(() -> delegate.onPublished(events));
    }

    @Override
    public void onFailed(SerializedEvent event, int attempts, String reason) {
        guard(() -> delegate.onFailed(event, attempts, reason));
    }

    @Override
    public void onParked(SerializedEvent event, String reason) {
        guard(() -> delegate.onParked(event, reason));
    }

    @Override
    public void onSystemicFailure(String reason, Duration pause) {
        guard(() -> delegate.onSystemicFailure(reason, pause));
    }

    @Override
    public void onReconnect(Throwable cause, Duration pause) {
        guard(() -> delegate.onReconnect(cause, pause));
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (Throwable e) {
            LOG.warn("Relay listener {} threw; ignored: {}", delegate.getClass().getName(), e.toString());
        }
    }
}
