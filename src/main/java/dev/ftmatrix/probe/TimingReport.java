package dev.ftmatrix.probe;

import java.util.List;

/** What {@code containers/probe/timing.py} prints: the cell's CPUs, thread scaling, benchmarks and memory. */
public record TimingReport(ProbeReport.Cpus cpus, ProbeReport.Threads threads, ProbeReport.Benchmarks benchmarks,
        ProbeReport.Memory memory, List<String> errors) {
    public TimingReport {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
