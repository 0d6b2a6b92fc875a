package dev.cqrskit.benchmarks.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Latency samples of a steady-rate run, each kept with when its event committed, so a report can say whether the
 * tail is spread over the run (stalls) or sits in its first seconds (JIT and caches warming up). Threadsafe.
 */
public final class LatencySamples {

    private final List<long[]> samples = new ArrayList<>();
    private long start;

    /**
     * Sets when the measured run started; commit times are reported relative to it.
     *
     * @param startNanos the run's start, from {@link System#nanoTime()}
     */
    public synchronized void startedAt(long startNanos) {
        this.start = startNanos;
    }

    /**
     * Records one event's latency; non-positive latencies (handled before its commit returned) are ignored.
     *
     * @param committedNanos when its commit returned
     * @param latencyNanos   commit to handling
     */
    public synchronized void record(long committedNanos, long latencyNanos) {
        if (latencyNanos > 0) {
            samples.add(new long[] {committedNanos, latencyNanos});
        }
    }

    /** Returns the number of samples. */
    public synchronized int size() {
        return samples.size();
    }

    /**
     * Returns "n=.. p50=.. ms p99=.. ms max=.. ms" over the samples committed from {@code fromSecond} on.
     *
     * @param fromSecond seconds into the run
     * @return the summary
     */
    public synchronized String summary(double fromSecond) {
        long[] sorted = samples.stream().filter(s -> s[0] - start >= fromSecond * 1e9).mapToLong(s -> s[1]).sorted().toArray();
        return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", sorted.length,
                OutboxThroughput.percentile(sorted, 0.50), OutboxThroughput.percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    /**
     * Returns each second's p99 in ms, in order of commit time: where in the run the tail lies.
     *
     * @return e.g. "[3.1, 2.9, 310.4, 2.7]"
     */
    public synchronized String p99BySecond() {
        int seconds = samples.stream().mapToInt(s -> (int) ((s[0] - start) / 1_000_000_000L)).max().orElse(-1) + 1;
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (int second = 0; second < seconds; second++) {
            int at = second;
            long[] sorted = samples.stream().filter(s -> (s[0] - start) / 1_000_000_000L == at).mapToLong(s -> s[1]).sorted()
                    .toArray();
            joined.add(String.format("%.1f", OutboxThroughput.percentile(sorted, 0.99)));
        }
        return joined.toString();
    }

    /**
     * Prints the standard report: all samples on the headline, then per-second p99 and the run without its first
     * two seconds.
     *
     * @param headline what ran, printed before the summary
     */
    public void print(String headline) {
        System.out.printf("%s: %s%n", headline, summary(0));
        System.out.printf("  p99 by second of commit (ms): %s%n", p99BySecond());
        System.out.printf("  without the first 2 s: %s%n", summary(2));
    }
}
