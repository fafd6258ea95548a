package dev.ftmatrix.engine;

import java.time.Duration;

/**
 * How a cell that met an infrastructure error is run again: up to {@code retries} more attempts, waiting
 * {@code firstBackoff} before the first and twice as long before each next one, never more than
 * {@code maxBackoff}; and at most {@code daemonWait} for the daemon to answer a ping before each.
 */
public record RetryPolicy(int retries, Duration firstBackoff, Duration maxBackoff, Duration daemonWait) {
    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
    }

    /** 2 s, 4 s, 8 s, ... up to 60 s; a restarted daemon is usually back within seconds, a stopped one never. */
    public static RetryPolicy of(int retries) {
        return new RetryPolicy(retries, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(2));
    }

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    public Duration backoffBefore(int attempt) {
        Duration d = firstBackoff;
        for (int i = 2; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
