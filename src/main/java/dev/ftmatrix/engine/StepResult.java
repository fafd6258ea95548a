package dev.ftmatrix.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * One command run in a cell's container. {@code exitCode} is null when the step timed out or the daemon never
 * reported one; a null exit code is never a success.
 */
public record StepResult(
        String name,
        Integer exitCode,
        boolean timedOut,
        Duration duration,
        String stdout,
        String stderr,
        long outputBytes) {
    public StepResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean succeeded() {
        return !timedOut && exitCode != null && exitCode == 0;
    }
}
