package dev.ftmatrix.stats;

import java.util.List;
import java.util.Objects;

/**
 * Cells whose pass/fail verdict flips between consecutive runs (Kowalczyk et al., ICSE-SEIP 2020: flip rate as a
 * flakiness score). {@code cellsConsidered}: cells with a trial in at least {@code minRuns} runs; {@code cells}: those
 * of them that flipped at least once, highest flip rate first.
 */
public record Flakiness(int minRuns, long cellsConsidered, List<FlakyCell> cells) {
    public Flakiness {
        cells = List.copyOf(cells);
    }

    /**
     * One cell id across runs. {@code runs}: runs in which it had a trial (its last attempt that was not an
     * infrastructure error); {@code flips}: consecutive runs whose verdicts differ; {@code flipRate}:
     * {@code flips / (runs - 1)}; {@code sequence}: the verdicts oldest first, {@code P} pass, {@code F} fail.
     */
    public record FlakyCell(String cell, String method, String tier, int runs, int passes, int flips, double flipRate,
            String sequence, String lastRun, String lastOutcome) {
        public FlakyCell {
            Objects.requireNonNull(cell, "cell");
        }
    }
}
