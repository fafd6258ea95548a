package dev.ftmatrix.results;

/** Seconds spent per phase of a cell; null where the phase did not run. */
public record Durations(Double installS, Double probeS, double totalS) {
}
