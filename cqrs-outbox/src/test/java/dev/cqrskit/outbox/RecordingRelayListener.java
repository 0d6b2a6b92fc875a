package dev.cqrskit.outbox;

import dev.cqrskit.core.publish.SerializedEvent;
import dev.cqrskit.outbox.relay.RelayListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A relay listener that remembers what it heard, for assertions; threadsafe. */
final class RecordingRelayListener implements RelayListener {

    final AtomicInteger claimed = new AtomicInteger();
    final AtomicInteger published = new AtomicInteger();
    final AtomicInteger publishCalls = new AtomicInteger();
    final List<Throwable> callFailures = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    final List<String> parked = new CopyOnWriteArrayList<>();
    final List<String> systemic = new CopyOnWriteArrayList<>();
    final List<Throwable> reconnects = new CopyOnWriteArrayList<>();

    @Override
    public void onClaimed(int rows) {
        claimed.addAndGet(rows);
    }

    @Override
    public void onPublishCall(int events, long nanos, Throwable failure) {
        publishCalls.incrementAndGet();
        if (failure != null) {
            callFailures.add(failure);
        }
    }

    @Override
    public void onPublished(int events) {
        published.addAndGet(events);
    }

    @Override
    public void onFailed(SerializedEvent event, int attempts, String reason) {
        failed.add(event.key() + ": " + reason);
    }

    @Override
    public void onParked(SerializedEvent event, String reason) {
        parked.add(event.key() + ": " + reason);
    }

    @Override
    public void onSystemicFailure(String reason, Duration pause) {
        systemic.add(reason);
    }

    @Override
    public void onReconnect(Throwable cause, Duration pause) {
        reconnects.add(cause);
    }
}
