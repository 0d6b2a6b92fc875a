package dev.cqrskit.sample.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what the app started, newest first, logging failures instead of stopping. Threadsafe. */
final class Closer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T register(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
